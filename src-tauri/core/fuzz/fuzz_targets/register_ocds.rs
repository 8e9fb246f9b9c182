//! Any bytes at all, offered as an OCDS package (`cmm_register::read_ocds`, the
//! Contracts Finder and Find a Tender JSON), then every row checked. Run: `.ci/fuzz`.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "register_common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    common::check(cmm_register::read_ocds(data));
});
