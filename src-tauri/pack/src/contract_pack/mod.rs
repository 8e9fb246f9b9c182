//! What a contract's review pack says, page by page: cover, contents, maturity summary,
//! Sections 1 to 12 in the template's order and wording, the descriptors of the chosen
//! levels and the evidence index.

use crate::layout::pdf::Assembled;
use crate::layout::{Flow, Mark, BODY_TOP};
use crate::source::PackSource;
use crate::{Marking, Pack, PackOptions};
use cmm_core::framework::Section;

use crate::parts::*;

mod annexes;
mod front;
mod sections;
pub(crate) mod subgroup;

use annexes::*;
use front::*;
use sections::*;
use subgroup::*;

// ----- the cover -------------------------------------------------------------------------

// ----- contents and agenda ---------------------------------------------------------------

// ----- the body --------------------------------------------------------------------------

/// The body of one contract's pack. `body_start` is the page number its first page will
/// have, for the cross-references inside it.
fn body(src: &PackSource, header: &str, body_start: usize) -> Flow {
    let mut f = Flow::new(header);
    summary(&mut f, src);
    let summary_page = body_start + f.marks[0].page;
    section_1(&mut f, src);
    section_2(&mut f, src, summary_page);
    section_3(&mut f, src);
    schema_section(&mut f, src, Section::of(4));
    section_5(&mut f, src);
    section_6(&mut f, src);
    for n in [7, 8] {
        schema_section(&mut f, src, Section::of(n));
    }
    section_9(&mut f, src);
    for n in [10, 11, 12] {
        schema_section(&mut f, src, Section::of(n));
    }
    descriptors(&mut f, src);
    evidence(&mut f, src);
    subgroup(&mut f, src);
    f.flush();
    f
}

/// One contract's pages: cover, contents, body. `first_page` is the number its cover will
/// have in the finished document.
pub(crate) struct ContractPart {
    pub(crate) pages: Vec<crate::layout::Page>,
    pub(crate) tags: crate::layout::Tags,
    pub(crate) outline: Vec<Mark>,
}

pub(crate) fn contract_part(
    src: &PackSource,
    marking: Marking,
    first_page: usize,
    level: u8,
) -> ContractPart {
    let header = header_names(src);
    let mut cover_flow = Flow::new(&header);
    cover(&mut cover_flow, src, marking);
    // Lay the body out once to learn its marks; the summary's page number in Section 2
    // depends only on where the body starts, which the contents' length decides.
    let probe = body(src, &header, 1);
    let entries = |start: usize| -> Vec<(String, u8, usize)> {
        probe
            .marks
            .iter()
            .map(|m| (m.title.clone(), 0, start + m.page))
            .collect()
    };
    let contents_pages = contents(&header, CONTENTS, &entries(first_page + 99))
        .pages
        .len();
    let body_start = first_page + cover_flow.pages.len() + contents_pages;
    let mut body_flow = body(src, &header, body_start);
    debug_assert_eq!(body_flow.pages.len(), probe.pages.len());
    let contents_flow = contents(&header, CONTENTS, &entries(body_start));
    let mut outline = Vec::new();
    let cover_title = if level == 0 {
        "Cover".to_owned()
    } else {
        header.clone()
    };
    outline.push(Mark {
        title: cover_title,
        level: 0,
        page: first_page - 1,
        top: BODY_TOP + 20.0,
    });
    let child = if level == 0 { 0 } else { 1 };
    outline.push(Mark {
        title: CONTENTS.into(),
        level: child,
        page: first_page - 1 + cover_flow.pages.len(),
        top: BODY_TOP + 20.0,
    });
    for m in body_flow.marks.drain(..) {
        outline.push(Mark {
            level: child,
            page: body_start - 1 + m.page,
            ..m
        });
    }
    let mut tags = cover_flow.tags;
    tags.append(contents_flow.tags, cover_flow.pages.len());
    tags.append(
        body_flow.tags,
        cover_flow.pages.len() + contents_flow.pages.len(),
    );
    let mut pages = cover_flow.pages;
    pages.extend(contents_flow.pages);
    pages.extend(body_flow.pages);
    ContractPart {
        pages,
        tags,
        outline,
    }
}

/// One contract's review pack.
pub fn contract_pack(src: &PackSource, opts: &PackOptions) -> Pack {
    let part = contract_part(src, opts.marking, 1, 0);
    crate::layout::document::finish(
        opts.format,
        Assembled {
            title: format!(
                "Contract management maturity report: {}",
                contract_names(src)
            ),
            header_right: header_right(src.document.meeting_date),
            kind: "Contract management maturity report",
            pages: part.pages,
            tags: part.tags,
            outline: part.outline,
            marking: opts.marking,
            date: src.document.meeting_date,
        },
    )
}
