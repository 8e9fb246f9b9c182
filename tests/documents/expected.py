"""What the PDF and the Word checks share: a document's expected sections, and how a
check's result is reported.

An EXPECTED file has one line each: `H <text>` for a heading, `TH <text>` for a table's
header cell, `Figure` for a figure; blank lines and lines starting `#` are skipped.
"""

import os
import sys


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


def report(path, passed, problems, counts):
    """Prints one line of `counts` when there is no problem (`passed` names the check), or
    every problem and exits 1."""
    name = os.path.basename(path)
    if problems:
        print(f"{name}: {len(problems)} problem(s)")
        for p in problems:
            print(f"  - {p}")
        sys.exit(1)
    print(f"{name}: {passed} passed: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
