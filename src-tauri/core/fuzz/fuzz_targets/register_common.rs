//! What every register read must give, whatever the bytes: a sheet whose rows follow the
//! headings in order and have one cell per heading, and a preview of every row, or a
//! refusal in words. Never a panic, a hang or memory out of proportion to the file.

use cmm_register::{preview, ImportOptions, Sheet};

/// libfuzzer-sys aborts on any panic, even one caught inside the code under test; the
/// workbook reader catches the panics of the library it uses, so the usual hook is put
/// back. A panic that escapes still fails the run.
pub fn quiet_caught_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        std::panic::set_hook(Box::new(|info| eprintln!("{info}")));
    });
}

pub fn check(read: Result<Sheet, String>) {
    let Ok(sheet) = read else { return };
    let mut line = sheet.heading_row;
    for r in &sheet.rows {
        assert!(r.line > line, "rows out of order: {} after {line}", r.line);
        line = r.line;
        assert_eq!(r.cells.len(), sheet.headings.len(), "a row as wide as the headings");
    }
    for c in &sheet.not_utf8 {
        assert!(c.line >= sheet.heading_row && (c.column as usize) < sheet.headings.len());
    }
    let o = ImportOptions {
        mapping: sheet.suggested_mapping(),
        default_owner: "Fuzz".into(),
        ..Default::default()
    };
    // Against an empty register: every reference is new.
    if let Ok(p) = preview(&sheet, &o, |_: &str| Ok(None)) {
        assert_eq!(p.rows.len(), sheet.rows.len(), "a check for every row");
        for r in &p.rows {
            if !matches!(r.action, cmm_register::RowAction::NotAContract) {
                assert_eq!(r.values.len(), p.fields.len());
            }
        }
    }
}
