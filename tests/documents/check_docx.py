"""The read-back of a Word document the app writes, with python-docx.

    python check_docx.py FILE.docx EXPECTED.txt

It checks that:
- the document's title and language are set (core properties; `w:lang` en-GB in the
  default run properties), the default font is Arial, and there is a default paragraph
  style;
- headings use Word's own Heading 1-3 styles, each with its outline level, and the
  headings and tables' header rows include EXPECTED's lines in EXPECTED's order (the same
  file the PDF's structure test reads: `H <text>`, `TH <text>`, `Figure`);
- every table's first row repeats as a header row, and no other row does;
- every picture has alternative text (`wp:docPr/@descr`) of some length;
- every list item is a bullet (its numbering's format is `bullet`), as in the PDF;
- the page header and footer carry the protective marking.

Prints one line of counts; exits 1 with every problem found.
"""

import sys

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn

from expected import first_out_of_order, read_expected, report


def check(path, expected_path):
    problems = []
    d = docx.Document(path)
    core = d.core_properties
    if not core.title:
        problems.append("no document title (core properties)")
    if core.language != "en-GB":
        problems.append(f"the core properties' language is {core.language!r}")
    styles = d.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    lang = defaults.find(".//" + qn("w:lang")) if defaults is not None else None
    if lang is None or lang.get(qn("w:val")) != "en-GB":
        problems.append("the default language is not en-GB")
    fonts = defaults.find(".//" + qn("w:rFonts")) if defaults is not None else None
    if fonts is None or fonts.get(qn("w:ascii")) != "Arial":
        problems.append("the default font is not Arial")

    if d.styles.default(WD_STYLE_TYPE.PARAGRAPH) is None:
        problems.append("no default paragraph style (Normal with w:default)")
    for level in (1, 2, 3):
        style = d.styles[f"Heading {level}"] if f"Heading {level}" in [s.name for s in d.styles] else None
        if style is None:
            style = next((s for s in d.styles if s.style_id == f"Heading{level}"), None)
        if style is None:
            problems.append(f"no Heading {level} style")
            continue
        outline = style.element.find(".//" + qn("w:outlineLvl"))
        if outline is None or outline.get(qn("w:val")) != str(level - 1):
            problems.append(f"the Heading {level} style has no outline level {level - 1}")

    # Each list's numbering, by its id: bulleted lists must be bullets, not numbers.
    formats = {}
    try:
        numbering = d.part.numbering_part.element
    except (KeyError, NotImplementedError):
        numbering = None  # a document with no lists has no numbering part
    if numbering is not None:
        abstract = {}
        for a in numbering.findall(qn("w:abstractNum")):
            lvl = a.find(qn("w:lvl"))
            fmt = lvl.find(qn("w:numFmt")) if lvl is not None else None
            abstract.setdefault(a.get(qn("w:abstractNumId")), fmt.get(qn("w:val")) if fmt is not None else "")
        for n in numbering.findall(qn("w:num")):
            ref = n.find(qn("w:abstractNumId"))
            formats[n.get(qn("w:numId"))] = abstract.get(ref.get(qn("w:val")) if ref is not None else "", "")

    # The body in order: headings, header rows' cells, figures.
    read = []
    headings = tables = header_rows = pictures = bullets = 0
    body = d.element.body
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            style = child.find(qn("w:pPr") + "/" + qn("w:pStyle"))
            sid = style.get(qn("w:val")) if style is not None else ""
            text = "".join(t.text or "" for t in child.iter(qn("w:t")))
            if sid.startswith("Heading"):
                headings += 1
                read.append(f"H {text}")
            num = child.find(qn("w:pPr") + "/" + qn("w:numPr") + "/" + qn("w:numId"))
            if num is not None:
                bullets += 1
                if formats.get(num.get(qn("w:val"))) != "bullet":
                    problems.append(f"a list item is numbered, not bulleted: {text[:40]!r}")
            for pr in child.iter(qn("wp:docPr")):
                pictures += 1
                read.append("Figure")
                if len((pr.get("descr") or "").strip()) < 20:
                    problems.append(f"picture {pictures} has no alternative text")
        elif child.tag == qn("w:tbl"):
            tables += 1
            rows = child.findall(qn("w:tr"))
            if not rows:
                problems.append(f"table {tables} has no rows")
                continue
            first = rows[0]
            if first.find(qn("w:trPr") + "/" + qn("w:tblHeader")) is None:
                # Every table the app writes to Word has column headers (a table of labels
                # and values is written as paragraphs).
                problems.append(f"table {tables}: its first row does not repeat as a header row")
            else:
                header_rows += 1
                for cell in first.findall(qn("w:tc")):
                    text = " ".join(
                        "".join(t.text or "" for t in p.iter(qn("w:t")))
                        for p in cell.findall(qn("w:p"))
                    )
                    read.append(f"TH {text}")
            for row in rows[1:]:
                if row.find(qn("w:trPr") + "/" + qn("w:tblHeader")) is not None:
                    problems.append(f"table {tables}: a row after the first is a header row")
        elif child.tag == qn("w:sdt"):
            pass  # the table of contents
    expected = read_expected(expected_path)
    missing = first_out_of_order(read, expected)
    if missing is not None:
        problems.append(f"not found in order after what came before: {missing!r}")

    section = d.sections[0]
    header = " ".join(p.text for p in section.header.paragraphs)
    footer = " ".join(p.text for p in section.footer.paragraphs)
    if "OFFICIAL" not in header or "OFFICIAL" not in footer:
        problems.append("the protective marking is not in both the page header and footer")
    counts = {
        "headings": headings,
        "tables": tables,
        "header rows": header_rows,
        "pictures with alternative text": pictures,
        "bulleted items": bullets,
        "expected in order": len(expected),
    }
    return problems, counts


def main():
    path, expected = sys.argv[1], sys.argv[2]
    problems, counts = check(path, expected)
    report(path, "Word read-back", problems, counts)


if __name__ == "__main__":
    main()
