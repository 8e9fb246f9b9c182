//! Any bytes at all, offered as a workbook contract register (XLSX, XLS or ODS, through
//! `cmm_register::read_workbook`), then every row checked. Run: `.ci/fuzz`.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "register_common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    common::quiet_caught_panics();
    common::check(cmm_register::read_workbook(data, &Default::default()));
});
