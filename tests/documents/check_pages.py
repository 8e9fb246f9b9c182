"""Every page a document names is the page where what it names is:
- each contents entry (its title, a leader, its page) is on that page;
- each agenda item's page is its report's cover (the report named on it);
- "the maturity summary on page N" is on page N.

    python check_pages.py FILE.pdf

Read with poppler's `pdftotext`, so it checks the app's own PDFs and LibreOffice's PDFs
of the Word documents alike. In the Word documents these numbers are fields to the
headings' bookmarks (PAGEREF), which Word and LibreOffice work out for their own pages:
this is what shows that an edited Word document still names the right pages.

Prints one line of counts; exits 1 with every page named wrongly, or if it found nothing
to check.
"""

import re
import subprocess
import sys

from expected import report

# A contents line: the title, a leader of dots or spaces, the page number.
CONTENTS_LINE = re.compile(r"^\s*(\S.*?\S)(?:\s*\.{3,}\s*|\s{3,})(\d{1,4})\s*$")
# An agenda row: the item's number, its report's title, other columns, the page number.
AGENDA_ROW = re.compile(r"^\s*\d+\s+(Maturity report \d+) \(version \d+\)\s{2,}.*\s(\d{1,4})\s*$")
# A report's cover: its title, and the report named in its details.
COVER = "Contract management maturity report"
# Each kind of naming, as counted and as one of it is called.
ONE = {"contents entries": "the contents entry", "agenda items": "the agenda item",
       "'on page N'": "the paragraph naming"}
ON_PAGE = re.compile(r"maturity summary on\s+page\s+(\d+)", re.IGNORECASE)


def pages_of(path):
    out = subprocess.run(
        ["pdftotext", "-layout", path, "-"], check=True, capture_output=True, text=True
    ).stdout
    return out.split("\f")


def starts_a_line(page_text, title):
    """Whether a line of the page starts with `title` (a title cut short ends in "…")."""
    title = title.rstrip("…").strip()
    return any(line.strip().startswith(title) for line in page_text.splitlines())


def is_cover_of(page_text, report):
    """Whether the page is the cover of `report` ("Maturity report 36")."""
    named = re.search(rf"\b{re.escape(report)}\b", page_text)
    return named is not None and starts_a_line(page_text, COVER)


def check(path):
    pages = pages_of(path)
    problems = []
    counts = dict.fromkeys(ONE, 0)

    def named(kind, title, number, on, there=starts_a_line):
        counts[kind] += 1
        n = int(number)
        if not 1 <= n <= len(pages) or not there(pages[n - 1], title):
            problems.append(f"page {on}: {ONE[kind]} {title!r} says page {n}, "
                            "but it is not there")

    for i, text in enumerate(pages):
        lines = text.splitlines()
        stripped = [line.strip() for line in lines]
        if "Contents" in stripped:
            for line in lines[stripped.index("Contents") + 1:]:
                m = CONTENTS_LINE.match(line)
                if m:
                    named("contents entries", m.group(1), m.group(2), i + 1)
        if "Agenda" in stripped:
            for line in lines:
                m = AGENDA_ROW.match(line)
                if m:
                    named("agenda items", m.group(1), m.group(2), i + 1, is_cover_of)
        for m in ON_PAGE.finditer(" ".join(text.split())):
            named("'on page N'", "Maturity summary", m.group(1), i + 1)
    if not any(counts.values()):
        problems.append("no page is named: nothing was checked")
    return problems, counts


def main():
    path = sys.argv[1]
    problems, counts = check(path)
    report(path, "pages named", problems, counts)


if __name__ == "__main__":
    main()
