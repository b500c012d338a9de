//! Model files: any text must give a model or an error, never a panic or a hang.
#![no_main]

use libfuzzer_sys::fuzz_target;
use trappe_core::Model;

fuzz_target!(|data: &[u8]| {
    if let Ok(src) = std::str::from_utf8(data) {
        if let Ok(model) = Model::from_toml(src) {
            // A model that parses must also serve its look-ups.
            let _ = model.key();
            let _ = model.question_count();
        }
    }
});
