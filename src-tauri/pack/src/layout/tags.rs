//! The document's logical structure, as it is laid out: which element (heading, paragraph,
//! list, table cell, figure) each piece of marked content on each page belongs to. `render`
//! writes it as the PDF's structure tree (ISO 32000-1 §14.7 and §14.8, PDF/UA-1, ISO
//! 14289-1), so a screen reader gets headings, lists and tables, in the template's order.
//!
//! Content that belongs to no element (running headers and footers, rules, cell shading,
//! a table's header row repeated on a new page) is drawn outside any element and marked as
//! an artifact by the canvas.
//!
//! Each element also keeps what it says as written (a heading's title, a paragraph's
//! text, a cell's text and fill, a table's column widths, a chart's shapes), so the Word
//! document is written from the same structure, in the same order (`word`).

use crate::layout::paint::{Colour, Weight};

/// A standard structure type (ISO 32000-1 §14.8.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Document,
    H1,
    H2,
    H3,
    P,
    /// A list, its items, each item's label (the bullet) and body.
    L,
    LI,
    Lbl,
    LBody,
    /// A table, its rows, header cells and data cells.
    Table,
    TR,
    TH,
    TD,
    /// A chart, with its alternative text.
    Figure,
    /// A contents page and its entries.
    TOC,
    TOCI,
    /// A link to another page: a contents or agenda entry (its content and its annotation).
    Link,
}

impl Role {
    /// The name written as the element's /S.
    pub fn name(self) -> &'static str {
        match self {
            Role::Document => "Document",
            Role::H1 => "H1",
            Role::H2 => "H2",
            Role::H3 => "H3",
            Role::P => "P",
            Role::L => "L",
            Role::LI => "LI",
            Role::Lbl => "Lbl",
            Role::LBody => "LBody",
            Role::Table => "Table",
            Role::TR => "TR",
            Role::TH => "TH",
            Role::TD => "TD",
            Role::Figure => "Figure",
            Role::TOC => "TOC",
            Role::TOCI => "TOCI",
            Role::Link => "Link",
        }
    }
}

/// What an element holds, in reading order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kid {
    Elem(usize),
    /// Marked content `mcid` on page `page` (counted in the flow that made it).
    Content {
        page: usize,
        mcid: i64,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Elem {
    pub role: Role,
    pub parent: Option<usize>,
    /// A figure's alternative text: what the chart shows, in words and numbers.
    pub alt: Option<String>,
    /// A header cell's scope: `Column` or `Row` (ISO 32000-1 §14.8.5.7, Table 349).
    pub scope: Option<&'static str>,
    pub kids: Vec<Kid>,
    /// What a heading, paragraph, list item body, table cell or contents entry says, as
    /// written (not as wrapped onto lines): the Word document's text.
    pub text: Option<String>,
    /// How the text is set, for the Word document: bold, its size in points when not the
    /// body's (0), its colour when not black, and a cell's fill.
    pub bold: bool,
    pub size: f32,
    pub colour: Option<Colour>,
    pub fill: Option<Colour>,
    /// A table's column widths, in points.
    pub widths: Vec<f32>,
    /// A table's columns set flush right (amounts and counts), as in the PDF.
    pub right_aligned: Vec<bool>,
    /// A figure's drawing, for the Word document's image of it.
    pub drawing: Option<Drawing>,
    /// A heading that starts a page in the PDF: the Word document starts a page there too.
    pub page_break: bool,
    /// A `Link`'s destination and where it is on its page.
    pub link: Option<LinkTo>,
    /// A page number in a paragraph's text ("… on page 5").
    pub page_ref: Option<PageRef>,
}

/// A page number printed in a paragraph's text: where it is in `Elem::text`, and the page
/// it names. The Word document makes it a field that follows Word's own pages.
#[derive(Debug, Clone, PartialEq)]
pub struct PageRef {
    /// The number's bytes in the text.
    pub at: std::ops::Range<usize>,
    /// The page it names, counted from 0 across the whole document.
    pub page: usize,
}

/// Where a link goes and the area that is clicked.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkTo {
    /// The page it goes to, counted from 0 across the whole document.
    pub page: usize,
    /// The area on the link's own page, in points: left, bottom, right, top.
    pub rect: [f32; 4],
    /// What it says to assistive technology: where it goes.
    pub contents: String,
}

/// A chart as drawn: its size in points and its shapes, placed from its top-left corner
/// with y downwards.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Drawing {
    pub width: f32,
    pub height: f32,
    pub shapes: Vec<Shape>,
}

/// One thing drawn in a chart.
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    /// Text from its baseline's left end.
    Text {
        x: f32,
        baseline: f32,
        text: String,
        weight: Weight,
        size: f32,
        colour: Colour,
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Option<Colour>,
        stroke: Option<(Colour, f32)>,
    },
    Line {
        points: Vec<(f32, f32)>,
        colour: Colour,
        thickness: f32,
        dashed: bool,
    },
}

impl Elem {
    fn new(role: Role, parent: Option<usize>) -> Elem {
        Elem {
            role,
            parent,
            alt: None,
            scope: None,
            kids: Vec::new(),
            text: None,
            bold: false,
            size: 0.0,
            colour: None,
            fill: None,
            widths: Vec::new(),
            right_aligned: Vec::new(),
            drawing: None,
            page_break: false,
            link: None,
            page_ref: None,
        }
    }
}

/// The elements of one flow, the first being its `Document`, with the ones still open.
#[derive(Debug, Clone, PartialEq)]
pub struct Tags {
    pub elems: Vec<Elem>,
    open: Vec<usize>,
}

impl Default for Tags {
    fn default() -> Tags {
        Tags {
            elems: vec![Elem::new(Role::Document, None)],
            open: vec![0],
        }
    }
}

impl Tags {
    /// The element content goes into now: the innermost open one.
    pub fn current(&self) -> usize {
        *self.open.last().expect("the document is always open")
    }

    /// Adds an element of `role` inside the current one and opens it; returns its index.
    pub fn open(&mut self, role: Role) -> usize {
        let i = self.add(role, self.current());
        self.open.push(i);
        i
    }

    /// Adds an element of `role` inside `parent` without opening it (a table's cells, filled
    /// row part by row part).
    pub fn add(&mut self, role: Role, parent: usize) -> usize {
        let i = self.elems.len();
        self.elems.push(Elem::new(role, Some(parent)));
        self.elems[parent].kids.push(Kid::Elem(i));
        i
    }

    /// Closes `elem`, the innermost open element.
    pub fn close(&mut self, elem: usize) {
        debug_assert_eq!(
            self.current(),
            elem,
            "elements close in the order they opened"
        );
        if self.open.len() > 1 {
            self.open.pop();
        }
    }

    /// Records marked content `mcid` on `page` as part of `elem`.
    pub fn content(&mut self, elem: usize, page: usize, mcid: i64) {
        self.elems[elem].kids.push(Kid::Content { page, mcid });
    }

    /// Puts `other`'s elements after this one's, inside this document, its pages counted
    /// from `page_offset` (a flow laid out on its own, then placed after this one's pages).
    pub fn append(&mut self, other: Tags, page_offset: usize) {
        let base = self.elems.len() - 1;
        let shift = |k: Kid| match k {
            Kid::Elem(i) => Kid::Elem(i + base),
            Kid::Content { page, mcid } => Kid::Content {
                page: page + page_offset,
                mcid,
            },
        };
        let mut elems = other.elems.into_iter();
        let other_root = elems.next().expect("a document element");
        // A flow appended starts on a page of its own: so does its part of a Word document.
        let first = other_root.kids.iter().find_map(|k| match k {
            Kid::Elem(i) => Some(*i),
            Kid::Content { .. } => None,
        });
        self.elems[0]
            .kids
            .extend(other_root.kids.into_iter().map(shift));
        for (i, e) in elems.enumerate() {
            self.elems.push(Elem {
                parent: e.parent.map(|p| if p == 0 { 0 } else { p + base }),
                kids: e.kids.into_iter().map(shift).collect(),
                page_break: e.page_break || first == Some(i + 1),
                ..e
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elements_nest_as_they_are_opened_and_keep_their_content_in_order() {
        let mut t = Tags::default();
        let h = t.open(Role::H1);
        t.content(h, 0, 0);
        t.close(h);
        let p = t.open(Role::P);
        t.content(p, 0, 1);
        t.content(p, 1, 0);
        t.close(p);
        assert_eq!(t.elems[0].kids, vec![Kid::Elem(1), Kid::Elem(2)]);
        assert_eq!(
            t.elems[2].kids,
            vec![
                Kid::Content { page: 0, mcid: 1 },
                Kid::Content { page: 1, mcid: 0 }
            ]
        );
        assert_eq!(t.elems[2].parent, Some(0));
    }

    #[test]
    fn a_flow_appended_keeps_its_elements_and_moves_its_pages() {
        let mut a = Tags::default();
        let p = a.open(Role::P);
        a.content(p, 0, 0);
        a.close(p);
        let mut b = Tags::default();
        let l = b.open(Role::L);
        let li = b.open(Role::LI);
        b.content(li, 1, 3);
        b.close(li);
        b.close(l);
        a.append(b, 5);
        assert_eq!(a.elems[0].kids, vec![Kid::Elem(1), Kid::Elem(2)]);
        assert_eq!(a.elems[2].role, Role::L);
        assert_eq!(a.elems[2].parent, Some(0));
        assert_eq!(a.elems[2].kids, vec![Kid::Elem(3)]);
        assert_eq!(a.elems[3].parent, Some(2));
        assert_eq!(a.elems[3].kids, vec![Kid::Content { page: 6, mcid: 3 }]);
    }
}
