//! Response imports: any bytes must give rows or problems, never a panic or a hang.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use trappe_core::{import::parse_responses_csv, Model};

fn model() -> &'static Model {
    static M: OnceLock<Model> = OnceLock::new();
    M.get_or_init(Model::builtin)
}

fn org(cell: &str) -> Option<i64> {
    match cell {
        "Aarhus Kommune" => Some(1),
        _ => cell.parse().ok(),
    }
}

fuzz_target!(|data: &[u8]| {
    if let Err(problems) = parse_responses_csv(model(), data, org) {
        assert!(!problems.is_empty(), "an error lists at least one problem");
        for p in &problems {
            let _ = p.to_string();
        }
    }
});
