//! A SAMM release as a ZIP archive (as uploaded in the browser): the YAML files of its
//! `model/` folder, as (path under `model/`, text), the form [`super::samm_model`] takes.
//!
//! The archive comes from outside, so it is read within limits: the number of entries
//! and the total unpacked size are checked in the central directory before anything is
//! unpacked, and each read stops at its declared size. A name that climbs out of the
//! archive (`../x`), is absolute, or uses backslashes refuses the whole archive: nothing
//! is ever written to disk, but such a name is a sign the file is not what it says.

use std::io::{Cursor, Read};

/// How much of an archive is read.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Entries in the archive (files and folders).
    pub entries: usize,
    /// The unpacked size of all entries together, in bytes.
    pub total_bytes: u64,
}

impl Default for Limits {
    /// A SAMM release is about 300 files and under 2 MB unpacked.
    fn default() -> Limits {
        Limits {
            entries: 5_000,
            total_bytes: 32 * 1024 * 1024,
        }
    }
}

/// Why an archive is refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ArchiveError {
    #[error("not a readable ZIP archive: {0}")]
    Unreadable(String),
    #[error("the archive has {entries} entries; at most {limit} are read")]
    TooManyEntries { entries: usize, limit: usize },
    #[error("the archive unpacks to {bytes} bytes; at most {limit} are read")]
    TooLarge { bytes: u64, limit: u64 },
    #[error("the entry '{0}' points outside the archive")]
    UnsafePath(String),
    #[error("the entry '{0}' is encrypted")]
    Encrypted(String),
    #[error("the archive has no .yml file in a model/ folder")]
    NoModelFolder,
    /// An XLSX workbook (also a ZIP archive), uploaded where a model was asked for.
    #[error("the file is a spreadsheet (XLSX), not a model or a SAMM release")]
    Workbook,
    #[error("the archive has two model/ folders: '{0}' and '{1}'")]
    TwoModelFolders(String, String),
    #[error("the entry '{0}' is not UTF-8 text")]
    NotText(String),
}

/// A name that could climb out of where it is unpacked, or mean something else on
/// another system.
fn unsafe_name(name: &str) -> bool {
    name.starts_with('/')
        || name.contains('\\')
        || name.contains('\0')
        || name.split('/').next().is_some_and(|c| c.contains(':'))
        || name.split('/').any(|c| c == "..")
}

/// The YAML files under the archive's `model/` folder (at any depth, e.g.
/// `samm-core-2.2.0/model/`), as (path under `model/`, text), sorted by path.
pub fn yaml_files(bytes: &[u8], limits: &Limits) -> Result<Vec<(String, String)>, ArchiveError> {
    let unreadable = |e: zip::result::ZipError| ArchiveError::Unreadable(e.to_string());
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(unreadable)?;
    if zip.len() > limits.entries {
        return Err(ArchiveError::TooManyEntries {
            entries: zip.len(),
            limit: limits.entries,
        });
    }
    // The central directory only: names and declared sizes, nothing unpacked yet.
    let mut total = 0u64;
    let mut wanted = Vec::new();
    let mut root: Option<String> = None;
    let mut workbook = false;
    for i in 0..zip.len() {
        let entry = zip.by_index_data(i).map_err(unreadable)?;
        let name = entry.name().map_err(unreadable)?.into_owned();
        if unsafe_name(&name) || entry.enclosed_name().is_none() {
            return Err(ArchiveError::UnsafePath(name.chars().take(200).collect()));
        }
        total = total.saturating_add(entry.size());
        if total > limits.total_bytes {
            return Err(ArchiveError::TooLarge {
                bytes: total,
                limit: limits.total_bytes,
            });
        }
        workbook |= name == "xl/workbook.xml";
        let yaml = name.ends_with(".yml") || name.ends_with(".yaml");
        if !yaml || entry.is_dir() || entry.is_symlink() {
            continue;
        }
        let parts: Vec<&str> = name.split('/').collect();
        let Some(at) = parts.iter().position(|p| *p == "model") else {
            continue;
        };
        let prefix = parts[..=at].join("/");
        match &root {
            Some(r) if *r != prefix => {
                return Err(ArchiveError::TwoModelFolders(r.clone(), prefix));
            }
            Some(_) => {}
            None => root = Some(prefix),
        }
        if entry.encrypted() {
            return Err(ArchiveError::Encrypted(name));
        }
        wanted.push((i, parts[at + 1..].join("/"), entry.size()));
    }
    if wanted.is_empty() {
        return Err(if workbook {
            ArchiveError::Workbook
        } else {
            ArchiveError::NoModelFolder
        });
    }
    let mut out = Vec::with_capacity(wanted.len());
    for (i, rel, size) in wanted {
        let entry = zip.by_index(i).map_err(unreadable)?;
        // Never more than declared, whatever the compressed data unpacks to.
        let mut buf = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
        entry
            .take(size)
            .read_to_end(&mut buf)
            .map_err(|e| ArchiveError::Unreadable(e.to_string()))?;
        let text = String::from_utf8(buf).map_err(|_| ArchiveError::NotText(rel.clone()))?;
        out.push((rel, text));
    }
    out.sort();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, data) in files {
            w.start_file(*name, opts).unwrap();
            w.write_all(data).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn only_yaml_under_one_model_folder_is_read_with_paths_below_it() {
        let z = zip_of(&[
            ("samm-2.2.0/README.md", b"# SAMM"),
            ("samm-2.2.0/model/streams/b.yml", b"id: b"),
            ("samm-2.2.0/model/activities/a.yaml", b"id: a"),
            ("samm-2.2.0/model/notes.txt", b"no"),
            ("samm-2.2.0/site/x.yml", b"id: site"),
        ]);
        let files = yaml_files(&z, &Limits::default()).unwrap();
        assert_eq!(
            files,
            vec![
                ("activities/a.yaml".to_string(), "id: a".to_string()),
                ("streams/b.yml".to_string(), "id: b".to_string()),
            ]
        );
        // At the top of the archive too.
        let z = zip_of(&[("model/q.yml", b"id: q")]);
        assert_eq!(yaml_files(&z, &Limits::default()).unwrap().len(), 1);
    }

    #[test]
    fn a_name_that_climbs_out_refuses_the_archive() {
        for bad in [
            "model/../x.yml",
            "../model/x.yml",
            "/model/x.yml",
            "model\\..\\x.yml",
            "C:/model/x.yml",
        ] {
            let z = zip_of(&[("model/ok.yml", b"id: ok"), (bad, b"id: x")]);
            assert_eq!(
                yaml_files(&z, &Limits::default()),
                Err(ArchiveError::UnsafePath(bad.to_string())),
                "{bad}"
            );
        }
    }

    #[test]
    fn too_many_entries_or_too_many_bytes_are_refused_before_unpacking() {
        let z = zip_of(&[("model/a.yml", b"id: a"), ("model/b.yml", b"id: b")]);
        let few = Limits {
            entries: 1,
            total_bytes: 1000,
        };
        assert_eq!(
            yaml_files(&z, &few),
            Err(ArchiveError::TooManyEntries {
                entries: 2,
                limit: 1
            })
        );
        // 1 MB of zeros packs to about a kilobyte, and is refused by its unpacked size.
        let big = vec![b'0'; 1024 * 1024];
        let z = zip_of(&[("model/big.yml", &big)]);
        let small = Limits {
            entries: 10,
            total_bytes: 1024 * 1024 - 1,
        };
        assert!(z.len() < 10_000);
        assert_eq!(
            yaml_files(&z, &small),
            Err(ArchiveError::TooLarge {
                bytes: 1024 * 1024,
                limit: 1024 * 1024 - 1
            })
        );
    }

    #[test]
    fn no_model_folder_two_model_folders_and_not_zip_are_refused() {
        let z = zip_of(&[("samm/x.yml", b"id: x")]);
        assert_eq!(
            yaml_files(&z, &Limits::default()),
            Err(ArchiveError::NoModelFolder)
        );
        let z = zip_of(&[("a/model/x.yml", b"id: x"), ("b/model/y.yml", b"id: y")]);
        assert_eq!(
            yaml_files(&z, &Limits::default()),
            Err(ArchiveError::TwoModelFolders(
                "a/model".into(),
                "b/model".into()
            ))
        );
        assert!(matches!(
            yaml_files(b"id = \"x\"", &Limits::default()),
            Err(ArchiveError::Unreadable(_))
        ));
        let z = zip_of(&[("model/x.yml", b"\xff\xfe")]);
        assert_eq!(
            yaml_files(&z, &Limits::default()),
            Err(ArchiveError::NotText("x.yml".into()))
        );
    }
}
