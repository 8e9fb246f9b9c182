"""The expected sections of a document, shared by the PDF and the Word checks.

An EXPECTED file has one line each: `H <text>` for a heading, `TH <text>` for a table's
header cell, `Figure` for a figure; blank lines and lines starting `#` are skipped.
"""


def read_expected(path):
    """EXPECTED's lines, in order."""
    with open(path, encoding="utf-8") as f:
        return [line.strip() for line in f if line.strip() and not line.startswith("#")]


def first_out_of_order(read, expected):
    """The first expected line not found in `read` after the ones before it, or None."""
    at = 0
    for want in expected:
        while at < len(read) and read[at] != want:
            at += 1
        if at == len(read):
            return want
        at += 1
    return None
