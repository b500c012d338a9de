//! `trappe backup` and `trappe restore`: a consistent online copy, and putting one back.

use anyhow::Result;
use std::path::Path;

pub async fn backup(db: &str, file: &str) -> Result<()> {
    let store = crate::open_store(db).await?;
    store.backup(Path::new(file)).await?;
    println!("backed up {} to {file}", trappe_store::redact(db));
    Ok(())
}

pub async fn restore(db: &str, file: &str, replace: bool) -> Result<()> {
    trappe_store::backup::restore(Path::new(file), db, replace).await?;
    // Opening migrates a backup made by an older Trappe.
    crate::open_store(db).await?;
    println!("restored {file} to {}", trappe_store::redact(db));
    Ok(())
}
