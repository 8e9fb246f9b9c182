//! Any bytes at all, offered as a submission file: the importer must refuse them with a
//! message (or import them, if they really are a valid submission) and never panic, hang
//! or run out of memory. Run: `.ci/fuzz` (cargo fuzz, for a short time in CI).
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::cell::RefCell;

thread_local! {
    static STORE: RefCell<cmm_core::Store> =
        RefCell::new(cmm_core::Store::open_in_memory().expect("an in-memory database opens"));
}

fuzz_target!(|data: &[u8]| {
    STORE.with(|s| {
        let mut store = s.borrow_mut();
        let checked = store.verify_submission_from(std::io::Cursor::new(data));
        let imported = store.import_submission_from(std::io::Cursor::new(data));
        // What verify accepts, import accepts, and the other way round.
        if checked.is_ok() != (imported.is_ok() || store_already_had(&imported)) {
            panic!("verify said {checked:?} but import said {imported:?}");
        }
    });
});

fn store_already_had(r: &cmm_core::Result<cmm_core::reports::submission::SubmissionSummary>) -> bool {
    matches!(r, Err(e) if e.code() == cmm_core::ErrorCode::SubmissionRejected
        && e.to_string().contains("already here"))
}
