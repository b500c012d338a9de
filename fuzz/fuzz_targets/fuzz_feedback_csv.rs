//! Journey feedback imports: any text must give responses or problems, never a panic or
//! a hang, and every accepted response fits the journey's scale.
#![no_main]

use libfuzzer_sys::fuzz_target;
use trappe_core::journey::{parse_feedback_csv, Scale};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let moments: Vec<String> = ["find", "apply", "wait", "decision"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    for scale in [Scale::Bipolar7, Scale::UnipolarBad10] {
        match parse_feedback_csv(text, &moments, scale) {
            Ok(rows) => {
                for r in &rows {
                    assert!(r.check(scale, moments.len()).is_ok(), "accepted {r:?}");
                    let _ = r.peak_end(scale);
                }
                let _ = trappe_core::journey::analyze(&moments, scale, &rows);
            }
            Err(problems) => assert!(!problems.is_empty()),
        }
    }
});
