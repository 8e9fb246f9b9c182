//! The structure test of a tagged PDF (PDF/UA-1, ISO 14289-1; the Matterhorn Protocol's
//! checks on content, structure and metadata), read back with lopdf:
//! - the catalog says it is tagged (`/MarkInfo /Marked true`), in `en-GB`, shows its title,
//!   and has XMP metadata with `pdfuaid:part` 1;
//! - every marked-content sequence with an MCID on every page belongs to exactly one
//!   structure element, and the parent tree says the same;
//! - nothing is drawn outside a marked-content sequence: all of it is an element's content
//!   or an artifact;
//! - every table has header cells, and every figure has alternative text;
//! - every annotation is a link that says where it goes, held by a `Link` element as an
//!   object reference, with the parent tree naming that element.

use lopdf::{Dictionary, Document, Object, ObjectId};
use std::collections::{BTreeMap, HashMap};

/// What a tagged PDF holds: each structure type and how many elements of it, and the
/// number of artifact sequences.
#[derive(Debug, Default)]
pub struct Tagged {
    pub roles: BTreeMap<String, usize>,
    pub artifacts: usize,
    /// Link annotations, each in the structure.
    pub links: usize,
}

fn dict<'a>(doc: &'a Document, o: &'a Object) -> &'a Dictionary {
    match o {
        Object::Reference(id) => doc.get_dictionary(*id).expect("a dictionary"),
        Object::Dictionary(d) => d,
        other => panic!("not a dictionary: {other:?}"),
    }
}

fn name(d: &Dictionary, key: &[u8]) -> String {
    String::from_utf8_lossy(d.get(key).and_then(Object::as_name).unwrap_or(b"")).into_owned()
}

/// Checks `bytes` as above; panics with what is wrong.
pub fn assert_tagged(bytes: &[u8]) -> Tagged {
    let doc = Document::load_mem(bytes).expect("the PDF reads back");
    let catalog = doc.catalog().expect("a catalog");
    let marked = dict(&doc, catalog.get(b"MarkInfo").expect("/MarkInfo"))
        .get(b"Marked")
        .and_then(Object::as_bool)
        .unwrap_or(false);
    assert!(marked, "/MarkInfo /Marked true");
    match catalog.get(b"Lang") {
        Ok(Object::String(s, _)) => assert_eq!(s, b"en-GB"),
        other => panic!("/Lang: {other:?}"),
    }
    let prefs = dict(
        &doc,
        catalog
            .get(b"ViewerPreferences")
            .expect("/ViewerPreferences"),
    );
    assert_eq!(
        prefs.get(b"DisplayDocTitle").and_then(Object::as_bool).ok(),
        Some(true)
    );
    let meta = catalog
        .get(b"Metadata")
        .and_then(Object::as_reference)
        .expect("/Metadata");
    let meta = doc
        .get_object(meta)
        .and_then(Object::as_stream)
        .expect("a stream");
    let xmp = String::from_utf8_lossy(&meta.content);
    assert!(xmp.contains("<pdfuaid:part>1</pdfuaid:part>"), "{xmp}");
    assert!(xmp.contains("<dc:title>"), "{xmp}");

    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    let page_no: HashMap<ObjectId, usize> =
        pages.iter().enumerate().map(|(i, p)| (*p, i)).collect();
    let root = dict(
        &doc,
        catalog.get(b"StructTreeRoot").expect("/StructTreeRoot"),
    );
    // Walk the tree: who owns each (page, MCID).
    let mut owner: HashMap<(usize, i64), ObjectId> = HashMap::new();
    let mut out = Tagged::default();
    let mut stack: Vec<(ObjectId, Option<usize>)> = Vec::new();
    if let Ok(Object::Reference(k)) = root.get(b"K") {
        stack.push((*k, None));
    }
    let mut has_th: HashMap<ObjectId, bool> = HashMap::new();
    let mut parent_of: HashMap<ObjectId, ObjectId> = HashMap::new();
    // Each annotation's element.
    let mut objrs: HashMap<ObjectId, ObjectId> = HashMap::new();
    while let Some((id, _)) = stack.pop() {
        let e = doc.get_dictionary(id).expect("a structure element");
        let role = name(e, b"S");
        *out.roles.entry(role.clone()).or_default() += 1;
        if role == "Figure" {
            match e.get(b"Alt") {
                Ok(Object::String(s, _)) if s.len() > 20 => {}
                other => panic!("a figure without alternative text: {other:?}"),
            }
        }
        if role == "TH" {
            let mut p = id;
            while let Some(&up) = parent_of.get(&p) {
                if name(doc.get_dictionary(up).unwrap(), b"S") == "Table" {
                    has_th.insert(up, true);
                }
                p = up;
            }
        }
        if role == "Table" {
            has_th.entry(id).or_insert(false);
        }
        let home = e.get(b"Pg").and_then(Object::as_reference).ok();
        let kids = match e.get(b"K") {
            Ok(Object::Array(a)) => a.clone(),
            Ok(o) => vec![o.clone()],
            Err(_) => Vec::new(),
        };
        for k in kids {
            let (page, mcid) = match k {
                Object::Reference(child) => {
                    parent_of.insert(child, id);
                    stack.push((child, None));
                    continue;
                }
                Object::Integer(m) => (home.expect("an element with MCIDs has /Pg"), m),
                // A link's annotation: checked against the parent tree below.
                Object::Dictionary(d) if d.get(b"Obj").is_ok() => {
                    let annot = d.get(b"Obj").and_then(Object::as_reference).unwrap();
                    assert_eq!(role, "Link", "an object reference outside a Link");
                    assert!(
                        objrs.insert(annot, id).is_none(),
                        "an annotation in two elements"
                    );
                    continue;
                }
                Object::Dictionary(d) => (
                    d.get(b"Pg")
                        .and_then(Object::as_reference)
                        .expect("an MCR's /Pg"),
                    d.get(b"MCID")
                        .and_then(Object::as_i64)
                        .expect("an MCR's /MCID"),
                ),
                other => panic!("a kid that is not an element or content: {other:?}"),
            };
            let p = page_no[&page];
            assert!(
                owner.insert((p, mcid), id).is_none(),
                "MCID {mcid} on page {} belongs to two elements",
                p + 1
            );
        }
    }
    // Table elements are found before their header cells' ancestry is known: check after.
    // (Parents are recorded as elements are met, top down, so every TH's table is known.)
    for (table, th) in &has_th {
        assert!(th, "table {table:?} has no header cell");
    }
    // The parent tree agrees.
    let tree = dict(&doc, root.get(b"ParentTree").expect("/ParentTree"));
    let nums = tree.get(b"Nums").and_then(Object::as_array).expect("/Nums");
    let mut by_key: HashMap<i64, Vec<Object>> = HashMap::new();
    // A key of an annotation: its element.
    let mut annot_key: HashMap<i64, ObjectId> = HashMap::new();
    for pair in nums.chunks(2) {
        let key = pair[0].as_i64().unwrap();
        let list = match &pair[1] {
            Object::Reference(r) => match doc.get_object(*r).unwrap() {
                Object::Array(a) => a.clone(),
                Object::Dictionary(_) => {
                    annot_key.insert(key, *r);
                    continue;
                }
                other => panic!("{other:?}"),
            },
            Object::Array(a) => a.clone(),
            other => panic!("{other:?}"),
        };
        by_key.insert(key, list);
    }
    for (p, page) in pages.iter().enumerate() {
        let pd = doc.get_dictionary(*page).unwrap();
        let key = pd
            .get(b"StructParents")
            .and_then(Object::as_i64)
            .expect("/StructParents");
        assert_eq!(name(pd, b"Tabs"), "S", "page {}: /Tabs /S", p + 1);
        // Every annotation is a link with a description, in the structure, and the parent
        // tree names its element.
        if let Ok(Object::Array(annots)) = pd.get(b"Annots") {
            for a in annots {
                let a_id = a.as_reference().expect("an annotation by reference");
                let ad = doc.get_dictionary(a_id).unwrap();
                assert_eq!(name(ad, b"Subtype"), "Link");
                assert!(ad.get(b"Contents").is_ok(), "a link says where it goes");
                let k = ad.get(b"StructParent").and_then(Object::as_i64).unwrap();
                assert_eq!(
                    annot_key.get(&k),
                    objrs.get(&a_id),
                    "page {}: the link's parent",
                    p + 1
                );
                out.links += 1;
            }
        }
        let list = &by_key[&key];
        // Every marked-content sequence on the page, and nothing drawn outside one.
        let content = doc
            .get_and_decode_page_content(*page)
            .expect("the page's content");
        let mut open: Vec<bool> = Vec::new();
        let mut seen = 0;
        for op in &content.operations {
            match op.operator.as_str() {
                "BDC" | "BMC" => {
                    let tag = op.operands[0]
                        .as_name()
                        .map(|n| n.to_vec())
                        .unwrap_or_default();
                    if tag == b"Artifact" {
                        out.artifacts += 1;
                        open.push(true);
                        continue;
                    }
                    let mcid = op
                        .operands
                        .get(1)
                        .and_then(|o| o.as_dict().ok())
                        .and_then(|d| d.get(b"MCID").ok())
                        .and_then(|m| m.as_i64().ok())
                        .unwrap_or_else(|| {
                            panic!(
                                "page {}: /{} without an MCID",
                                p + 1,
                                String::from_utf8_lossy(&tag)
                            )
                        });
                    let elem = owner.get(&(p, mcid)).unwrap_or_else(|| {
                        panic!("page {}: MCID {mcid} belongs to no element", p + 1)
                    });
                    assert_eq!(
                        list.get(mcid as usize),
                        Some(&Object::Reference(*elem)),
                        "page {}: the parent tree's entry for MCID {mcid}",
                        p + 1
                    );
                    seen += 1;
                    open.push(false);
                }
                "EMC" => {
                    open.pop().expect("an EMC closes a sequence");
                }
                "Tj" | "TJ" | "'" | "\"" | "re" | "S" | "f" | "F" | "B" | "b" | "f*" | "s"
                | "Do" => {
                    assert!(
                        !open.is_empty(),
                        "page {}: `{}` drawn outside any marked content",
                        p + 1,
                        op.operator
                    );
                }
                _ => {}
            }
        }
        assert!(open.is_empty(), "page {}: a sequence left open", p + 1);
        let owned = owner.keys().filter(|(q, _)| *q == p).count();
        assert_eq!(
            seen,
            owned,
            "page {}: every element's content is on the page",
            p + 1
        );
    }
    out
}
