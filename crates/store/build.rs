//! Rebuilds the store when a migration is added: `sqlx::migrate!` embeds the files it
//! finds, but cargo only notices changes to files it already knows.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
