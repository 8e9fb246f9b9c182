//! Any bytes at all, offered as a CSV contract register (`cmm_register::read_csv`), then
//! every row checked. Run: `.ci/fuzz` (cargo fuzz, for a short time in CI).
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "register_common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    common::check(cmm_register::read_csv(data, &Default::default()));
});
