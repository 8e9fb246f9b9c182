//! A small page layout engine over printpdf's drawing operations: text measured with the
//! font's own advance widths and wrapped to a width, paragraphs and tables that flow onto
//! new pages (a table's header row is repeated on each page, and a row taller than what is
//! left of a page is split line by line), marks for the contents page and outline, and the
//! structure of what is drawn (`tags`: headings, paragraphs, lists, tables, figures) for a
//! tagged PDF.
//!
//! Coordinates are PDF points from the bottom-left corner of an A4 portrait page.

pub mod charts;
pub(crate) mod document;
pub mod paint;
pub(crate) mod pdf;
pub mod tags;
pub(crate) mod word;

pub use paint::{Colour, Weight};
use printpdf::{
    FontId, Line, LineDashPattern, LinePoint, Op, PaintMode, PdfFontHandle, Point, Pt, Rect,
    TextItem,
};
use std::sync::OnceLock;
pub use tags::{Drawing, LinkTo, PageRef, Role, Shape, Tags};

pub const PAGE_W: f32 = 595.28;
pub const PAGE_H: f32 = 841.89;
pub const MARGIN_X: f32 = 54.0;
/// The first baseline area starts here; above it is the running header.
pub const BODY_TOP: f32 = PAGE_H - 66.0;
/// Nothing in the body goes below this; under it is the footer.
pub const BODY_BOTTOM: f32 = 58.0;
pub const BODY_W: f32 = PAGE_W - 2.0 * MARGIN_X;

pub static REGULAR_TTF: &[u8] = include_bytes!("../../fonts/LiberationSans-Regular.ttf");
pub static BOLD_TTF: &[u8] = include_bytes!("../../fonts/LiberationSans-Bold.ttf");

/// The PDF resource names of the two faces; also the six-letter subset tags.
pub const REGULAR_ID: &str = "CMMREG";
pub const BOLD_ID: &str = "CMMBLD";

pub const BLACK: Colour = Colour(0.1, 0.1, 0.1);
pub const GREY: Colour = Colour(0.38, 0.38, 0.38);
pub const RULE: Colour = Colour(0.62, 0.62, 0.62);
pub const HEADER_FILL: Colour = Colour(0.87, 0.9, 0.94);
pub const NAVY: Colour = Colour(0.05, 0.22, 0.42);
pub const LIGHT_BLUE: Colour = Colour(0.55, 0.7, 0.86);
pub const WARNING_RED: Colour = Colour(0.7, 0.0, 0.0);
pub const WHITE: Colour = Colour(1.0, 1.0, 1.0);
/// The council's RAG colours, dark enough to carry white text (green, red) or black (amber).
pub const RAG_GREEN: Colour = Colour(0.0, 0.44, 0.24);
pub const RAG_AMBER: Colour = Colour(1.0, 0.75, 0.0);
pub const RAG_RED: Colour = Colour(0.78, 0.1, 0.1);
/// Paler fills for the risk bands, with black text.
pub const BAND_LOW: Colour = Colour(0.75, 0.89, 0.78);
pub const BAND_MEDIUM: Colour = Colour(1.0, 0.87, 0.55);
pub const BAND_HIGH: Colour = Colour(0.96, 0.6, 0.58);

/// One face's advance widths.
pub struct Face {
    face: ttf_parser::Face<'static>,
    units_per_em: f32,
    ascii: [u16; 128],
}

impl Face {
    fn new(bytes: &'static [u8]) -> Face {
        let face = ttf_parser::Face::parse(bytes, 0).expect("the embedded font parses");
        let mut ascii = [0u16; 128];
        for (i, w) in ascii.iter_mut().enumerate().skip(32) {
            *w = char::from_u32(i as u32)
                .and_then(|c| face.glyph_index(c))
                .and_then(|g| face.glyph_hor_advance(g))
                .unwrap_or(0);
        }
        Face {
            units_per_em: f32::from(face.units_per_em()),
            face,
            ascii,
        }
    }

    pub fn has(&self, c: char) -> bool {
        (c.is_ascii() && !c.is_ascii_control()) || self.face.glyph_index(c).is_some()
    }

    fn advance(&self, c: char) -> u16 {
        if (c as u32) < 128 {
            return self.ascii[c as usize];
        }
        self.face
            .glyph_index(c)
            .and_then(|g| self.face.glyph_hor_advance(g))
            .unwrap_or(0)
    }

    /// The width of `s` at `size` points.
    pub fn width(&self, s: &str, size: f32) -> f32 {
        let units: u32 = s.chars().map(|c| u32::from(self.advance(c))).sum();
        units as f32 * size / self.units_per_em
    }
}

pub struct Fonts {
    pub regular: Face,
    pub bold: Face,
}

impl Fonts {
    pub fn get() -> &'static Fonts {
        static FONTS: OnceLock<Fonts> = OnceLock::new();
        FONTS.get_or_init(|| Fonts {
            regular: Face::new(REGULAR_TTF),
            bold: Face::new(BOLD_TTF),
        })
    }

    pub fn face(&self, w: Weight) -> &Face {
        match w {
            Weight::Regular => &self.regular,
            Weight::Bold => &self.bold,
        }
    }
}

pub fn width(s: &str, w: Weight, size: f32) -> f32 {
    Fonts::get().face(w).width(s, size)
}

/// Text as the font can draw it: line breaks as `xml_text` makes them, tabs and no-break
/// spaces become spaces, and a character neither face has becomes "?" (so nothing silently
/// disappears).
pub fn clean(s: &str) -> String {
    let f = Fonts::get();
    xml_text(s)
        .chars()
        .map(|c| match c {
            '\n' => '\n',
            '\t' | '\u{a0}' => ' ',
            c if f.regular.has(c) && f.bold.has(c) => c,
            _ => '?',
        })
        .collect()
}

/// Text as XML 1.0 can hold it (its `Char` production, W3C XML 1.0 §2.2), for the Word
/// document's parts and the PDF's XMP metadata, and the start of `clean`: every kind of
/// line break pasted in (CR LF, a lone CR, Word's own line break pasted as plain text, a
/// vertical tab, a form feed, Unicode's line and paragraph separators) becomes `\n`; a tab
/// stays; other control characters and the non-characters U+FFFE and U+FFFF, which would
/// make Word refuse the file, are dropped.
pub fn xml_text(s: &str) -> String {
    s.replace("\r\n", "\n")
        .chars()
        .filter_map(|c| match c {
            '\r' | '\u{0B}' | '\u{0C}' | '\u{2028}' | '\u{2029}' => Some('\n'),
            '\n' | '\t' => Some(c),
            '\u{FFFE}' | '\u{FFFF}' => None,
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

/// Breaks `text` into lines no wider than `max` points: at spaces where possible, inside a
/// word only when the word alone is too wide. Newlines in the text are kept; an empty text
/// is one empty line.
pub fn wrap(text: &str, w: Weight, size: f32, max: f32) -> Vec<String> {
    let face = Fonts::get().face(w);
    let space = face.width(" ", size);
    let mut out = Vec::new();
    for para in clean(text).split('\n') {
        let mut line = String::new();
        let mut line_w = 0.0;
        for word in para.split(' ').filter(|w| !w.is_empty()) {
            let ww = face.width(word, size);
            let gap = if line.is_empty() { 0.0 } else { space };
            if line_w + gap + ww <= max {
                if !line.is_empty() {
                    line.push(' ');
                }
                line.push_str(word);
                line_w += gap + ww;
                continue;
            }
            if !line.is_empty() {
                out.push(std::mem::take(&mut line));
                line_w = 0.0;
            }
            if ww <= max {
                line.push_str(word);
                line_w = ww;
                continue;
            }
            // A word wider than the column (a hash, a long file name): break it after a
            // hyphen, underscore, full stop or slash where there is one, else anywhere.
            for c in word.chars() {
                let cw = face.width(c.encode_utf8(&mut [0; 4]), size);
                if line_w + cw > max && !line.is_empty() {
                    let cut = line
                        .char_indices()
                        .filter(|(_, ch)| matches!(ch, '-' | '_' | '.' | '/'))
                        .map(|(i, ch)| i + ch.len_utf8())
                        .rfind(|&i| i < line.len() && i * 3 >= line.len());
                    match cut {
                        Some(i) => {
                            let rest = line.split_off(i);
                            out.push(std::mem::replace(&mut line, rest));
                            line_w = face.width(&line, size);
                        }
                        None => {
                            out.push(std::mem::take(&mut line));
                            line_w = 0.0;
                        }
                    }
                }
                line.push(c);
                line_w += cw;
            }
        }
        out.push(line);
    }
    out
}

/// Shortens `s` with an ellipsis to fit `max` points.
pub fn truncate(s: &str, w: Weight, size: f32, max: f32) -> String {
    let s = clean(s).replace('\n', " ");
    if width(&s, w, size) <= max {
        return s;
    }
    let mut out = String::new();
    for c in s.chars() {
        out.push(c);
        if width(&out, w, size) + width("…", w, size) > max {
            out.pop();
            break;
        }
    }
    format!("{}…", out.trim_end())
}

pub fn font_handle(w: Weight) -> PdfFontHandle {
    PdfFontHandle::External(FontId(
        match w {
            Weight::Regular => REGULAR_ID,
            Weight::Bold => BOLD_ID,
        }
        .into(),
    ))
}

fn pt(x: f32, y: f32) -> LinePoint {
    LinePoint {
        p: Point { x: Pt(x), y: Pt(y) },
        bezier: false,
    }
}

/// Drawing operations on one page. What is drawn while no element's content is open
/// (`begin_content`) is marked as an artifact: running headers and footers, rules, shading.
#[derive(Default)]
pub struct Canvas {
    pub ops: Vec<Op>,
    /// The next marked-content identifier on this page (ISO 32000-1 §14.7.4.2).
    next_mcid: i64,
    /// An element's content is open.
    in_content: bool,
    /// An artifact sequence is open: what is drawn next outside content joins it, so a
    /// table's borders and fills are one sequence, not one each.
    in_artifact: bool,
    /// A figure being drawn: its top-left corner on the page, and what has been drawn in it
    /// so far (the Word document's image of the chart).
    recording: Option<((f32, f32), Vec<Shape>)>,
}

impl Canvas {
    /// Starts the marked content of an element of `role`; returns its MCID on this page.
    pub fn begin_content(&mut self, role: Role) -> i64 {
        debug_assert!(!self.in_content, "marked content does not nest here");
        self.finish();
        let mcid = self.next_mcid;
        self.next_mcid += 1;
        self.in_content = true;
        self.ops.push(Op::BeginMarkedContentWithProperties {
            tag: role.name().into(),
            properties: printpdf::DictItem::Dict {
                map: std::collections::BTreeMap::from([(
                    "MCID".to_owned(),
                    printpdf::DictItem::Int(mcid),
                )]),
            },
        });
        mcid
    }

    pub fn end_content(&mut self) {
        debug_assert!(self.in_content);
        self.in_content = false;
        self.ops.push(Op::EndMarkedContent);
    }

    /// Draws `ops` inside the open content, or as an artifact when none is open.
    fn draw(&mut self, ops: impl IntoIterator<Item = Op>) {
        if !self.in_content && !self.in_artifact {
            self.ops.push(Op::BeginMarkedContent {
                tag: "Artifact".into(),
            });
            self.in_artifact = true;
        }
        self.ops.extend(ops);
    }

    /// Closes an open artifact sequence: before an element's content, and when the page
    /// is finished.
    pub fn finish(&mut self) {
        if self.in_artifact {
            self.ops.push(Op::EndMarkedContent);
            self.in_artifact = false;
        }
    }

    /// Keeps `shape` (placed by `place` from the figure's top-left corner) when a figure is
    /// being drawn.
    fn record(&mut self, shape: impl FnOnce(&dyn Fn(f32, f32) -> (f32, f32)) -> Shape) {
        if let Some(((x0, top), shapes)) = &mut self.recording {
            let (x0, top) = (*x0, *top);
            shapes.push(shape(&move |x, y| (x - x0, top - y)));
        }
    }

    pub fn text(&mut self, x: f32, baseline: f32, s: &str, w: Weight, size: f32, c: Colour) {
        if s.is_empty() {
            return;
        }
        self.record(|place| {
            let (x, baseline) = place(x, baseline);
            Shape::Text {
                x,
                baseline,
                text: s.to_owned(),
                weight: w,
                size,
                colour: c,
            }
        });
        self.draw([
            Op::StartTextSection,
            Op::SetFont {
                font: font_handle(w),
                size: Pt(size),
            },
            Op::SetFillColor { col: c.pdf() },
            Op::SetTextCursor {
                pos: Point {
                    x: Pt(x),
                    y: Pt(baseline),
                },
            },
            Op::ShowText {
                items: vec![TextItem::Text(s.to_owned())],
            },
            Op::EndTextSection,
        ]);
    }

    pub fn text_right(
        &mut self,
        right: f32,
        baseline: f32,
        s: &str,
        w: Weight,
        size: f32,
        c: Colour,
    ) {
        self.text(right - width(s, w, size), baseline, s, w, size, c);
    }

    pub fn text_centre(
        &mut self,
        centre: f32,
        baseline: f32,
        s: &str,
        w: Weight,
        size: f32,
        c: Colour,
    ) {
        self.text(centre - width(s, w, size) / 2.0, baseline, s, w, size, c);
    }

    /// Text whose left edge, right edge or centre (by `align`) is at `x`.
    #[allow(clippy::too_many_arguments)]
    pub fn text_aligned(
        &mut self,
        align: Align,
        x: f32,
        baseline: f32,
        s: &str,
        w: Weight,
        size: f32,
        c: Colour,
    ) {
        match align {
            Align::Left => self.text(x, baseline, s, w, size, c),
            Align::Right => self.text_right(x, baseline, s, w, size, c),
            Align::Centre => self.text_centre(x, baseline, s, w, size, c),
        }
    }

    /// A rectangle from its bottom-left corner.
    pub fn rect(
        &mut self,
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Option<Colour>,
        stroke: Option<(Colour, f32)>,
    ) {
        let r = |mode| Op::DrawRectangle {
            rectangle: Rect {
                x: Pt(x),
                y: Pt(y),
                width: Pt(w),
                height: Pt(h),
                mode: Some(mode),
                winding_order: None,
            },
        };
        let mut ops = Vec::new();
        if let Some(f) = fill {
            ops.push(Op::SetFillColor { col: f.pdf() });
            ops.push(r(PaintMode::Fill));
        }
        if let Some((c, t)) = stroke {
            ops.push(Op::SetOutlineColor { col: c.pdf() });
            ops.push(Op::SetOutlineThickness { pt: Pt(t) });
            ops.push(r(PaintMode::Stroke));
        }
        if !ops.is_empty() {
            self.record(|place| {
                let (x, y) = place(x, y + h);
                Shape::Rect {
                    x,
                    y,
                    w,
                    h,
                    fill,
                    stroke,
                }
            });
            self.draw(ops);
        }
    }

    pub fn line(&mut self, points: &[(f32, f32)], c: Colour, thickness: f32, dashed: bool) {
        if points.len() < 2 {
            return;
        }
        self.record(|place| Shape::Line {
            points: points.iter().map(|&(x, y)| place(x, y)).collect(),
            colour: c,
            thickness,
            dashed,
        });
        let mut ops = vec![
            Op::SetOutlineColor { col: c.pdf() },
            Op::SetOutlineThickness { pt: Pt(thickness) },
        ];
        if dashed {
            ops.push(Op::SetLineDashPattern {
                dash: LineDashPattern::new(0.0, &[4.0, 3.0]),
            });
        }
        ops.push(Op::DrawLine {
            line: Line {
                points: points.iter().map(|&(x, y)| pt(x, y)).collect(),
                is_closed: false,
            },
        });
        if dashed {
            ops.push(Op::SetLineDashPattern {
                dash: LineDashPattern::new(0.0, &[]),
            });
        }
        self.draw(ops);
    }
}

/// A place in the document the contents page and the outline point to.
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    pub title: String,
    /// 0 for a top-level entry, 1 for an entry under it.
    pub level: u8,
    /// Index into the pages of the flow that made it.
    pub page: usize,
    /// Just above the heading, for the outline's destination.
    pub top: f32,
}

/// A finished page: its drawing, and the running header's left-hand text.
pub struct Page {
    pub canvas: Canvas,
    pub header: String,
}

#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub weight: Weight,
    pub size: f32,
    pub colour: Colour,
    pub indent: f32,
}

impl Style {
    pub const BODY: Style = Style {
        weight: Weight::Regular,
        size: 10.0,
        colour: BLACK,
        indent: 0.0,
    };
    pub const NOTE: Style = Style {
        weight: Weight::Regular,
        size: 8.5,
        colour: GREY,
        indent: 0.0,
    };
    pub const LABEL: Style = Style {
        weight: Weight::Bold,
        size: 10.0,
        colour: BLACK,
        indent: 0.0,
    };

    pub fn lead(&self) -> f32 {
        self.size * 1.28
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
    Centre,
}

pub struct Column {
    pub title: String,
    /// A share of the table's width.
    pub share: f32,
    pub align: Align,
}

pub fn col(title: &str, share: f32) -> Column {
    Column {
        title: title.to_owned(),
        share,
        align: Align::Left,
    }
}

pub fn num_col(title: &str, share: f32) -> Column {
    Column {
        title: title.to_owned(),
        share,
        align: Align::Right,
    }
}

#[derive(Debug, Clone, Default)]
pub struct Cell {
    pub text: String,
    pub fill: Option<Colour>,
    pub colour: Option<Colour>,
    pub bold: bool,
    /// A page this cell links to (printed, counted from 1 across the document), and what is
    /// there.
    pub link: Option<(usize, String)>,
}

impl Cell {
    pub fn new(s: impl Into<String>) -> Cell {
        Cell {
            text: s.into(),
            ..Default::default()
        }
    }

    pub fn bold(mut self) -> Cell {
        self.bold = true;
        self
    }

    pub fn fill(mut self, fill: Colour, text: Colour) -> Cell {
        self.fill = Some(fill);
        self.colour = Some(text);
        self
    }

    pub fn colour(mut self, c: Colour) -> Cell {
        self.colour = Some(c);
        self
    }

    /// Makes the cell's text a link to printed page `page`, where `what` is (an agenda's
    /// page column).
    pub fn link(mut self, page: usize, what: impl Into<String>) -> Cell {
        self.link = Some((page, what.into()));
        self
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Cell {
        Cell::new(s)
    }
}

impl From<&str> for Cell {
    fn from(s: &str) -> Cell {
        Cell::new(s)
    }
}

pub struct Table {
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
    pub size: f32,
    /// Whether each row's first cell heads the row (a KPI's reference): tagged `TH` with
    /// scope Row, as in a table with no header row (PDF/UA-1, 7.5).
    pub row_headers: bool,
}

impl Table {
    pub fn new(columns: Vec<Column>) -> Table {
        Table {
            columns,
            rows: Vec::new(),
            size: 8.5,
            row_headers: false,
        }
    }

    pub fn row(&mut self, cells: Vec<Cell>) {
        debug_assert_eq!(cells.len(), self.columns.len());
        self.rows.push(cells);
    }
}

const PAD: f32 = 3.5;

/// Lays content out down the pages, starting new ones as it fills them.
pub struct Flow {
    pub pages: Vec<Page>,
    pub marks: Vec<Mark>,
    /// What each piece of content is (heading, paragraph, table cell…), for the structure tree.
    pub tags: Tags,
    pub y: f32,
    header: String,
    /// Headings waiting to be drawn with the start of what follows them.
    pending: Vec<Pending>,
    /// The headings still open, innermost last: the level each asked for and the level it
    /// was given.
    headings: Vec<(u8, u8)>,
}

struct Pending {
    title: String,
    lines: Vec<String>,
    /// The outline title and level, for a heading; `None` for a sub-heading.
    mark: Option<(String, u8)>,
    gap: f32,
    height: f32,
}

impl Flow {
    pub fn new(header: &str) -> Flow {
        let mut f = Flow {
            pages: Vec::new(),
            marks: Vec::new(),
            tags: Tags::default(),
            y: BODY_TOP,
            header: header.to_owned(),
            pending: Vec::new(),
            headings: Vec::new(),
        };
        f.new_page();
        f
    }

    pub fn new_page(&mut self) {
        self.pages.push(Page {
            canvas: Canvas::default(),
            header: self.header.clone(),
        });
        self.y = BODY_TOP;
    }

    pub fn canvas(&mut self) -> &mut Canvas {
        &mut self
            .pages
            .last_mut()
            .expect("a flow always has a page")
            .canvas
    }

    pub fn page_index(&self) -> usize {
        self.pages.len() - 1
    }

    /// Draws one line of `elem`'s text, as its marked content on this page.
    #[allow(clippy::too_many_arguments)]
    pub fn content_text(
        &mut self,
        elem: usize,
        align: Align,
        x: f32,
        baseline: f32,
        s: &str,
        w: Weight,
        size: f32,
        c: Colour,
    ) {
        if s.is_empty() {
            return;
        }
        let page = self.page_index();
        let role = self.tags.elems[elem].role;
        let canvas = self.canvas();
        let mcid = canvas.begin_content(role);
        canvas.text_aligned(align, x, baseline, s, w, size, c);
        canvas.end_content();
        self.tags.content(elem, page, mcid);
    }

    /// Room for a chart `h` points tall, which is a `Figure` with `alt`, its alternative
    /// text (what it shows, in words and numbers); returns the top of the room. What is
    /// drawn until `end_figure` is the figure's content.
    pub fn figure(&mut self, h: f32, alt: String) -> f32 {
        let top = self.reserve(h);
        let page = self.page_index();
        let fig = self.tags.open(Role::Figure);
        self.tags.elems[fig].alt = Some(alt);
        self.tags.elems[fig].drawing = Some(Drawing {
            width: BODY_W,
            height: h,
            shapes: Vec::new(),
        });
        let canvas = self.canvas();
        let mcid = canvas.begin_content(Role::Figure);
        canvas.recording = Some(((MARGIN_X, top), Vec::new()));
        self.tags.content(fig, page, mcid);
        top
    }

    pub fn end_figure(&mut self) {
        let canvas = self.canvas();
        canvas.end_content();
        let shapes = canvas.recording.take().map(|r| r.1).unwrap_or_default();
        let fig = self.tags.current();
        if let Some(d) = &mut self.tags.elems[fig].drawing {
            d.shapes = shapes;
        }
        self.tags.close(fig);
    }

    /// Puts `other`'s pages, marks and structure after this flow's.
    pub fn append(&mut self, other: Flow) {
        let offset = self.pages.len();
        self.tags.append(other.tags, offset);
        self.marks.extend(other.marks.into_iter().map(|m| Mark {
            page: m.page + offset,
            ..m
        }));
        self.pages.extend(other.pages);
    }

    pub fn remaining(&self) -> f32 {
        self.y - BODY_BOTTOM
    }

    /// Starts a new page unless `h` points are left on this one.
    pub fn ensure(&mut self, h: f32) {
        self.begin(h);
        if self.remaining() < h && self.y < BODY_TOP {
            self.new_page();
        }
    }

    pub fn gap(&mut self, h: f32) {
        if self.y < BODY_TOP {
            self.y = (self.y - h).max(BODY_BOTTOM);
        }
    }

    pub fn mark(&mut self, title: &str, level: u8) {
        self.marks.push(Mark {
            title: title.to_owned(),
            level,
            page: self.page_index(),
            top: (self.y + 14.0).min(PAGE_H),
        });
    }

    /// A numbered part of the pack ("Section 5 – Operational performance"), marked for
    /// the contents page and the outline at `level`. When `new_page`, it starts a new page
    /// unless most of this one is still free, so short sections share a page rather than
    /// leave half-empty ones. Like a sub-heading, it is drawn together with the start of
    /// what follows, never alone at the foot of a page.
    pub fn heading(&mut self, title: &str, level: u8, new_page: bool) {
        self.flush();
        if new_page && self.y < BODY_TOP && self.remaining() < (BODY_TOP - BODY_BOTTOM) * 0.4 {
            self.new_page();
        }
        let lines = wrap(title, Weight::Bold, 15.0, BODY_W);
        let gap = if self.y < BODY_TOP { 22.0 } else { 8.0 };
        self.pending.push(Pending {
            height: gap + lines.len() as f32 * 18.0 + 13.0,
            title: title.to_owned(),
            lines,
            mark: Some((title.to_owned(), level)),
            gap,
        });
    }

    /// A sub-heading inside a section, drawn together with the start of what follows.
    pub fn subheading(&mut self, title: &str) {
        let lines = wrap(title, Weight::Bold, 11.5, BODY_W);
        let gap = if self.y < BODY_TOP || !self.pending.is_empty() {
            6.0
        } else {
            0.0
        };
        self.pending.push(Pending {
            height: gap + lines.len() as f32 * 14.4 + 4.0,
            title: title.to_owned(),
            lines,
            mark: None,
            gap,
        });
    }

    /// Makes room for the pending headings and the first `h` points of what follows
    /// them, on this page or the next, then draws the headings.
    pub fn begin(&mut self, h: f32) {
        if self.pending.is_empty() {
            return;
        }
        let need: f32 = self.pending.iter().map(|p| p.height).sum::<f32>() + h;
        if self.remaining() < need && self.y < BODY_TOP {
            self.new_page();
        }
        for p in std::mem::take(&mut self.pending) {
            self.gap(p.gap);
            match p.mark {
                Some((title, level)) => {
                    self.mark(&title, level);
                    let at_top = self.y >= BODY_TOP;
                    let h = self.open_heading(level + 1);
                    self.tags.elems[h].text = Some(p.title);
                    self.tags.elems[h].page_break = at_top;
                    for l in &p.lines {
                        self.y -= 18.0;
                        let y = self.y;
                        self.content_text(h, Align::Left, MARGIN_X, y, l, Weight::Bold, 15.0, NAVY);
                    }
                    self.tags.close(h);
                    self.y -= 5.0;
                    let y = self.y;
                    self.canvas()
                        .line(&[(MARGIN_X, y), (MARGIN_X + BODY_W, y)], NAVY, 1.0, false);
                    self.y -= 8.0;
                }
                None => {
                    let h = self.open_heading(3);
                    self.tags.elems[h].text = Some(p.title);
                    // Word sets it as the PDF does, whichever heading level it is.
                    self.tags.elems[h].size = 11.5;
                    for l in &p.lines {
                        self.y -= 14.4;
                        let y = self.y;
                        self.content_text(h, Align::Left, MARGIN_X, y, l, Weight::Bold, 11.5, NAVY);
                    }
                    self.tags.close(h);
                    self.y -= 4.0;
                }
            }
        }
    }

    /// Opens a heading element at `wanted` (1 to 3), or at one level below the heading it
    /// comes under when that is higher up: headings never skip a level (PDF/UA-1 §7.4.2,
    /// Matterhorn 14-003), so a sub-heading before any section is an `H1`, and under an `H1`
    /// an `H2`. Headings that ask for the same level under the same heading get the same
    /// level: the second of two sub-headings is the first's sibling, not its child.
    fn open_heading(&mut self, wanted: u8) -> usize {
        while self.headings.last().is_some_and(|(w, _)| *w >= wanted) {
            self.headings.pop();
        }
        let under = self.headings.last().map_or(0, |(_, level)| *level);
        let level = wanted.min(under + 1);
        self.headings.push((wanted, level));
        self.tags.open(match level {
            1 => Role::H1,
            2 => Role::H2,
            _ => Role::H3,
        })
    }

    /// Draws any heading still waiting for content.
    pub fn flush(&mut self) {
        self.begin(0.0);
    }

    /// Wrapped text, flowing onto new pages as needed.
    pub fn paragraph(&mut self, text: &str, style: Style) {
        self.text_block(text, style, false);
    }

    /// A paragraph that names a page: `before`, the number of printed page `page` (counted
    /// from 1), then `after`. The Word document keeps the number right as Word repaginates.
    pub fn paragraph_naming_page(&mut self, before: &str, page: usize, after: &str, style: Style) {
        // Cleaned first, so the number's place in the text holds however the text is set.
        let (before, after) = (xml_text(before), xml_text(after));
        let number = page.to_string();
        let at = before.len()..before.len() + number.len();
        let p = self.text_block(&format!("{before}{number}{after}"), style, false);
        self.tags.elems[p].page_ref = Some(PageRef {
            at,
            page: page.saturating_sub(1),
        });
    }

    /// The document's title, set like a paragraph in `style` and tagged as its first
    /// heading (`H1`), so a screen reader's list of headings starts with what the document
    /// is, and the Word document's navigation pane too.
    pub fn title(&mut self, text: &str, style: Style) {
        self.text_block(text, style, true);
    }

    /// Sets `text` and tags it as a paragraph, or as the title; returns its element.
    fn text_block(&mut self, text: &str, style: Style, title: bool) -> usize {
        let lines = wrap(text, style.weight, style.size, BODY_W - style.indent);
        self.begin(style.lead() * lines.len().min(2) as f32);
        let p = if title {
            self.open_heading(1)
        } else {
            self.tags.open(Role::P)
        };
        let e = &mut self.tags.elems[p];
        e.text = Some(text.to_owned());
        e.bold = style.weight == Weight::Bold;
        if style.size != Style::BODY.size {
            e.size = style.size;
        }
        if style.colour != Style::BODY.colour {
            e.colour = Some(style.colour);
        }
        for l in lines {
            self.line_of_text(p, &l, style);
        }
        self.tags.close(p);
        self.y -= style.size * 0.45;
        p
    }

    fn line_of_text(&mut self, elem: usize, l: &str, style: Style) {
        if self.remaining() < style.lead() {
            self.new_page();
        }
        self.y -= style.lead();
        let y = self.y + style.lead() - style.size;
        self.content_text(
            elem,
            Align::Left,
            MARGIN_X + style.indent,
            y,
            l,
            style.weight,
            style.size,
            style.colour,
        );
    }

    /// A bulleted list: `L`, each item an `LI` with its bullet (`Lbl`) and text (`LBody`).
    pub fn bullets(&mut self, items: &[String], style: Style) {
        let indent = style.indent + 12.0;
        self.begin(style.lead() * 2.0);
        let list = self.tags.open(Role::L);
        for item in items {
            let li = self.tags.open(Role::LI);
            let lines = wrap(item, style.weight, style.size, BODY_W - indent);
            let mut body = None;
            for (i, l) in lines.iter().enumerate() {
                if i == 0 {
                    // The bullet is drawn first, so text extraction reads it before the item.
                    if self.remaining() < style.lead() {
                        self.new_page();
                    }
                    let y = self.y - style.size;
                    let label = self.tags.add(Role::Lbl, li);
                    self.content_text(
                        label,
                        Align::Left,
                        MARGIN_X + style.indent + 2.0,
                        y,
                        "•",
                        Weight::Regular,
                        style.size,
                        style.colour,
                    );
                }
                let b = match body {
                    Some(b) => b,
                    None => {
                        let b = self.tags.add(Role::LBody, li);
                        self.tags.elems[b].text = Some(item.clone());
                        *body.insert(b)
                    }
                };
                self.line_of_text(b, l, Style { indent, ..style });
            }
            self.tags.close(li);
            self.y -= style.size * 0.25;
        }
        self.tags.close(list);
        self.y -= style.size * 0.3;
    }

    /// A question and its answer, as the template sets them out. An empty answer is shown
    /// as "Not answered", not left blank.
    pub fn field(&mut self, label: &str, value: &str) {
        self.begin(Style::LABEL.lead() + Style::BODY.lead() + 4.0);
        self.ensure(Style::LABEL.lead() + Style::BODY.lead() + 4.0);
        self.paragraph(
            label,
            Style {
                size: 9.5,
                ..Style::LABEL
            },
        );
        self.y += 2.0;
        if value.trim().is_empty() {
            self.paragraph(
                "Not answered",
                Style {
                    colour: GREY,
                    ..Style::BODY
                },
            );
        } else {
            self.paragraph(value, Style::BODY);
        }
        self.y -= 2.0;
    }

    /// A table of label and value pairs: the same as `table`, with no header row (give the
    /// columns empty titles).
    pub fn table_without_header(&mut self, t: &Table) {
        self.table(t);
    }

    /// Reserves `h` points for a drawing and returns the top of the space it may use.
    pub fn reserve(&mut self, h: f32) -> f32 {
        self.begin(h);
        self.ensure(h);
        let top = self.y;
        self.y -= h;
        top
    }

    /// A table that flows across pages: the header row is repeated at the top of each page,
    /// a row that does not fit what is left of a page moves to the next, and a row taller
    /// than a whole page is split between pages line by line.
    pub fn table(&mut self, t: &Table) {
        let total: f32 = t.columns.iter().map(|c| c.share).sum();
        let mut widths: Vec<f32> = t.columns.iter().map(|c| BODY_W * c.share / total).collect();
        fit_words(t, &mut widths);
        let lead = t.size * 1.25;
        let header: Vec<Vec<String>> = t
            .columns
            .iter()
            .zip(&widths)
            .map(|(c, w)| wrap(&c.title, Weight::Bold, t.size, w - 2.0 * PAD))
            .collect();
        let header_h = if t.columns.iter().all(|c| c.title.is_empty()) {
            0.0
        } else {
            header.iter().map(Vec::len).max().unwrap_or(1) as f32 * lead + 2.0 * PAD
        };
        let rows: Vec<Vec<Vec<String>>> = t
            .rows
            .iter()
            .map(|r| {
                r.iter()
                    .zip(&widths)
                    .map(|(c, w)| {
                        let weight = if c.bold {
                            Weight::Bold
                        } else {
                            Weight::Regular
                        };
                        wrap(&c.text, weight, t.size, w - 2.0 * PAD)
                    })
                    .collect()
            })
            .collect();
        let page_room = BODY_TOP - BODY_BOTTOM - header_h;
        let row_heights: Vec<f32> = rows
            .iter()
            .map(|r| r.iter().map(Vec::len).max().unwrap_or(1).max(1) as f32 * lead + 2.0 * PAD)
            .collect();
        let total_h = header_h + row_heights.iter().sum::<f32>();
        // A short table is kept whole; a long one starts where its header and first row
        // fit, so a header is never left alone at the foot of a page.
        let start = if total_h <= page_room * 0.5 {
            total_h + 2.0
        } else {
            header_h + row_heights.first().copied().unwrap_or(0.0).min(page_room) + 2.0
        };
        self.begin(start);
        self.ensure(start);
        // A `Table`: its first header row tagged `TH` (scope Column); the header repeated on
        // a new page is an artifact. A table with no header row has its first column as
        // row headers (a list of labels and values), as does one with `row_headers`.
        let table = self.tags.open(Role::Table);
        self.tags.elems[table].widths = widths.clone();
        self.tags.elems[table].size = t.size;
        self.tags.elems[table].right_aligned =
            t.columns.iter().map(|c| c.align == Align::Right).collect();
        let mut header_row = (header_h > 0.0).then(|| self.tags.add(Role::TR, table));
        self.draw_header(t, &widths, &header, header_h, lead, header_row.take());
        for (cells, lines) in t.rows.iter().zip(&rows) {
            let tr = self.tags.add(Role::TR, table);
            let cell_tags: Vec<usize> = cells
                .iter()
                .enumerate()
                .map(|(i, cell)| {
                    let tag = if (header_h == 0.0 || t.row_headers) && i == 0 {
                        let th = self.tags.add(Role::TH, tr);
                        self.tags.elems[th].scope = Some("Row");
                        th
                    } else {
                        self.tags.add(Role::TD, tr)
                    };
                    let e = &mut self.tags.elems[tag];
                    e.text = Some(cell.text.clone());
                    e.bold = cell.bold;
                    e.fill = cell.fill;
                    e.colour = cell.colour;
                    // A linked cell's text is the content of a `Link` inside it.
                    match &cell.link {
                        Some((page, what)) => {
                            let link = self.tags.add(Role::Link, tag);
                            self.tags.elems[link].link = Some(LinkTo {
                                page: page.saturating_sub(1),
                                rect: [0.0; 4],
                                contents: format!("Go to page {page}: {what}"),
                            });
                            link
                        }
                        None => tag,
                    }
                })
                .collect();
            let n = lines.iter().map(Vec::len).max().unwrap_or(1).max(1);
            let row_h = n as f32 * lead + 2.0 * PAD;
            if row_h > self.remaining() && row_h <= page_room {
                self.new_page();
                self.draw_header(t, &widths, &header, header_h, lead, None);
            }
            let mut from = 0;
            while from < n {
                let fit = (((self.remaining() - 2.0 * PAD) / lead).floor().max(0.0)) as usize;
                if fit == 0 {
                    self.new_page();
                    self.draw_header(t, &widths, &header, header_h, lead, None);
                    continue;
                }
                let to = (from + fit).min(n);
                self.draw_row(t, &widths, cells, lines, from, to, lead, &cell_tags);
                from = to;
                if from < n {
                    self.new_page();
                    self.draw_header(t, &widths, &header, header_h, lead, None);
                }
            }
        }
        self.tags.close(table);
        self.y -= 8.0;
    }

    /// The header row; tagged when `row` is given (its first drawing), else an artifact.
    #[allow(clippy::too_many_arguments)]
    fn draw_header(
        &mut self,
        t: &Table,
        widths: &[f32],
        header: &[Vec<String>],
        h: f32,
        lead: f32,
        row: Option<usize>,
    ) {
        if h == 0.0 {
            return;
        }
        let top = self.y;
        let size = t.size;
        self.canvas()
            .rect(MARGIN_X, top - h, BODY_W, h, Some(HEADER_FILL), None);
        let mut x = MARGIN_X;
        for ((col, lines), w) in t.columns.iter().zip(header).zip(widths) {
            let th = row.map(|tr| {
                let th = self.tags.add(Role::TH, tr);
                let e = &mut self.tags.elems[th];
                e.scope = Some("Column");
                e.text = Some(col.title.clone());
                e.bold = true;
                th
            });
            for (i, l) in lines.iter().enumerate() {
                let base = top - PAD - i as f32 * lead - size;
                match th {
                    Some(th) => {
                        self.cell_text(th, col.align, x, *w, base, l, Weight::Bold, size, BLACK)
                    }
                    None => self.canvas().text_aligned(
                        col.align,
                        anchor(col.align, x, *w),
                        base,
                        l,
                        Weight::Bold,
                        size,
                        BLACK,
                    ),
                }
            }
            self.canvas()
                .rect(x, top - h, *w, h, None, Some((RULE, 0.5)));
            x += w;
        }
        self.y -= h;
    }

    #[allow(clippy::too_many_arguments)]
    fn draw_row(
        &mut self,
        t: &Table,
        widths: &[f32],
        cells: &[Cell],
        lines: &[Vec<String>],
        from: usize,
        to: usize,
        lead: f32,
        cell_tags: &[usize],
    ) {
        let h = (to - from) as f32 * lead + 2.0 * PAD;
        let top = self.y;
        let size = t.size;
        let mut x = MARGIN_X;
        for ((((col, cell), cell_lines), w), &tag) in t
            .columns
            .iter()
            .zip(cells)
            .zip(lines)
            .zip(widths)
            .zip(cell_tags)
        {
            if let Some(fill) = cell.fill {
                self.canvas().rect(x, top - h, *w, h, Some(fill), None);
            }
            if let Some(link) = &mut self.tags.elems[tag].link {
                if link.rect == [0.0; 4] {
                    link.rect = [x, top - h, x + w, top];
                }
            }
            let weight = if cell.bold {
                Weight::Bold
            } else {
                Weight::Regular
            };
            let colour = cell.colour.unwrap_or(BLACK);
            for (i, l) in cell_lines.iter().enumerate().take(to).skip(from) {
                let base = top - PAD - (i - from) as f32 * lead - size;
                self.cell_text(tag, col.align, x, *w, base, l, weight, size, colour);
            }
            self.canvas()
                .rect(x, top - h, *w, h, None, Some((RULE, 0.5)));
            x += w;
        }
        self.y -= h;
    }

    /// One line of a cell's text, as `elem`'s content, placed by the column's alignment.
    #[allow(clippy::too_many_arguments)]
    fn cell_text(
        &mut self,
        elem: usize,
        align: Align,
        x: f32,
        w: f32,
        base: f32,
        s: &str,
        weight: Weight,
        size: f32,
        colour: Colour,
    ) {
        let ax = anchor(align, x, w);
        self.content_text(elem, align, ax, base, s, weight, size, colour);
    }
}

/// Where a cell's text is placed for its column's alignment: the left edge, the right edge
/// or the centre, inside the cell's padding.
fn anchor(align: Align, x: f32, w: f32) -> f32 {
    match align {
        Align::Left => x + PAD,
        Align::Right => x + w - PAD,
        Align::Centre => x + w / 2.0,
    }
}

/// Widens the columns too narrow for their longest word, in the header or any cell, taking
/// the width from columns with room to spare, so no ordinary word is split across lines
/// ("Managemen" / "t Team" in a narrow owner column). A word longer than a third of the
/// page (a hash, a file name) is left to break, as it must somewhere; so are all words when
/// the spare room is not enough for every column.
fn fit_words(t: &Table, widths: &mut [f32]) {
    let longest = |text: &str, weight: Weight| -> f32 {
        clean(text)
            .split_whitespace()
            .map(|w| width(w, weight, t.size))
            .filter(|&w| w <= BODY_W / 3.0)
            .fold(0.0, f32::max)
    };
    let need: Vec<f32> = t
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let cells = t.rows.iter().filter_map(|r| r.get(i)).map(|cell| {
                longest(
                    &cell.text,
                    if cell.bold {
                        Weight::Bold
                    } else {
                        Weight::Regular
                    },
                )
            });
            cells.fold(longest(&c.title, Weight::Bold), f32::max) + 2.0 * PAD + 1.0
        })
        .collect();
    let short: f32 = widths
        .iter()
        .zip(&need)
        .map(|(w, n)| (n - w).max(0.0))
        .sum();
    let spare: f32 = widths
        .iter()
        .zip(&need)
        .map(|(w, n)| (w - n).max(0.0))
        .sum();
    if short <= 0.0 || spare < short {
        return;
    }
    for (w, n) in widths.iter_mut().zip(&need) {
        if *w < *n {
            *w = *n;
        } else {
            *w -= (*w - n) / spare * short;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_come_from_the_font() {
        // Liberation Sans has Arial's metrics: "i" is narrow, "W" wide, a space 0.278 em.
        assert!((width(" ", Weight::Regular, 1000.0) - 277.8).abs() < 0.5);
        assert!(width("W", Weight::Regular, 10.0) > 3.0 * width("i", Weight::Regular, 10.0));
        assert!(width("Bold", Weight::Bold, 10.0) > width("Bold", Weight::Regular, 10.0));
    }

    #[test]
    fn wrapping_fits_the_width_and_keeps_every_word() {
        let text = "The contract management plan sets out the processes and they are followed consistently across all three areas, £1,250 and café included.";
        let lines = wrap(text, Weight::Regular, 10.0, 150.0);
        assert!(lines.len() > 3);
        for l in &lines {
            assert!(width(l, Weight::Regular, 10.0) <= 150.0, "{l}");
        }
        assert_eq!(lines.join(" "), text);
    }

    #[test]
    fn a_word_wider_than_the_column_is_broken_and_newlines_are_kept() {
        let hash = "a".repeat(64);
        let lines = wrap(&format!("{hash}\nnext"), Weight::Regular, 10.0, 100.0);
        assert!(lines.len() >= 3);
        assert_eq!(lines.last().unwrap(), "next");
        assert_eq!(lines[..lines.len() - 1].concat(), hash);
    }

    #[test]
    fn a_long_file_name_breaks_after_a_hyphen() {
        let lines = wrap(
            "planning-and-governance-evidence-02.pdf",
            Weight::Regular,
            8.0,
            90.0,
        );
        assert!(lines.len() >= 2);
        assert!(lines[0].ends_with('-'), "{lines:?}");
        assert_eq!(lines.concat(), "planning-and-governance-evidence-02.pdf");
    }

    #[test]
    fn a_narrow_column_is_widened_so_no_word_in_it_is_split() {
        let mut t = Table::new(vec![
            col("Risk", 4.0),
            col("Owner", 0.6),
            col("Mitigation", 3.2),
        ]);
        t.size = 8.0;
        t.row(vec![
            Cell::new("Supplier failure"),
            Cell::new("Contract Management Team"),
            Cell::new("Monthly financial checks"),
        ]);
        let total: f32 = t.columns.iter().map(|c| c.share).sum();
        let mut widths: Vec<f32> = t.columns.iter().map(|c| BODY_W * c.share / total).collect();
        let before = widths[1];
        fit_words(&t, &mut widths);
        assert!(widths[1] > before, "the owner column is widened");
        assert!(
            (widths.iter().sum::<f32>() - BODY_W).abs() < 0.01,
            "the table keeps its width"
        );
        let lines = wrap(
            "Contract Management Team",
            Weight::Regular,
            8.0,
            widths[1] - 2.0 * PAD,
        );
        assert!(
            lines.iter().all(|l| l
                .split(' ')
                .all(|w| ["Contract", "Management", "Team"].contains(&w))),
            "{lines:?}"
        );
        // A hash is left to break: widening for it would squeeze every other column.
        let mut t2 = Table::new(vec![col("File", 1.0), col("SHA-256", 1.0)]);
        t2.row(vec![Cell::new("minutes.pdf"), Cell::new("ab".repeat(32))]);
        let mut w2 = vec![BODY_W / 2.0, BODY_W / 2.0];
        fit_words(&t2, &mut w2);
        assert_eq!(w2, vec![BODY_W / 2.0, BODY_W / 2.0]);
    }

    #[test]
    fn sub_headings_under_one_heading_are_siblings_at_one_level() {
        let mut f = Flow::new("header");
        f.heading("Section 1", 0, false);
        f.subheading("East Kent");
        f.paragraph("text", Style::BODY);
        f.subheading("Mid Kent");
        f.paragraph("text", Style::BODY);
        f.heading("Section 2", 0, false);
        f.heading("Part", 1, false);
        f.subheading("Detail");
        f.paragraph("text", Style::BODY);
        let roles: Vec<(Role, &str)> = f
            .tags
            .elems
            .iter()
            .filter(|e| matches!(e.role, Role::H1 | Role::H2 | Role::H3))
            .map(|e| (e.role, e.text.as_deref().unwrap_or("")))
            .collect();
        assert_eq!(
            roles,
            vec![
                (Role::H1, "Section 1"),
                (Role::H2, "East Kent"),
                (Role::H2, "Mid Kent"),
                (Role::H1, "Section 2"),
                (Role::H2, "Part"),
                (Role::H3, "Detail"),
            ]
        );
    }

    #[test]
    fn characters_the_font_lacks_become_question_marks() {
        assert_eq!(clean("ok ✓ £ é “x” ↑\tend\u{7}"), "ok ? £ é “x” ↑ end");
    }

    #[test]
    fn every_kind_of_pasted_line_break_is_a_new_line_and_what_xml_forbids_goes() {
        // Word's own line break pasted as plain text is a vertical tab; old Macs end lines
        // with a lone CR; a bell, a form feed's neighbours and U+FFFE would make Word refuse
        // the whole file.
        let pasted = "one\u{0B}two\r\nthree\rfour\u{2028}five\u{7}\u{FFFE}\u{FFFF}\tsix";
        assert_eq!(xml_text(pasted), "one\ntwo\nthree\nfour\nfive\tsix");
        assert_eq!(clean(pasted), "one\ntwo\nthree\nfour\nfive six");
    }

    #[test]
    fn truncation_ends_with_an_ellipsis_and_fits() {
        let t = truncate(
            &"Facilities management ".repeat(10),
            Weight::Regular,
            9.0,
            120.0,
        );
        assert!(t.ends_with('…'));
        assert!(width(&t, Weight::Regular, 9.0) <= 120.0);
    }

    fn rows(n: usize, lines_per_cell: usize) -> Table {
        let mut t = Table::new(vec![col("Reference", 1.0), col("Description", 3.0)]);
        for i in 0..n {
            t.row(vec![
                Cell::new(format!("KPI {i}")),
                Cell::new(vec!["word"; lines_per_cell].join("\n")),
            ]);
        }
        t
    }

    fn texts(p: &Page) -> Vec<String> {
        p.canvas
            .ops
            .iter()
            .filter_map(|o| match o {
                Op::ShowText { items } => match &items[0] {
                    TextItem::Text(s) => Some(s.clone()),
                    _ => None,
                },
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_long_table_repeats_its_header_on_every_page() {
        let mut f = Flow::new("x");
        f.table(&rows(120, 1));
        assert!(f.pages.len() >= 2);
        for p in &f.pages {
            assert_eq!(texts(p).first().map(String::as_str), Some("Reference"));
        }
        let all: Vec<String> = f.pages.iter().flat_map(texts).collect();
        for i in 0..120 {
            assert!(all.contains(&format!("KPI {i}")));
        }
    }

    #[test]
    fn a_row_taller_than_a_page_is_split_and_nothing_is_lost() {
        let mut f = Flow::new("x");
        f.table(&rows(1, 150));
        assert!(f.pages.len() >= 2);
        let words = f
            .pages
            .iter()
            .flat_map(texts)
            .filter(|s| s == "word")
            .count();
        assert_eq!(words, 150);
        assert!(f.y >= BODY_BOTTOM - 8.0);
    }
}
