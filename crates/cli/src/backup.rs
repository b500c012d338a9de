//! `trappe backup` and `trappe restore`: a consistent online copy, and putting one back.

use anyhow::{bail, Result};
use std::path::Path;

pub async fn backup(db: &str, file: &str) -> Result<()> {
    let store = crate::open_store(db).await?;
    store.backup(Path::new(file)).await?;
    println!("backed up {db} to {file}");
    Ok(())
}

pub async fn restore(db: &str, file: &str, replace: bool) -> Result<()> {
    if db.contains("://") {
        bail!("restore takes a SQLite file path as --db, not a URL");
    }
    let target = Path::new(db.strip_prefix("sqlite:").unwrap_or(db));
    trappe_store::backup::restore(Path::new(file), target, replace).await?;
    // Opening migrates a backup made by an older Trappe.
    crate::open_store(db).await?;
    println!("restored {file} to {db}");
    Ok(())
}
