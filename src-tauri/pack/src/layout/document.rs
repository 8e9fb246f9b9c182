//! Writes an assembled document in the format asked for: the tagged PDF (`pdf`), or the
//! Word document made from the same structure (`word`).

use crate::layout::pdf::{render, Assembled};
use crate::layout::word::render_word;
use crate::{Format, Pack};

/// `a` as a tagged PDF or a Word document.
pub(crate) fn finish(format: Format, a: Assembled) -> Pack {
    match format {
        Format::Pdf => render(a),
        Format::Word => render_word(a),
    }
}
