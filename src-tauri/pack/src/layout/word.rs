//! The same documents as Word files (Office Open XML, ECMA-376), for democratic services to
//! edit before publishing. Written with docx-rs from the structure the layout recorded
//! (`tags`), so the Word file says what the PDF says, in the same order:
//! - headings in Word's own Heading 1–3 styles (the navigation pane and a table of contents
//!   work), paragraphs, bulleted lists;
//! - tables with their first row a header row that repeats on every page (`w:tblHeader`),
//!   column widths and cell fills as in the PDF;
//! - each chart as a PNG image drawn from the same shapes (tiny-skia, the text with the
//!   embedded font's own outlines), with its alternative text as the picture's description;
//! - the protective marking in the page header and footer, with the running header and
//!   "Page X of Y";
//! - Arial throughout (the PDF's Liberation Sans has Arial's metrics), A4, the document's
//!   title and language (`en-GB`) set;
//! - the pages the document names (its contents, an agenda's pages, "on page N") as fields
//!   to bookmarks on the headings, which Word and LibreOffice number for their own pages.
//!
//! What docx-rs does not write is added to its XML parts before they are zipped: the header
//! row mark, the pictures' descriptions, the language and the core properties (title and a
//! fixed date, so the same document is always the same bytes).

use crate::layout::pdf::Assembled;
use crate::layout::tags::{Drawing, Elem, Kid, Role, Shape, Tags};
use crate::layout::{xml_text, Colour, Fonts, BODY_W, MARGIN_X, PAGE_H, PAGE_W};
use docx_rs::{
    AbstractNumbering, AlignmentType, BreakType, Docx, FieldCharType, Footer, Header, IndentLevel,
    InstrPAGEREF, InstrText, Level, LevelJc, LevelText, LineSpacing, LineSpacingType, NumPages,
    NumberFormat, Numbering, NumberingId, PageMargin, PageNum, Paragraph, Pic, Run, RunFonts,
    Shading, Start, Style, StyleType, Tab, TabLeaderType, TabValueType, Table, TableCell,
    TableCellMargins, TableRow, WidthType,
};
use std::collections::HashMap;

/// Twentieths of a point, Word's unit for page geometry and table widths.
fn twips(pt: f32) -> i32 {
    (pt * 20.0).round() as i32
}

/// English Metric Units, DrawingML's unit: 12,700 to the point.
fn emu(pt: f32) -> u32 {
    (pt * 12_700.0).round() as u32
}

fn hex(c: Colour) -> String {
    let b = |v: f32| (v.clamp(0.0, 1.0) * 255.0).round() as u8;
    format!("{:02X}{:02X}{:02X}", b(c.0), b(c.1), b(c.2))
}

/// The image's pixels to a point: 2, 144 dots an inch, sharp on screen and in print.
const SCALE: f32 = 2.0;
/// The bulleted list's numbering: 2, because docx-rs already defines numbering 1 (decimal,
/// "1.", which made every list a numbered one counting on across the document).
const BULLETS: usize = 2;
/// Tables' text, in half-points, where a table has no size of its own: 8.5 points, as in
/// the PDF.
const TABLE_TEXT: usize = 17;

/// The Word document's bytes; `pages` is the PDF's page count (Word paginates for itself).
pub fn render_word(a: Assembled) -> crate::Pack {
    let a = for_word(a);
    let arial = RunFonts::new()
        .ascii("Arial")
        .hi_ansi("Arial")
        .cs("Arial")
        .east_asia("Arial");
    let navy = hex(crate::layout::NAVY);
    // Each heading style: its id and name (Word's built-in "heading N"), outline level,
    // size in half-points and space before in twentieths of a point.
    let heading = |id: &str, name: &str, level: usize, half_points: usize, before: u32| {
        Style::new(id, StyleType::Paragraph)
            .name(name)
            .based_on("Normal")
            .next("Normal")
            .q_format(true)
            .bold()
            .size(half_points)
            .color(navy.clone())
            .outline_lvl(level)
            .line_spacing(LineSpacing::new().before(before).after(80))
    };
    let marking = a.marking.label();
    // One running header for the whole document: the pages' own when they share one (a
    // contract's pack), else the document's title (a meeting pack, whose parts differ).
    // The title already says what the right-hand text would (the meeting's date).
    let first = a.pages.first().map(|p| p.header.as_str()).unwrap_or("");
    let running = if a.pages.iter().all(|p| p.header == first) {
        format!("{first} – {}", a.header_right)
    } else {
        a.title.clone()
    };
    let header = Header::new()
        .add_paragraph(
            Paragraph::new()
                .align(AlignmentType::Center)
                .add_run(Run::new().add_text(marking).bold().size(18)),
        )
        .add_paragraph(
            Paragraph::new().add_run(Run::new().add_text(running).size(16).color("616161")),
        );
    let footer = Footer::new()
        .add_paragraph(
            Paragraph::new()
                .align(AlignmentType::Center)
                .add_run(Run::new().add_text(format!("{} – Page ", a.kind)))
                .add_page_num(PageNum::new())
                .add_run(Run::new().add_text(" of "))
                .add_num_pages(NumPages::new()),
        )
        .add_paragraph(
            Paragraph::new()
                .align(AlignmentType::Center)
                .add_run(Run::new().add_text(marking).bold().size(18)),
        );
    let margin = twips(MARGIN_X);
    let mut docx = Docx::new()
        .page_size(twips(PAGE_W) as u32, twips(PAGE_H) as u32)
        .page_margin(
            PageMargin::new()
                .top(twips(66.0))
                .bottom(twips(58.0))
                .left(margin)
                .right(margin)
                .header(twips(24.0))
                .footer(twips(20.0)),
        )
        .default_fonts(arial)
        .default_size(20)
        // Paragraphs spaced as in the PDF: 4.5 points after each.
        .default_line_spacing(LineSpacing::new().after(90))
        .add_style(heading("Heading1", "heading 1", 0, 30, 360))
        .add_style(heading("Heading2", "heading 2", 1, 26, 240))
        .add_style(heading("Heading3", "heading 3", 2, 23, 180))
        .add_abstract_numbering(
            AbstractNumbering::new(BULLETS).add_level(
                Level::new(
                    0,
                    Start::new(1),
                    NumberFormat::new("bullet"),
                    LevelText::new("•"),
                    LevelJc::new("left"),
                )
                .indent(
                    Some(360),
                    Some(docx_rs::SpecialIndentType::Hanging(240)),
                    None,
                    None,
                ),
            ),
        )
        .add_numbering(Numbering::new(BULLETS, BULLETS))
        .header(header)
        .footer(footer);
    let mut patches = Patches::default();
    let refs = References::of(&a.tags);
    for i in elem_ids(&a.tags.elems[0]) {
        docx = block(docx, &a.tags, i, &refs, &mut patches);
    }
    let mut xml = docx.build();
    patch(&mut xml, &a.title, a.date, &patches);
    let mut out = std::io::Cursor::new(Vec::new());
    xml.pack(&mut out).expect("writing to memory cannot fail");
    crate::Pack {
        bytes: deflated(&out.into_inner()),
        pages: a.pages.len(),
        format: crate::Format::Word,
    }
}

/// `a` with every text as XML 1.0 can hold it (`xml_text`): docx-rs escapes what it
/// writes but keeps the characters XML forbids, and one of them in a heading, a running
/// header or a cell makes Word refuse the whole file.
fn for_word(mut a: Assembled) -> Assembled {
    a.title = xml_text(&a.title);
    a.header_right = xml_text(&a.header_right);
    for p in &mut a.pages {
        p.header = xml_text(&p.header);
    }
    for e in &mut a.tags.elems {
        for t in [&mut e.text, &mut e.alt].into_iter().flatten() {
            *t = xml_text(t);
        }
    }
    a
}

fn text_of(e: &Elem) -> &str {
    e.text.as_deref().unwrap_or("")
}

/// The indices of the elements `e` holds, in order.
fn elem_ids(e: &Elem) -> impl Iterator<Item = usize> + '_ {
    e.kids.iter().filter_map(|k| match k {
        Kid::Elem(i) => Some(*i),
        Kid::Content { .. } => None,
    })
}

fn kids<'a>(tags: &'a Tags, e: &'a Elem) -> impl Iterator<Item = &'a Elem> + 'a {
    elem_ids(e).map(move |i| &tags.elems[i])
}

/// Where the document names a page (a contents entry, an agenda row's page, "on page 5" in a
/// paragraph), the Word document names the heading on that page instead: the heading gets a
/// bookmark, and the page is a `PAGEREF` field to it (ECMA-376 Part 1 §17.16.5.45), showing
/// the PDF's number until Word or LibreOffice lays out its own pages (the field is marked
/// dirty, so Word works it out as it opens the file; LibreOffice as it lays out).
#[derive(Default)]
struct References {
    /// A heading's element → its bookmark's id.
    bookmarks: HashMap<usize, usize>,
    /// An element that names a page (a `Link`, a paragraph with a `PageRef`) → the bookmark.
    names: HashMap<usize, usize>,
}

impl References {
    /// The heading each page reference names: on the page it names, the heading whose text
    /// is the contents entry's, else the page's first heading. A page with no heading is
    /// named by its number alone, as in the PDF.
    fn of(tags: &Tags) -> References {
        let first_page = |e: &Elem| {
            e.kids.iter().find_map(|k| match k {
                Kid::Content { page, .. } => Some(*page),
                Kid::Elem(_) => None,
            })
        };
        let headings: Vec<(usize, usize)> = tags
            .elems
            .iter()
            .enumerate()
            .filter(|(_, e)| matches!(e.role, Role::H1 | Role::H2 | Role::H3))
            .filter_map(|(i, e)| first_page(e).map(|page| (i, page)))
            .collect();
        let mut refs = References::default();
        for (i, e) in tags.elems.iter().enumerate() {
            let (page, entry) = match (&e.link, &e.page_ref) {
                (Some(link), _) => {
                    let parent = e.parent.map(|p| &tags.elems[p]);
                    let entry = parent.filter(|p| p.role == Role::TOCI).map(text_of);
                    (link.page, entry)
                }
                (None, Some(r)) => (r.page, None),
                (None, None) => continue,
            };
            let on_page = || headings.iter().filter(|(_, p)| *p == page).map(|(h, _)| *h);
            let heading = on_page()
                .find(|h| entry.is_some_and(|t| text_of(&tags.elems[*h]) == t))
                .or_else(|| on_page().next());
            if let Some(h) = heading {
                let next = refs.bookmarks.len() + 1;
                let id = *refs.bookmarks.entry(h).or_insert(next);
                refs.names.insert(i, id);
            }
        }
        refs
    }
}

fn bookmark(id: usize) -> String {
    format!("_Ref{id}")
}

/// `p` with a `PAGEREF` field to bookmark `id`, showing `shown`; every run of the field is
/// set by `style` (LibreOffice sets the result as the field's first run).
fn page_field(p: Paragraph, id: usize, shown: &str, style: impl Fn(Run) -> Run) -> Paragraph {
    let instr = InstrText::PAGEREF(InstrPAGEREF::new(bookmark(id)));
    // Marked dirty, so Word works the number out for its own pages as it opens the file.
    p.add_run(style(Run::new()).add_field_char(FieldCharType::Begin, true))
        .add_run(style(Run::new()).add_instr_text(instr))
        .add_run(style(Run::new()).add_field_char(FieldCharType::Separate, false))
        .add_run(style(Run::new()).add_text(shown))
        .add_run(style(Run::new()).add_field_char(FieldCharType::End, false))
}

/// A run for each line of `text` (a line break between them), bold when `bold`.
fn runs(p: Paragraph, text: &str, bold: bool) -> Paragraph {
    set_runs(p, text, bold, None, None)
}

/// A paragraph element's text as it is set: bold, size and colour as in the PDF.
fn elem_runs(e: &Elem, default_half_points: Option<usize>) -> Paragraph {
    let size = (e.size > 0.0)
        .then(|| (e.size * 2.0).round() as usize)
        .or(default_half_points);
    set_runs(Paragraph::new(), text_of(e), e.bold, size, e.colour)
}

/// As `runs`, at `half_points` and in `colour` when given.
fn set_runs(
    mut p: Paragraph,
    text: &str,
    bold: bool,
    half_points: Option<usize>,
    colour: Option<Colour>,
) -> Paragraph {
    // The text is as XML holds it already (`for_word`): only its lines are split here.
    for (i, line) in text.split('\n').enumerate() {
        let mut r = set(Run::new(), bold, half_points, colour);
        if i > 0 {
            r = r.add_break(BreakType::TextWrapping);
        }
        p = p.add_run(r.add_text(line));
    }
    p
}

/// A run set bold when `bold`, at `half_points` and in `colour` when given.
fn set(mut r: Run, bold: bool, half_points: Option<usize>, colour: Option<Colour>) -> Run {
    if let Some(s) = half_points {
        r = r.size(s);
    }
    if let Some(c) = colour {
        r = r.color(hex(c));
    }
    if bold {
        r = r.bold();
    }
    r
}

/// What `block` wrote that docx-rs cannot mark, in the order it is written, for `patch` to
/// add to the XML.
#[derive(Default)]
struct Patches {
    /// Each picture's alternative text.
    descriptions: Vec<String>,
    /// Whether each table's first row is a header row, to repeat on every page.
    header_rows: Vec<bool>,
}

fn block(docx: Docx, tags: &Tags, i: usize, refs: &References, patches: &mut Patches) -> Docx {
    let e = &tags.elems[i];
    match e.role {
        Role::H1 | Role::H2 | Role::H3 => {
            let style = match e.role {
                Role::H1 => "Heading1",
                Role::H2 => "Heading2",
                _ => "Heading3",
            };
            // A document's title keeps its own size (larger than a section's heading).
            let mut run = Run::new().add_text(text_of(e));
            if e.size > 0.0 {
                run = run.size((e.size * 2.0).round() as usize);
            }
            let p = Paragraph::new()
                .style(style)
                .keep_next(true)
                .page_break_before(e.page_break);
            docx.add_paragraph(match refs.bookmarks.get(&i) {
                Some(id) => p
                    .add_bookmark_start(*id, bookmark(*id))
                    .add_run(run)
                    .add_bookmark_end(*id),
                None => p.add_run(run),
            })
        }
        Role::P => {
            let p = match (&e.page_ref, refs.names.get(&i)) {
                // The page number as a field between the text before it and after it.
                (Some(r), Some(id)) if text_of(e).get(r.at.clone()).is_some() => {
                    let text = text_of(e);
                    let size = (e.size > 0.0).then(|| (e.size * 2.0).round() as usize);
                    let p = set_runs(
                        Paragraph::new(),
                        &text[..r.at.start],
                        e.bold,
                        size,
                        e.colour,
                    );
                    let p = page_field(p, *id, &text[r.at.clone()], |run| {
                        set(run, e.bold, size, e.colour)
                    });
                    set_runs(p, &text[r.at.end..], e.bold, size, e.colour)
                }
                _ => elem_runs(e, None),
            };
            docx.add_paragraph(p.page_break_before(e.page_break))
        }
        Role::L => kids(tags, e)
            .filter_map(|li| kids(tags, li).find(|k| k.role == Role::LBody))
            .fold(docx, |d, body| {
                d.add_paragraph(
                    runs(Paragraph::new(), text_of(body), body.bold)
                        .numbering(NumberingId::new(BULLETS), IndentLevel::new(0)),
                )
            }),
        // A table of labels and values (no header row; each row's label is its header)
        // becomes a paragraph a row, the label in bold: Word has no row headers that a
        // tagged PDF made from it keeps.
        Role::Table if !has_header_row(tags, e) => kids(tags, e).fold(docx, |d, tr| {
            // The value keeps how the PDF sets it: a warning stays bold and red.
            let mut cells = kids(tags, tr);
            let label = cells.next().map(text_of).unwrap_or("");
            let p = runs(Paragraph::new(), &format!("{label} "), true);
            d.add_paragraph(cells.fold(p, |p, v| set_runs(p, text_of(v), v.bold, None, v.colour)))
        }),
        Role::Table => {
            patches.header_rows.push(has_header_row(tags, e));
            docx.add_table(table(tags, e, refs))
        }
        Role::Figure => {
            let Some(d) = &e.drawing else { return docx };
            let (png, w, h) = picture(d);
            patches.descriptions.push(e.alt.clone().unwrap_or_default());
            let pic = Pic::new_with_dimensions(png, w, h)
                .id(format!("rIdImage{}", patches.descriptions.len()))
                .size(emu(d.width), emu(d.height));
            docx.add_paragraph(Paragraph::new().add_run(Run::new().add_image(pic)))
        }
        // The contents: each entry's title, a dotted leader and its page as a field to the
        // heading (a section's entries indented under it, as in the PDF). Not hyperlinks:
        // LibreOffice 7.4's PDF export leaves their annotations out of the page's tab order.
        Role::TOC => kids(tags, e).fold(docx, |d, item| {
            let mut p = Paragraph::new().add_tab(
                Tab::new()
                    .val(TabValueType::Right)
                    .leader(TabLeaderType::Dot)
                    .pos(twips(BODY_W) as usize),
            );
            if !item.bold {
                p = p.indent(Some(twips(16.0)), None, None, None);
            }
            p = p.add_run(set(Run::new(), item.bold, None, None).add_text(text_of(item)));
            let link = elem_ids(item)
                .find_map(|l| Some((refs.names.get(&l)?, tags.elems[l].link.as_ref()?)));
            if let Some((id, to)) = link {
                p = p.add_run(Run::new().add_tab());
                let shown = (to.page + 1).to_string();
                p = page_field(p, *id, &shown, |r| set(r, item.bold, None, None));
            }
            d.add_paragraph(p)
        }),
        // Elements that hold others (a document part appended to this one).
        _ => elem_ids(e).fold(docx, |d, j| block(d, tags, j, refs, patches)),
    }
}

/// Whether a table's first row is column headers.
fn has_header_row(tags: &Tags, e: &Elem) -> bool {
    kids(tags, e)
        .next()
        .and_then(|tr| kids(tags, tr).next())
        .is_some_and(|c| c.scope == Some("Column"))
}

fn table(tags: &Tags, e: &Elem, refs: &References) -> Table {
    let widths: Vec<usize> = e.widths.iter().map(|w| twips(*w) as usize).collect();
    // The table's own text size where it has one (the dashboard's and the months' tables
    // are set smaller to hold their columns), as in the PDF.
    let text_size = if e.size > 0.0 {
        (e.size * 2.0).round() as usize
    } else {
        TABLE_TEXT
    };
    // The PDF's leading, 1.25 times the size (Word's single spacing is about 1.15), so the
    // rows are as tall as the PDF's and the pages break alike.
    let line_twips = (text_size as f32 * 10.0 * 1.25).round() as i32;
    let rows: Vec<TableRow> = kids(tags, e)
        .filter(|tr| tr.role == Role::TR)
        .map(|tr| {
            let cells = kids(tags, tr)
                .enumerate()
                .map(|(c, cell)| {
                    let mut p = Paragraph::new().line_spacing(
                        LineSpacing::new()
                            .after(0)
                            .line_rule(LineSpacingType::AtLeast)
                            .line(line_twips),
                    );
                    if e.right_aligned.get(c).copied().unwrap_or(false) {
                        p = p.align(AlignmentType::Right);
                    }
                    let bold = cell.bold || cell.role == Role::TH;
                    let text = text_of(cell);
                    // A cell that is a page number linked to its page (an agenda's "Page")
                    // is a field to the heading there.
                    let named = elem_ids(cell).find_map(|l| refs.names.get(&l));
                    let p = match named {
                        Some(id)
                            if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) =>
                        {
                            page_field(p, *id, text, |r| set(r, bold, Some(text_size), cell.colour))
                        }
                        _ => set_runs(p, text, bold, Some(text_size), cell.colour),
                    };
                    let mut tc = TableCell::new().add_paragraph(p);
                    if let Some(w) = widths.get(c) {
                        tc = tc.width(*w, WidthType::Dxa);
                    }
                    let fill = match (cell.fill, cell.scope) {
                        (Some(f), _) => Some(f),
                        (None, Some("Column")) => Some(crate::layout::HEADER_FILL),
                        _ => None,
                    };
                    if let Some(f) = fill {
                        tc = tc.shading(Shading::new().fill(hex(f)));
                    }
                    tc
                })
                .collect();
            let row = TableRow::new(cells);
            // A row is kept on one page unless it is long: Word cuts off a row that may not
            // break and is taller than a page (a pasted checklist in a rationale).
            if short_row(tags, tr, &e.widths) {
                row.cant_split()
            } else {
                row
            }
        })
        .collect();
    // The PDF's cell padding (3.5 points, 70 twips), not Word's wider default, so the
    // columns hold the same words.
    Table::new(rows)
        .margins(TableCellMargins::new().margin(40, 70, 40, 70))
        .set_grid(widths.clone())
        .width(widths.iter().sum(), WidthType::Dxa)
}

/// Whether a table row is short enough to keep on one page: its tallest cell, estimated
/// at the table text's average character width (4.3 points at 8.5 points) and leading
/// (10.5 points), is under a third of a page's body.
fn short_row(tags: &Tags, tr: &Elem, widths: &[f32]) -> bool {
    const THIRD_OF_A_PAGE: f32 = 240.0;
    kids(tags, tr).zip(widths).all(|(cell, width)| {
        let per_line = ((width - 7.0) / 4.3).max(1.0);
        let lines: f32 = text_of(cell)
            .split('\n')
            .map(|l| (l.chars().count() as f32 / per_line).ceil().max(1.0))
            .sum();
        lines * 10.5 < THIRD_OF_A_PAGE
    })
}

/// A chart's shapes drawn as a PNG image: returns the bytes and the size in pixels.
fn picture(d: &Drawing) -> (Vec<u8>, u32, u32) {
    use tiny_skia::{Color, FillRule, Paint, PathBuilder, Pixmap, Rect, Stroke, Transform};
    let w = (d.width * SCALE).ceil() as u32;
    let h = (d.height * SCALE).ceil().max(1.0) as u32;
    let mut pixmap = Pixmap::new(w, h).expect("a chart has a size");
    pixmap.fill(Color::WHITE);
    let scale = Transform::from_scale(SCALE, SCALE);
    let paint = |c: Colour| {
        let mut p = Paint::default();
        p.set_color_rgba8(
            (c.0 * 255.0) as u8,
            (c.1 * 255.0) as u8,
            (c.2 * 255.0) as u8,
            255,
        );
        p.anti_alias = true;
        p
    };
    for shape in &d.shapes {
        match shape {
            Shape::Rect {
                x,
                y,
                w,
                h,
                fill,
                stroke,
            } => {
                let Some(rect) = Rect::from_xywh(*x, *y, *w, *h) else {
                    continue;
                };
                if let Some(f) = fill {
                    pixmap.fill_rect(rect, &paint(*f), scale, None);
                }
                if let Some((c, t)) = stroke {
                    let path = PathBuilder::from_rect(rect);
                    let stroke = Stroke {
                        width: *t,
                        ..Stroke::default()
                    };
                    pixmap.stroke_path(&path, &paint(*c), &stroke, scale, None);
                }
            }
            Shape::Line {
                points,
                colour,
                thickness,
                dashed,
            } => {
                let mut pb = PathBuilder::new();
                pb.move_to(points[0].0, points[0].1);
                for p in &points[1..] {
                    pb.line_to(p.0, p.1);
                }
                let Some(path) = pb.finish() else { continue };
                let stroke = Stroke {
                    width: *thickness,
                    dash: if *dashed {
                        tiny_skia::StrokeDash::new(vec![4.0, 3.0], 0.0)
                    } else {
                        None
                    },
                    ..Stroke::default()
                };
                pixmap.stroke_path(&path, &paint(*colour), &stroke, scale, None);
            }
            Shape::Text {
                x,
                baseline,
                text,
                weight,
                size,
                colour,
            } => {
                let face = Fonts::get().face(*weight);
                let mut pb = Outline {
                    pb: PathBuilder::new(),
                    x: *x,
                    y: *baseline,
                    k: size / face.units_per_em,
                };
                for c in text.chars() {
                    if let Some(g) = face.face.glyph_index(c) {
                        face.face.outline_glyph(g, &mut pb);
                    }
                    pb.x += face.width(c.encode_utf8(&mut [0; 4]), *size);
                }
                if let Some(path) = pb.pb.finish() {
                    pixmap.fill_path(&path, &paint(*colour), FillRule::Winding, scale, None);
                }
            }
        }
    }
    let png = pixmap.encode_png().expect("a pixmap encodes");
    (png, w, h)
}

/// A glyph's outline (font units, y up) placed at a pen position (points, y down).
struct Outline {
    pb: tiny_skia::PathBuilder,
    x: f32,
    y: f32,
    k: f32,
}

impl Outline {
    fn at(&self, x: f32, y: f32) -> (f32, f32) {
        (self.x + x * self.k, self.y - y * self.k)
    }
}

impl ttf_parser::OutlineBuilder for Outline {
    fn move_to(&mut self, x: f32, y: f32) {
        let (x, y) = self.at(x, y);
        self.pb.move_to(x, y);
    }
    fn line_to(&mut self, x: f32, y: f32) {
        let (x, y) = self.at(x, y);
        self.pb.line_to(x, y);
    }
    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        let (x1, y1) = self.at(x1, y1);
        let (x, y) = self.at(x, y);
        self.pb.quad_to(x1, y1, x, y);
    }
    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        let (x1, y1) = self.at(x1, y1);
        let (x2, y2) = self.at(x2, y2);
        let (x, y) = self.at(x, y);
        self.pb.cubic_to(x1, y1, x2, y2, x, y);
    }
    fn close(&mut self) {
        self.pb.close();
    }
}

/// The package again with its XML parts deflated: docx-rs stores its parts uncompressed,
/// which makes a pack several times the size. The images are PNG, compressed already, and
/// stay stored. Entries keep their order and zip's fixed default time, so the same document
/// is the same bytes.
fn deflated(stored: &[u8]) -> Vec<u8> {
    use std::io::{Cursor, Read, Write};
    use zip::write::SimpleFileOptions;
    let mut archive = zip::ZipArchive::new(Cursor::new(stored)).expect("docx-rs wrote a zip");
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    // zip's fixed default time, said outright: with zip's `time` feature on, the default
    // would be now.
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    let mut buf = Vec::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).expect("an entry");
        let name = entry.name().expect("a part name docx-rs wrote").to_string();
        if entry.is_dir() {
            out.add_directory(name, options).expect("in memory");
            continue;
        }
        buf.clear();
        entry.read_to_end(&mut buf).expect("in memory");
        let options = if name.ends_with(".png") {
            options.compression_method(zip::CompressionMethod::Stored)
        } else {
            options
        };
        out.start_file(name, options).expect("in memory");
        out.write_all(&buf).expect("in memory");
    }
    out.finish().expect("in memory").into_inner()
}

/// Text for an attribute or element written into a part by hand (cleaned by `for_word`
/// already), escaped as XML.
fn escape(s: &str) -> String {
    quick_xml::escape::escape(s).into_owned()
}

/// What docx-rs does not write, added to its parts: each table's first row repeats as a
/// header row when its cells are header cells; each picture gets its own id and its
/// alternative text as `descr`; Normal is marked the default paragraph style and the
/// default language is `en-GB`; the core properties hold
/// the title, the language and the document's date.
fn patch(
    xml: &mut docx_rs::XMLDocx,
    title: &str,
    date: Option<chrono::NaiveDate>,
    patches: &Patches,
) {
    let doc = String::from_utf8(std::mem::take(&mut xml.document)).expect("docx-rs writes UTF-8");
    // Header rows: docx-rs writes `<w:tr><w:trPr><w:cantSplit />` for every row; the first
    // row of a table `block` wrote with a header row repeats.
    let mut out = String::with_capacity(doc.len() + 1024);
    let mut rest = doc.as_str();
    let mut picture = 0;
    let mut tables = patches.header_rows.iter();
    loop {
        let next_table = rest.find("<w:tbl>");
        let next_pic = rest.find("<wp:docPr id=\"1\" name=\"Figure\" />");
        match (next_table, next_pic) {
            (Some(t), p) if p.is_none_or(|p| t < p) => {
                out.push_str(&rest[..t]);
                rest = &rest[t..];
                // The first row's properties.
                let row = rest.find("<w:tr>").unwrap_or(0);
                let header = tables.next().copied().unwrap_or(false);
                let props = "<w:trPr><w:cantSplit />";
                match rest[row..].find(props) {
                    Some(at) if header => {
                        let at = row + at + props.len();
                        out.push_str(&rest[..at]);
                        out.push_str("<w:tblHeader />");
                        rest = &rest[at..];
                    }
                    _ => {
                        out.push_str("<w:tbl>");
                        rest = &rest["<w:tbl>".len()..];
                    }
                }
            }
            (_, Some(p)) => {
                out.push_str(&rest[..p]);
                picture += 1;
                let alt = patches
                    .descriptions
                    .get(picture - 1)
                    .map(String::as_str)
                    .unwrap_or("");
                out.push_str(&format!(
                    "<wp:docPr id=\"{picture}\" name=\"Chart {picture}\" descr=\"{}\" />",
                    escape(alt)
                ));
                rest = &rest[p + "<wp:docPr id=\"1\" name=\"Figure\" />".len()..];
            }
            _ => {
                out.push_str(rest);
                break;
            }
        }
    }
    xml.document = out.into_bytes();
    let styles = String::from_utf8(std::mem::take(&mut xml.styles)).expect("UTF-8");
    xml.styles = styles
        // Normal is the default paragraph style: Word and python-docx look for the flag.
        .replacen(
            "<w:style w:type=\"paragraph\" w:styleId=\"Normal\">",
            "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\">",
            1,
        )
        .replacen(
            "<w:rPrDefault><w:rPr>",
            "<w:rPrDefault><w:rPr><w:lang w:val=\"en-GB\" w:eastAsia=\"en-GB\" w:bidi=\"ar-SA\" />",
            1,
        )
        .into_bytes();
    let when = date
        .map(|d| format!("{}T00:00:00Z", d.format("%Y-%m-%d")))
        .unwrap_or_else(|| "2000-01-01T00:00:00Z".into());
    xml.doc_props.core = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>{}</dc:title><dc:language>en-GB</dc:language><dc:creator>Contract management maturity</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">{when}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">{when}</dcterms:modified></cp:coreProperties>"#,
        escape(title)
    )
    .into_bytes();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whatever_was_typed_every_part_is_well_formed_xml() {
        use crate::layout::{col, Cell, Flow, Style, Table};
        use std::io::Read;
        // Pasted from Word and elsewhere: markup characters, Word's line break (a vertical
        // tab), a bell, a form feed, an escape, U+FFFE and U+FFFF, CR on its own.
        let typed = "A & B <c> \"d\" 'e'\u{0B}f\r\ng\u{7}h\u{FFFE}i\u{FFFF}j\u{C}k\u{1B}l\rm";
        let mut f = Flow::new(typed);
        f.title(typed, Style::BODY);
        f.heading(typed, 0, false);
        f.subheading(typed);
        f.paragraph(typed, Style::BODY);
        f.paragraph_naming_page(typed, 1, typed, Style::BODY);
        f.bullets(&[typed.to_owned()], Style::BODY);
        let mut t = Table::new(vec![col(typed, 1.0), col("Page", 1.0)]);
        t.row(vec![Cell::new(typed), Cell::new("1").link(1, typed)]);
        f.table(&t);
        let pack = render_word(Assembled {
            title: typed.into(),
            header_right: typed.into(),
            kind: "Test",
            pages: f.pages,
            tags: f.tags,
            outline: f.marks,
            marking: crate::Marking::Official,
            date: None,
        });
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(pack.bytes)).expect("a zip");
        let mut parts = 0;
        for i in 0..zip.len() {
            let mut part = zip.by_index(i).expect("a part");
            let name = part.name().expect("a part name").to_string();
            if !(name.ends_with(".xml") || name.ends_with(".rels")) {
                continue;
            }
            let mut xml = String::new();
            part.read_to_string(&mut xml).expect("UTF-8");
            for token in xmlparser::Tokenizer::from(xml.as_str()) {
                if let Err(e) = token {
                    panic!("{name} is not well-formed XML: {e}");
                }
            }
            parts += 1;
        }
        assert!(parts >= 8, "{parts} parts read");
    }

    #[test]
    fn units() {
        use crate::layout::BODY_W;
        assert_eq!(twips(BODY_W), 9746);
        assert_eq!(emu(1.0), 12_700);
        assert_eq!(hex(Colour(1.0, 0.0, 0.5)), "FF0080");
    }
}
