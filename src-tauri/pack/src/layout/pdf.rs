//! Turns laid-out pages into PDF bytes: the running header and "Page X of Y" footer on
//! every page (artifacts), the two embedded faces (subset to the glyphs used), a nested
//! outline (bookmarks), the structure tree and what PDF/UA-1 asks of a tagged document
//! (language, title shown, XMP metadata), and a document /ID derived from the content, so
//! the same pack is always the same bytes.

use crate::layout::{
    tags::{Kid, Tags},
    truncate, wrap, Canvas, Mark, Page, Weight, BLACK, BODY_W, BOLD_ID, BOLD_TTF, GREY, MARGIN_X,
    PAGE_H, PAGE_W, REGULAR_ID, REGULAR_TTF, RULE,
};
use crate::Marking;
use lopdf::{Dictionary, Object, ObjectId, StringFormat};
use printpdf::{FontId, Mm, OffsetDateTime, ParsedFont, PdfDocument, PdfPage, PdfSaveOptions};
use sha2::{Digest, Sha256};
use std::sync::OnceLock;

pub struct Assembled {
    pub title: String,
    /// Shown at the right of the running header on every page.
    pub header_right: String,
    /// What the document is, at the left of the footer on every page ("Six-month update to
    /// the committee").
    pub kind: &'static str,
    pub pages: Vec<Page>,
    /// The structure of the pages' content, with pages counted across the whole document.
    pub tags: Tags,
    /// Outline entries, with `page` counted across the whole document.
    pub outline: Vec<Mark>,
    pub marking: Marking,
    /// Recorded as the document's creation date, so it never depends on the clock.
    pub date: Option<chrono::NaiveDate>,
}

fn parsed_fonts() -> &'static (ParsedFont, ParsedFont) {
    static PARSED: OnceLock<(ParsedFont, ParsedFont)> = OnceLock::new();
    PARSED.get_or_init(|| {
        let parse = |b: &[u8]| {
            ParsedFont::from_bytes(b, 0, &mut Vec::new()).expect("the embedded font parses")
        };
        (parse(REGULAR_TTF), parse(BOLD_TTF))
    })
}

fn stamp(
    c: &mut Canvas,
    header_left: &str,
    header_right: &str,
    kind: &str,
    marking: &str,
    n: usize,
    total: usize,
) {
    let top = PAGE_H - 30.0;
    c.text_centre(PAGE_W / 2.0, top + 6.0, marking, Weight::Bold, 9.0, BLACK);
    let half = BODY_W * 0.48;
    // What the pack is about has the width the right-hand text leaves it, and two lines
    // before it is cut short (a group of three contracts); the rule goes under it.
    let right_w = crate::layout::width(header_right, Weight::Regular, 8.0).min(half);
    let left = header_lines(header_left, (BODY_W - right_w - 18.0).max(half));
    for (i, l) in left.iter().enumerate() {
        let y = top - 10.0 - i as f32 * HEADER_LEAD;
        c.text(MARGIN_X, y, l, Weight::Regular, 8.0, GREY);
    }
    c.text_right(
        MARGIN_X + BODY_W,
        top - 10.0,
        &truncate(header_right, Weight::Regular, 8.0, half),
        Weight::Regular,
        8.0,
        GREY,
    );
    let rule = top - 15.0 - (left.len().max(1) - 1) as f32 * HEADER_LEAD;
    c.line(
        &[(MARGIN_X, rule), (MARGIN_X + BODY_W, rule)],
        RULE,
        0.5,
        false,
    );
    let bottom = 30.0;
    c.line(
        &[
            (MARGIN_X, bottom + 14.0),
            (MARGIN_X + BODY_W, bottom + 14.0),
        ],
        RULE,
        0.5,
        false,
    );
    c.text(MARGIN_X, bottom, kind, Weight::Regular, 8.0, GREY);
    c.text_centre(PAGE_W / 2.0, bottom, marking, Weight::Bold, 9.0, BLACK);
    c.text_right(
        MARGIN_X + BODY_W,
        bottom,
        &format!("Page {n} of {total}"),
        Weight::Regular,
        8.0,
        GREY,
    );
}

/// The running header's line spacing (8-point text).
const HEADER_LEAD: f32 = 9.5;

/// The running header's left-hand text in `width` points: one line, or two with the second
/// cut short with an ellipsis when even two are not enough.
fn header_lines(text: &str, width: f32) -> Vec<String> {
    let lines = wrap(text, Weight::Regular, 8.0, width);
    if lines.len() <= 2 {
        return lines;
    }
    let rest = lines[1..].join(" ");
    vec![
        lines[0].clone(),
        truncate(&rest, Weight::Regular, 8.0, width),
    ]
}

/// A PDF text string: plain bytes when ASCII, otherwise UTF-16BE with a byte-order mark.
fn text_string(s: &str) -> Object {
    if s.is_ascii() {
        Object::String(s.as_bytes().to_vec(), StringFormat::Literal)
    } else {
        let mut b = vec![0xFE, 0xFF];
        for u in s.encode_utf16() {
            b.extend(u.to_be_bytes());
        }
        Object::String(b, StringFormat::Hexadecimal)
    }
}

struct Node<'a> {
    mark: &'a Mark,
    children: Vec<Node<'a>>,
}

fn tree(marks: &[Mark]) -> Vec<Node<'_>> {
    let mut out: Vec<Node<'_>> = Vec::new();
    let mut i = 0;
    while i < marks.len() {
        let m = &marks[i];
        let end = marks[i + 1..]
            .iter()
            .position(|n| n.level <= m.level)
            .map_or(marks.len(), |p| i + 1 + p);
        out.push(Node {
            mark: m,
            children: tree(&marks[i + 1..end]),
        });
        i = end;
    }
    out
}

/// Writes outline items under `parent`; returns (first, last, items written in all).
fn write_items(
    doc: &mut lopdf::Document,
    nodes: &[Node<'_>],
    parent: ObjectId,
    pages: &[ObjectId],
) -> (ObjectId, ObjectId, i64) {
    let ids: Vec<ObjectId> = nodes.iter().map(|_| doc.new_object_id()).collect();
    let mut count = 0;
    for (i, node) in nodes.iter().enumerate() {
        let page = pages[node.mark.page.min(pages.len() - 1)];
        let mut d = Dictionary::new();
        d.set("Title", text_string(&node.mark.title));
        d.set("Parent", Object::Reference(parent));
        d.set(
            "Dest",
            Object::Array(vec![
                Object::Reference(page),
                Object::Name(b"XYZ".to_vec()),
                Object::Integer(0),
                Object::Real(node.mark.top),
                Object::Null,
            ]),
        );
        if i > 0 {
            d.set("Prev", Object::Reference(ids[i - 1]));
        }
        if i + 1 < ids.len() {
            d.set("Next", Object::Reference(ids[i + 1]));
        }
        count += 1;
        if !node.children.is_empty() {
            let (f, l, c) = write_items(doc, &node.children, ids[i], pages);
            d.set("First", Object::Reference(f));
            d.set("Last", Object::Reference(l));
            d.set("Count", Object::Integer(c));
            count += c;
        }
        doc.objects.insert(ids[i], Object::Dictionary(d));
    }
    (ids[0], ids[ids.len() - 1], count)
}

fn add_outline(doc: &mut lopdf::Document, marks: &[Mark]) {
    if marks.is_empty() {
        return;
    }
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    let root = doc.new_object_id();
    let nodes = tree(marks);
    let (first, last, count) = write_items(doc, &nodes, root, &pages);
    let mut d = Dictionary::new();
    d.set("Type", Object::Name(b"Outlines".to_vec()));
    d.set("First", Object::Reference(first));
    d.set("Last", Object::Reference(last));
    d.set("Count", Object::Integer(count));
    doc.objects.insert(root, Object::Dictionary(d));
    if let Ok(catalog) = doc.catalog_mut() {
        catalog.set("Outlines", Object::Reference(root));
        catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
    }
}

/// Writes the structure tree (ISO 32000-1 §14.7) of `tags` into `doc`, with what PDF/UA-1
/// (ISO 14289-1) asks of a tagged document: `/MarkInfo /Marked true`, the language
/// (`en-GB`), the title shown in the window (`DisplayDocTitle`), each page's
/// `/StructParents` and tab order by structure (`/Tabs /S`), and the parent tree that
/// leads from each page's marked content back to its element.
fn add_structure(doc: &mut lopdf::Document, tags: &Tags) {
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    let root = doc.new_object_id();
    let ids: Vec<ObjectId> = tags.elems.iter().map(|_| doc.new_object_id()).collect();
    // For each page, its elements by MCID (every MCID on a page belongs to one element).
    let mut by_mcid: Vec<Vec<Option<ObjectId>>> = vec![Vec::new(); pages.len()];
    // Links, with the page each is on.
    let mut links = Vec::new();
    for (i, e) in tags.elems.iter().enumerate() {
        // The element's page is the page of its first content; content there is named by
        // its MCID alone, content on a later page by a marked-content reference.
        let home = e.kids.iter().find_map(|k| match k {
            Kid::Content { page, .. } => Some(*page),
            Kid::Elem(_) => None,
        });
        let mut kids = Vec::new();
        for k in &e.kids {
            match *k {
                Kid::Elem(j) => kids.push(Object::Reference(ids[j])),
                Kid::Content { page, mcid } => {
                    if Some(page) == home {
                        kids.push(Object::Integer(mcid));
                    } else {
                        let mut mcr = Dictionary::new();
                        mcr.set("Type", Object::Name(b"MCR".to_vec()));
                        mcr.set("Pg", Object::Reference(pages[page]));
                        mcr.set("MCID", Object::Integer(mcid));
                        kids.push(Object::Dictionary(mcr));
                    }
                    let slots = &mut by_mcid[page];
                    let m = usize::try_from(mcid).unwrap_or(0);
                    if slots.len() <= m {
                        slots.resize(m + 1, None);
                    }
                    slots[m] = Some(ids[i]);
                }
            }
        }
        let mut d = Dictionary::new();
        d.set("Type", Object::Name(b"StructElem".to_vec()));
        d.set("S", Object::Name(e.role.name().as_bytes().to_vec()));
        d.set(
            "P",
            Object::Reference(e.parent.map(|p| ids[p]).unwrap_or(root)),
        );
        if let Some(page) = home {
            d.set("Pg", Object::Reference(pages[page]));
            if e.link.is_some() {
                links.push((i, page));
            }
        }
        d.set("K", Object::Array(kids));
        if let Some(alt) = &e.alt {
            d.set("Alt", text_string(alt));
        }
        if let Some(scope) = e.scope {
            let mut a = Dictionary::new();
            a.set("O", Object::Name(b"Table".to_vec()));
            a.set("Scope", Object::Name(scope.as_bytes().to_vec()));
            d.set("A", Object::Dictionary(a));
        }
        doc.objects.insert(ids[i], Object::Dictionary(d));
    }
    let mut nums = Vec::new();
    for (n, (page, slots)) in pages.iter().zip(by_mcid).enumerate() {
        debug_assert!(
            slots.iter().all(Option::is_some),
            "every MCID has its element"
        );
        let list = slots
            .into_iter()
            .map(|s| s.map_or(Object::Null, Object::Reference))
            .collect();
        let list = doc.add_object(Object::Array(list));
        nums.push(Object::Integer(n as i64));
        nums.push(Object::Reference(list));
        if let Ok(Object::Dictionary(p)) = doc.get_object_mut(*page) {
            p.set("StructParents", Object::Integer(n as i64));
            p.set("Tabs", Object::Name(b"S".to_vec()));
        }
    }
    // Each link's annotation: on its page, in the structure as an object reference inside
    // its `Link` element, and in the parent tree under its own key (ISO 32000-1 §14.7.4.3,
    // PDF/UA-1 §7.18.5).
    let mut next_key = pages.len() as i64;
    for (i, page) in links {
        let Some(link) = &tags.elems[i].link else {
            continue;
        };
        let Some(&target) = pages.get(link.page) else {
            continue;
        };
        let mut annot = Dictionary::new();
        annot.set("Type", Object::Name(b"Annot".to_vec()));
        annot.set("Subtype", Object::Name(b"Link".to_vec()));
        annot.set(
            "Rect",
            Object::Array(link.rect.iter().map(|&v| Object::Real(v)).collect()),
        );
        annot.set("Border", Object::Array(vec![0.into(), 0.into(), 0.into()]));
        annot.set("F", Object::Integer(4));
        annot.set("Contents", text_string(&link.contents));
        annot.set(
            "Dest",
            Object::Array(vec![
                Object::Reference(target),
                Object::Name(b"XYZ".to_vec()),
                Object::Integer(0),
                Object::Real(PAGE_H),
                Object::Integer(0),
            ]),
        );
        annot.set("StructParent", Object::Integer(next_key));
        annot.set("P", Object::Reference(pages[page]));
        let annot = doc.add_object(Object::Dictionary(annot));
        let mut objr = Dictionary::new();
        objr.set("Type", Object::Name(b"OBJR".to_vec()));
        objr.set("Obj", Object::Reference(annot));
        objr.set("Pg", Object::Reference(pages[page]));
        if let Ok(Object::Dictionary(elem)) = doc.get_object_mut(ids[i]) {
            if let Ok(Object::Array(k)) = elem.get_mut(b"K") {
                k.push(Object::Dictionary(objr));
            }
        }
        if let Ok(Object::Dictionary(p)) = doc.get_object_mut(pages[page]) {
            match p.get_mut(b"Annots") {
                Ok(Object::Array(a)) => a.push(Object::Reference(annot)),
                _ => p.set("Annots", Object::Array(vec![Object::Reference(annot)])),
            }
        }
        nums.push(Object::Integer(next_key));
        nums.push(Object::Reference(ids[i]));
        next_key += 1;
    }
    let mut parent_tree = Dictionary::new();
    parent_tree.set("Nums", Object::Array(nums));
    let parent_tree = doc.add_object(Object::Dictionary(parent_tree));
    let mut tree = Dictionary::new();
    tree.set("Type", Object::Name(b"StructTreeRoot".to_vec()));
    tree.set("K", Object::Reference(ids[0]));
    tree.set("ParentTree", Object::Reference(parent_tree));
    tree.set("ParentTreeNextKey", Object::Integer(next_key));
    doc.objects.insert(root, Object::Dictionary(tree));
    if let Ok(catalog) = doc.catalog_mut() {
        catalog.set("StructTreeRoot", Object::Reference(root));
        let mut mark_info = Dictionary::new();
        mark_info.set("Marked", Object::Boolean(true));
        catalog.set("MarkInfo", Object::Dictionary(mark_info));
        catalog.set("Lang", text_string("en-GB"));
        let mut prefs = Dictionary::new();
        prefs.set("DisplayDocTitle", Object::Boolean(true));
        catalog.set("ViewerPreferences", Object::Dictionary(prefs));
    }
    doc.version = "1.7".into();
}

/// The XMP metadata PDF/UA-1 asks for (ISO 14289-1 §5, §7.1): the title, the language and
/// `pdfuaid:part` 1. Deterministic: no clock, no random identifier.
fn xmp(title: &str) -> Vec<u8> {
    let title = crate::layout::xml_text(title);
    let escaped = quick_xml::escape::escape(&title);
    let bom = '\u{feff}';
    format!(
        "<?xpacket begin=\"{bom}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n\
         <x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n\
         <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n\
         <rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" \
         xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\">\n\
         <dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{escaped}</rdf:li></rdf:Alt></dc:title>\n\
         <dc:language><rdf:Bag><rdf:li>en-GB</rdf:li></rdf:Bag></dc:language>\n\
         <pdfuaid:part>1</pdfuaid:part>\n\
         </rdf:Description>\n\
         </rdf:RDF>\n\
         </x:xmpmeta>\n\
         <?xpacket end=\"w\"?>"
    )
    .into_bytes()
}

/// Compresses every stream not compressed yet (the pages' content, the fonts), at zlib's
/// default level: lopdf's `compress` uses the slowest, which took twice as long here for a
/// few per cent of size. Deterministic: the same bytes in, the same bytes out.
fn compress(doc: &mut lopdf::Document) {
    use std::io::Write;
    for object in doc.objects.values_mut() {
        let Object::Stream(stream) = object else {
            continue;
        };
        if !stream.allows_compression || stream.dict.get(b"Filter").is_ok() {
            continue;
        }
        let mut encoder =
            flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        let packed = encoder
            .write_all(&stream.content)
            .and_then(|()| encoder.finish());
        if let Ok(packed) = packed {
            if packed.len() < stream.content.len() {
                stream
                    .dict
                    .set("Filter", Object::Name(b"FlateDecode".to_vec()));
                stream.set_content(packed);
            }
        }
    }
}

pub fn render(a: Assembled) -> crate::Pack {
    let total = a.pages.len();
    let marking = a.marking.label();
    let (regular, bold) = parsed_fonts();
    let mut pdf = PdfDocument::new(&a.title);
    pdf.metadata.info.producer = "Contract management maturity (cmm-pack)".into();
    pdf.metadata.info.creator = "Contract management maturity".into();
    pdf.metadata.info.subject = format!("{marking}. Contract management maturity review pack");
    if let Some(d) = a.date {
        let secs = d
            .and_hms_opt(0, 0, 0)
            .map(|t| t.and_utc().timestamp())
            .unwrap_or(0);
        if let Ok(t) = OffsetDateTime::from_unix_timestamp(secs) {
            pdf.metadata.info.creation_date = t;
            pdf.metadata.info.modification_date = t;
            pdf.metadata.info.metadata_date = t;
        }
    }
    pdf.resources.fonts.map.insert(
        FontId(REGULAR_ID.into()),
        printpdf::font::PdfFont::new(regular.clone()),
    );
    pdf.resources.fonts.map.insert(
        FontId(BOLD_ID.into()),
        printpdf::font::PdfFont::new(bold.clone()),
    );
    let pages = a
        .pages
        .into_iter()
        .enumerate()
        .map(|(i, mut p)| {
            stamp(
                &mut p.canvas,
                &p.header,
                &a.header_right,
                a.kind,
                marking,
                i + 1,
                total,
            );
            p.canvas.finish();
            PdfPage::new(Mm(210.0), Mm(297.0), p.canvas.ops)
        })
        .collect();
    pdf.with_pages(pages);
    let mut warnings = Vec::new();
    let mut doc = pdf.to_lopdf_document(&PdfSaveOptions::default(), &mut warnings);
    add_outline(&mut doc, &a.outline);
    add_structure(&mut doc, &a.tags);
    // printpdf writes PDF/X keys (ISO 15930) into the document information, so readers
    // called the packs PDF/X, which they are not; and empty author and keywords.
    if let Some(info) = doc
        .trailer
        .get(b"Info")
        .and_then(Object::as_reference)
        .ok()
        .and_then(|id| doc.get_dictionary_mut(id).ok())
    {
        for key in [
            &b"GTS_PDFXVersion"[..],
            b"GTS_PDFXConformance",
            b"Identifier",
            b"Author",
            b"Keywords",
        ] {
            info.remove(key);
        }
    }
    compress(&mut doc);
    // The metadata stays uncompressed, so any tool can read it (ISO 32000-1 §14.3.2).
    let mut meta = Dictionary::new();
    meta.set("Type", Object::Name(b"Metadata".to_vec()));
    meta.set("Subtype", Object::Name(b"XML".to_vec()));
    let meta = doc.add_object(lopdf::Stream::new(meta, xmp(&a.title)).with_compression(false));
    if let Ok(catalog) = doc.catalog_mut() {
        catalog.set("Metadata", Object::Reference(meta));
    }
    // The /ID printpdf writes is random; make it a hash of everything else instead: saved
    // once with a placeholder, hashed, and the placeholder (written twice, as the ID's two
    // halves) replaced by the hash in place. Saving with object streams is the costly step.
    let placeholder = Object::String(vec![0; 16], StringFormat::Hexadecimal);
    doc.trailer
        .set("ID", Object::Array(vec![placeholder.clone(), placeholder]));
    let mut out = Vec::new();
    doc.save_modern(&mut out)
        .expect("writing to memory cannot fail");
    let digest = Sha256::digest(&out);
    let blank = format!("<{}>", "00".repeat(16));
    let id: String = format!(
        "<{}>",
        digest[..16]
            .iter()
            .map(|b| format!("{b:02X}"))
            .collect::<String>()
    );
    let at: Vec<usize> = out
        .windows(blank.len())
        .enumerate()
        .filter(|(_, w)| *w == blank.as_bytes())
        .map(|(i, _)| i)
        .collect();
    debug_assert!(at.len() >= 2, "the placeholder /ID is in the trailer");
    // The trailer is written last: its two are the last two.
    for &i in at.iter().rev().take(2) {
        out[i..i + blank.len()].copy_from_slice(id.as_bytes());
    }
    crate::Pack {
        bytes: out,
        pages: total,
        format: crate::Format::Pdf,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mark(title: &str, level: u8, page: usize) -> Mark {
        Mark {
            title: title.into(),
            level,
            page,
            top: 800.0,
        }
    }

    #[test]
    fn outline_nesting_follows_levels() {
        let marks = vec![
            mark("A", 0, 0),
            mark("A1", 1, 0),
            mark("A2", 1, 1),
            mark("B", 0, 2),
            mark("B1", 1, 2),
        ];
        let t = tree(&marks);
        assert_eq!(t.len(), 2);
        assert_eq!(t[0].children.len(), 2);
        assert_eq!(t[1].children.len(), 1);
        assert_eq!(t[1].children[0].mark.title, "B1");
    }

    #[test]
    fn non_ascii_titles_are_utf16() {
        assert_eq!(
            text_string("A"),
            Object::String(b"A".to_vec(), StringFormat::Literal)
        );
        match text_string("Section 1 – Contract") {
            Object::String(b, _) => assert_eq!(&b[..2], &[0xFE, 0xFF]),
            _ => panic!(),
        }
    }
}
