#!/usr/bin/env python3
"""Writes the register corpus: files shaped like the contract registers English councils
publish, made by producers other than this app (Python's csv module writing the bytes
Excel writes, openpyxl, and LibreOffice Calc), and expected.json, what each must import.

The expected results come from the data this script puts in, never from reading the
files back with the app, so the corpus test checks the app against what the file says.

Run from this folder, once, when the corpus changes (the files are committed; tests and
CI never run this):

    pip install openpyxl            # 3.1
    apt-get install libreoffice-calc-nogui   # 7.4, for the .ods and LibreOffice files
    python3 make_corpus.py
"""

import csv
import datetime as dt
import io
import json
import os
import shutil
import subprocess
import tempfile

import openpyxl
from openpyxl.utils.datetime import CALENDAR_MAC_1904

HERE = os.path.dirname(os.path.abspath(__file__))
OWNER = "Pat Owner"  # the import's default owner, for files without an owner column

# ---- the register -------------------------------------------------------------------
# (reference, title, description, supplier, company no, start, end, review,
#  value in pence, annual value in pence, department, procurement route, owner)
D = dt.date
ROWS = [
    ("CR-0001", "Grounds maintenance north", "Grass cutting, hedges and\nwinter gritting of paths", "Greenway Services Ltd", "04736639", D(2023, 4, 1), D(2026, 3, 31), D(2025, 10, 1), 12_000_000, 4_000_000, "Environment", "Open tender", "Alex Example"),
    ("CR-0002", "School transport framework", "Home to school transport", "Rivertown Coaches Ltd", "01234567", D(2022, 9, 1), D(2025, 8, 31), None, 123_456_700, 41_152_233, "Children's Services", "Framework call-off", "Sam Sample"),
    ("CR-0003", "Café Verde catering", "Catering at the civic centre café", "Café Verde Ltd", "09876543", D(2024, 1, 15), D(2027, 1, 14), D(2026, 1, 15), 5_770, 1_923, "Corporate Services", "Request for quotation", "Siân Ellis"),
    ("CR-0004", "Library cleaning", "Cleaning of 12 libraries", "Brightside Cleaning Ltd", "07654321", D(2022, 10, 1), D(2025, 9, 30), None, 123_456, 41_152, "Communities", "Invitation to quote", "Zoë Marsh"),
    ("CR-0005", "Highways term maintenance", "Reactive repairs, resurfacing, drainage", "Amey LG Ltd", "00123456", D(2011, 9, 1), D(2027, 8, 31), D(2026, 9, 1), 15_000_000_000, 937_500_000, "Highways", "Open tender", "Ciarán Ó Briain"),
    ("CR-0006", "Adult social care home support", "Domiciliary care, north area", "Carewell Homecare CIC", "11223344", D(2021, 4, 1), D(2026, 3, 31), None, 2_500_000_000, 500_000_000, "Adult Social Care", "Competitive procedure with negotiation", "Alex Example"),
    ("CR-0007", "Waste collection", "Kerbside waste and recycling", "Veolia ES (UK) Ltd", "02481991", D(2019, 4, 1), D(2027, 3, 31), D(2026, 4, 1), 4_560_000_000, 570_000_000, "Environment", "Open tender", "Sam Sample"),
    ("CR-0008", "IT service desk", "First and second line IT support", "Orbit Digital Ltd", "08765432", D(2024, 6, 1), D(2027, 5, 31), None, 180_000_000, 60_000_000, "Corporate Services", "G-Cloud call-off", "Siân Ellis"),
    ("CR-0009", "Pest control", "Pest control in council buildings", "Rentokil Initial UK Ltd", "00301044", D(2023, 7, 1), D(2025, 6, 30), None, 1_850_000, 925_000, "Property", "Invitation to quote", "Zoë Marsh"),
    ("CR-0010", "Legal services panel", "External legal advice, three lots", "Browne Jacobson LLP", "OC306448", D(2022, 2, 1), D(2026, 1, 31), D(2025, 8, 1), 75_000_000, 18_750_000, "Legal", "Framework call-off", "Ciarán Ó Briain"),
    ("CR-0011", "Temporary accommodation", "Nightly-paid temporary accommodation", "Homes First Ltd", "12345678", D(2024, 4, 1), D(2026, 3, 31), None, 320_000_000, 160_000_000, "Housing", "Direct award", "Alex Example"),
    ("CR-0012", "Leisure centre management", "Operation of three leisure centres", "Everyone Active (SLM Ltd)", "02445463", D(2018, 4, 1), D(2028, 3, 31), D(2026, 4, 1), 1_200_000_000, 120_000_000, "Communities", "Competitive dialogue", "Sam Sample"),
    ("CR-0013", "Fleet vehicle leasing", "Lease of 40 vans", "Lex Autolease Ltd", "01236437", D(2023, 11, 1), D(2027, 10, 31), None, 96_000_000, 24_000_000, "Environment", "Framework call-off", "Siân Ellis"),
    ("CR-0014", "Occupational health", "Occupational health service", "Medigold Health Consultancy Ltd", "03564128", D(2024, 2, 1), D(2027, 1, 31), None, 21_000_000, 7_000_000, "Human Resources", "Request for quotation", "Zoë Marsh"),
    ("CR-0015", "Printing and mailing", "Hybrid mail and print", "Adare SEC Ltd", "02930457", D(2022, 5, 1), D(2025, 4, 30), None, 4_500_050, 1_500_017, "Corporate Services", "Invitation to quote", "Ciarán Ó Briain"),
    ("CR-0016", "Street lighting energy", "Electricity for 25,000 street lights", "Npower Business Solutions", "03653277", D(2023, 10, 1), D(2026, 9, 30), D(2025, 10, 1), 780_000_000, 260_000_000, "Highways", "Framework call-off", "Alex Example"),
    ("CR-0017", "Youth services", "Open-access youth clubs", "Young Lives Together CIO", "1187654", D(2024, 9, 1), D(2027, 8, 31), None, 45_000_000, 15_000_000, "Children's Services", "Open tender", "Sam Sample"),
    ("CR-0018", "Translation and interpreting", "Face-to-face and telephone interpreting", "thebigword Group Ltd", "05364220", D(2023, 3, 1), D(2026, 2, 28), None, 3_600_000, 1_200_000, "Corporate Services", "Framework call-off", "Siân Ellis"),
]

HEADINGS_COUNCIL = ["Contract Reference", "Title", "Description", "Supplier Name", "Companies House Number", "Start Date", "End Date", "Review Date", "Contract Value", "Annual Value", "Department", "Procurement Route", "Contract Owner"]
# The Local Government Transparency Code 2015's own words for the same columns.
HEADINGS_CODE = ["Reference Number", "Title of agreement", "Description of the goods and/or services", "Supplier name and details", "Registered company number", "Start date", "End date", "Review date", "Sum to be paid over the length of the contract", "Estimated annual spending", "Local authority department responsible", "Invitation to quote or tender", "Responsible officer"]

TITLE = "Anytown Borough Council: contracts over £5,000 (published under the Local Government Transparency Code 2015)"
NOTE = "Values include irrecoverable VAT. Source: Anytown procurement system, extracted 01/04/2025."


def pounds(p):
    return f"£{p // 100:,}.{p % 100:02d}"


def uk(d):
    return d.strftime("%d/%m/%Y") if d else ""


def expected_contract(row, owner=True):
    ref, title, desc, supplier, co, start, end, review, value, annual, dept, route, own = row
    return {
        "title": title,
        "supplier": supplier,
        "award_date": start.isoformat(),  # no award column: the start date stands in
        "end_date": end.isoformat() if end else None,
        "value": pounds(value) if value is not None else None,
        "annual_value": pounds(annual) if annual is not None else None,
        "owner": own if owner else OWNER,
    }


def text_cells(row, money=pounds, date=uk):
    ref, title, desc, supplier, co, start, end, review, value, annual, dept, route, own = row
    return [ref, title, desc, supplier, co, date(start), date(end), date(review), money(value), money(annual), dept, route, own]


EXPECTED = []


def expect(name, kind, producer, rows, *, owner=True, sheet="", heading_row=1, encoding="workbook",
           options=None, problems=(), flags=(), not_contracts=0, check=None, also=None):
    """rows: the ROWS that import; problems: (line, text) of rows left out; flags:
    (line, field, text) of values left blank; check: references whose values are checked."""
    check = check or [r[0] for r in rows[:3]]
    contracts = {r[0]: expected_contract(r, owner) for r in rows if r[0] in check}
    if also:
        for ref, changes in also.items():
            contracts.setdefault(ref, {}).update(changes)
    EXPECTED.append({
        "file": name,
        "kind": kind,
        "producer": producer,
        "options": options or {},
        "sheet": sheet,
        "heading_row": heading_row,
        "encoding": encoding,
        "imported": len(rows),
        "left_out": [{"line": l, "contains": t} for l, t in problems],
        "flagged": [{"line": l, "field": f, "contains": t} for l, f, t in flags],
        "not_contracts": not_contracts,
        "contracts": contracts,
    })


def csv_bytes(rows, *, delimiter=",", newline="\r\n", quoting=csv.QUOTE_MINIMAL):
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator=newline, quoting=quoting)
    for r in rows:
        w.writerow(r)
    return buf.getvalue()


def write(name, data):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


def soffice(src, fmt, out_name):
    """Converts src with LibreOffice Calc (headless) to fmt, saved as out_name."""
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, HOME=tmp)
        subprocess.run(["soffice", "--headless", "--convert-to", fmt, "--outdir", tmp, src],
                       check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        made = [f for f in os.listdir(tmp) if not f.startswith(".") and os.path.isfile(os.path.join(tmp, f))]
        shutil.move(os.path.join(tmp, made[0]), os.path.join(HERE, out_name))


# ---- CSV as Excel saves it ------------------------------------------------------------

# Excel for Windows, "CSV (Comma delimited)": Windows-1252, CRLF, quotes only where needed.
first = ROWS[:10]
write("excel-windows-csv-comma-1252.csv",
      csv_bytes([HEADINGS_COUNCIL] + [text_cells(r) for r in first]).encode("cp1252"))
expect("excel-windows-csv-comma-1252.csv", "CSV, Windows-1252, CRLF", "Python csv, as Excel for Windows' \"CSV (Comma delimited)\" writes",
       first, encoding="windows1252", check=["CR-0003", "CR-0005", "CR-0010"])

# Excel for Windows, "CSV UTF-8 (Comma delimited)": a byte-order mark, CRLF.
rows = ROWS[5:15]
write("excel-windows-csv-utf8-bom.csv",
      b"\xef\xbb\xbf" + csv_bytes([HEADINGS_CODE] + [text_cells(r) for r in rows]).encode("utf-8"))
expect("excel-windows-csv-utf8-bom.csv", "CSV, UTF-8 with byte-order mark, CRLF, the Transparency Code's headings", "Python csv, as Excel for Windows' \"CSV UTF-8\" writes",
       rows, encoding="utf8", check=["CR-0006", "CR-0010", "CR-0014"])

# Excel for Mac, "CSV UTF-8": a byte-order mark, LF line ends.
rows = ROWS[8:18]
write("excel-mac-csv-utf8.csv",
      b"\xef\xbb\xbf" + csv_bytes([HEADINGS_COUNCIL] + [text_cells(r) for r in rows], newline="\n").encode("utf-8"))
expect("excel-mac-csv-utf8.csv", "CSV, UTF-8 with byte-order mark, LF", "Python csv, as Excel for Mac's \"CSV UTF-8\" writes",
       rows, encoding="utf8", check=["CR-0010", "CR-0015", "CR-0017"])

# Excel for Mac 2011, "Comma Separated Values": CR line ends. Plain text, and £ (0xA3 in
# both Mac Roman and Windows-1252), so either reading gives the same.
ascii_rows = [r for r in ROWS if all(ord(c) < 128 for c in "".join(str(x) for x in r if isinstance(x, str)))][:8]
write("excel-mac-2011-csv-cr.csv",
      csv_bytes([HEADINGS_COUNCIL] + [text_cells(r) for r in ascii_rows], newline="\r").encode("cp1252"))
expect("excel-mac-2011-csv-cr.csv", "CSV, CR line ends (classic Mac)", "Python csv, as Excel for Mac 2011 writes",
       ascii_rows, encoding="windows1252", check=[ascii_rows[0][0], ascii_rows[3][0]])

# Excel in a European locale: semicolons, with numbers and dates as typed there.
rows = ROWS[:6]
write("excel-semicolon-separated.csv",
      csv_bytes([HEADINGS_COUNCIL] + [text_cells(r) for r in rows], delimiter=";").encode("cp1252"))
expect("excel-semicolon-separated.csv", "CSV, semicolons, Windows-1252", "Python csv, as Excel with a semicolon list separator writes",
       rows, encoding="windows1252", check=["CR-0002", "CR-0003"])

# Excel's "Unicode Text": UTF-16 little-endian with a byte-order mark, tab-separated.
rows = ROWS[:8]
write("excel-unicode-text-utf16le.txt",
      b"\xff\xfe" + csv_bytes([HEADINGS_COUNCIL] + [text_cells(r) for r in rows], delimiter="\t").encode("utf-16-le"))
expect("excel-unicode-text-utf16le.txt", "Tab-separated, UTF-16 LE with byte-order mark", "Python, as Excel's \"Unicode Text\" writes",
       rows, encoding="utf16", check=["CR-0003", "CR-0005", "CR-0007"])

# The same from a tool that writes big-endian UTF-16.
rows = ROWS[10:18]
write("utf16be-tab-separated.txt",
      b"\xfe\xff" + csv_bytes([HEADINGS_CODE] + [text_cells(r) for r in rows], delimiter="\t").encode("utf-16-be"))
expect("utf16be-tab-separated.txt", "Tab-separated, UTF-16 BE with byte-order mark", "Python",
       rows, encoding="utf16", check=["CR-0012", "CR-0017"])

# UTF-8 with two Windows-1252 bytes pasted in: one in the title (needed, so its row
# waits for the person's choice), one in the description (optional, so it is left blank
# and flagged).
rows = ROWS[:5]
body = csv_bytes([HEADINGS_COUNCIL] + [text_cells(r) for r in rows]).encode("utf-8")
body = body.replace("Library cleaning".encode(), b"Library\x92s cleaning", 1)
body = body.replace("Home to school transport".encode(), b"Home to school transport \x96 all routes", 1)
write("utf8-stray-bytes-two-cells.csv", body)
kept = [r for r in rows if r[0] != "CR-0004"]
expect("utf8-stray-bytes-two-cells.csv", "CSV, UTF-8 with two stray Windows-1252 bytes", "Python csv, then two bytes pasted",
       kept, encoding="utf8",
       problems=[(5, "Title (column B) is not UTF-8 text; read as Windows-1252 it says \"Library’s cleaning\"")],
       flags=[(3, "description", "Description (column C) is not UTF-8 text")],
       check=["CR-0002", "CR-0003"])
expect("utf8-stray-bytes-two-cells.csv", "the same, read as Windows-1252 where not UTF-8", "Python csv, then two bytes pasted",
       rows, encoding="utf8", options={"not_utf8": "windows_1252"}, check=["CR-0003", "CR-0004"],
       also={"CR-0004": {"title": "Library’s cleaning"}})

# Money and dates as people type them, a blank column, and rows that cannot be kept whole.
money_forms = ["£120,000.00", "1234567", "£57.70", "£1.2m", "£45k", "1,850,000.00", "750000", "£ 4,560,000", "TBC", "£1,234.567"]
date_forms = [lambda d: d.strftime("%d/%m/%Y"), lambda d: f"{d.day}/{d.month}/{d.year}", lambda d: d.isoformat(),
              lambda d: f"{d.day} {d.strftime('%B %Y')}", lambda d: d.strftime("%d-%b-%y"), lambda d: d.strftime("%d.%m.%Y")]
money_values = [12_000_000, 123_456_700, 5_770, 120_000_000, 4_500_000, 185_000_000, 75_000_000, 456_000_000, None, None]
lines = [["Contract Reference", "Title", "", "Supplier Name", "Start Date", "End Date", "Review Date", "Contract Value", "Contract Owner"]]
imported = []
for i, r in enumerate(ROWS[:10]):
    f = date_forms[i % len(date_forms)]
    review = "31/02/2026" if i == 1 else (f(r[7]) if r[7] else "")
    lines.append([r[0], r[1], "", r[3], f(r[5]), f(r[6]), review, money_forms[i], r[12]])
    imported.append(r[:8] + (money_values[i], None) + r[10:])
rolling = ROWS[12][:6] + (None,) + ROWS[12][7:]  # a rolling contract: no end date
lines.append([rolling[0], rolling[1], "", rolling[3], uk(rolling[5]), "", "", pounds(rolling[8]), rolling[12]])
imported.append(rolling[:9] + (None,) + rolling[10:])
end_bad = list(ROWS[10])
lines.append([end_bad[0], end_bad[1], "", end_bad[3], "01/04/2024", "31/02/2026", "", "£10,000", end_bad[12]])
lines.append([NOTE])
write("money-and-date-forms.csv", csv_bytes(lines).encode("utf-8"))
expect("money-and-date-forms.csv", "CSV, UTF-8: money and dates in every usual form, a blank column, a note under the data", "Python csv",
       imported, encoding="utf8",
       problems=[(13, "End Date (column F) (\"31/02/2026\"): 31 February 2026 does not exist")],
       flags=[(3, "review_date", "31 February 2026 does not exist"), (10, "value", "TBC"),
              (11, "value", "no more than two decimal places"),
              (12, "end_date", "End Date (column F) is blank: imported as a rolling contract")],
       not_contracts=1, check=["CR-0003", "CR-0004", "CR-0005", "CR-0009", "CR-0013"])
# The annual value column is not in the file: nothing to compare.
for c in EXPECTED[-1]["contracts"].values():
    c["annual_value"] = None

# ---- workbooks made by openpyxl -------------------------------------------------------


def sheet_rows(ws, rows, headings=HEADINGS_COUNCIL, at=1, real_dates=True, money_numbers=True):
    for c, h in enumerate(headings, 1):
        ws.cell(at, c, h)
    for i, r in enumerate(rows, at + 1):
        ref, title, desc, supplier, co, start, end, review, value, annual, dept, route, own = r
        vals = [ref, title, desc, supplier, co,
                start if real_dates else uk(start), end if real_dates else uk(end),
                (review if real_dates else uk(review)) if review else None,
                value / 100 if money_numbers else pounds(value), annual / 100 if money_numbers else pounds(annual),
                dept, route, own]
        for c, v in enumerate(vals, 1):
            cell = ws.cell(i, c, v)
            if isinstance(v, dt.date):
                cell.number_format = "dd/mm/yyyy"
            elif isinstance(v, float):
                cell.number_format = '"£"#,##0.00'
    return at + len(rows)


def book(name, fill, epoch=None):
    wb = openpyxl.Workbook()
    if epoch:
        wb.epoch = epoch
    fill(wb)
    wb.save(os.path.join(HERE, name))


# A title, a blank row and a "published" line above the headings; notes under the data.
def title_rows(wb):
    ws = wb.active
    ws.title = "Contracts"
    ws["A1"] = TITLE
    ws["A2"] = "Published 1 April 2025"
    last = sheet_rows(ws, ROWS[:12], at=4)
    ws.cell(last + 2, 1, NOTE)
    ws.cell(last + 3, 1, "Total")
    ws.cell(last + 3, 9, sum(r[8] for r in ROWS[:12]) / 100)


book("openpyxl-title-rows-and-notes.xlsx", title_rows)
expect("openpyxl-title-rows-and-notes.xlsx", "XLSX: title rows above the headings, a note and a total under the data", "openpyxl 3.1",
       ROWS[:12], sheet="Contracts", heading_row=4, not_contracts=2, check=["CR-0002", "CR-0003", "CR-0012"])


# Headings over two rows with merged cells: "Contract dates" over Start and End.
def merged(wb):
    ws = wb.active
    ws.title = "Register"
    top = ["Contract Reference", "Title", "Supplier Name", "Contract dates", None, "Value (£)", "Annual Value (£)", "Contract Owner"]
    low = [None, None, None, "Start", "End", None, None, None]
    for c, h in enumerate(top, 1):
        if h:
            ws.cell(1, c, h)
    for c, h in enumerate(low, 1):
        if h:
            ws.cell(2, c, h)
    for col in "ABCFGH":
        ws.merge_cells(f"{col}1:{col}2")
    ws.merge_cells("D1:E1")
    for i, r in enumerate(ROWS[:10], 3):
        for c, v in enumerate([r[0], r[1], r[3], r[5], r[6], r[8] / 100, r[9] / 100, r[12]], 1):
            cell = ws.cell(i, c, v)
            if isinstance(v, dt.date):
                cell.number_format = "d mmmm yyyy"


book("openpyxl-merged-headings.xlsx", merged)
# The merged cells spread over the cells they cover make row 2 a whole heading row.
expect("openpyxl-merged-headings.xlsx", "XLSX: headings over two rows, merged cells", "openpyxl 3.1",
       ROWS[:10], sheet="Register", heading_row=2, check=["CR-0002", "CR-0003", "CR-0005"])


# A read-me sheet first, the register second, and a hidden lookup sheet.
def readme(wb):
    ws = wb.active
    ws.title = "Read me"
    for i, line in enumerate(["About this data", "Published under the Local Government Transparency Code 2015.", "Contact: procurement@example.invalid"], 1):
        ws.cell(i, 1, line)
    reg = wb.create_sheet("Contracts register")
    sheet_rows(reg, ROWS[:15], headings=HEADINGS_CODE)
    hidden = wb.create_sheet("Lookups")
    hidden.sheet_state = "hidden"
    for i, h in enumerate(["Department", "Environment", "Highways", "Housing"], 1):
        hidden.cell(i, 1, h)


book("openpyxl-read-me-and-hidden-sheets.xlsx", readme)
expect("openpyxl-read-me-and-hidden-sheets.xlsx", "XLSX: a read-me sheet first, a hidden lookup sheet, the Transparency Code's headings", "openpyxl 3.1",
       ROWS[:15], sheet="Contracts register", check=["CR-0003", "CR-0010", "CR-0015"])


# The 1904 date system, as older Excel for Mac saved.
def mac(wb):
    ws = wb.active
    ws.title = "Contracts"
    sheet_rows(ws, ROWS[4:16])


book("openpyxl-1904-date-system.xlsx", mac, epoch=CALENDAR_MAC_1904)
expect("openpyxl-1904-date-system.xlsx", "XLSX: the 1904 date system", "openpyxl 3.1",
       ROWS[4:16], sheet="Contracts", check=["CR-0005", "CR-0010", "CR-0016"])


# Money and dates typed as text; blank columns between; a float tail on a number.
def text_values(wb):
    ws = wb.active
    ws.title = "Sheet1"
    heads = ["Contract Reference", None, "Title", "Supplier Name", None, "Start Date", "End Date", "Contract Value", "Annual Value"]
    for c, h in enumerate(heads, 1):
        if h:
            ws.cell(1, c, h)
    vals = ["£120,000.00", 1234567.0000000002, "£57.70", "£1.2m", "TBC", 18500.000000000004, "£750k", "4,560,000"]
    pence = [12_000_000, 123_456_700, 5_770, 120_000_000, None, 1_850_000, 75_000_000, 456_000_000]
    for i, r in enumerate(ROWS[:8], 2):
        f = date_forms[i % len(date_forms)]
        end = None if i == 8 else r[6]  # row 8: a rolling contract, no end date
        for c, v in [(1, r[0]), (3, r[1]), (4, r[3]), (6, f(r[5])), (7, end), (8, vals[i - 2]), (9, r[9] / 100)]:
            cell = ws.cell(i, c, v)
            if isinstance(v, dt.date):
                cell.number_format = "dd-mmm-yy"


book("openpyxl-text-money-and-blank-columns.xlsx", text_values)
rows = [r[:6] + (None if i == 6 else r[6], r[7], [12_000_000, 123_456_700, 5_770, 120_000_000, None, 1_850_000, 75_000_000, 456_000_000][i], r[9]) + r[10:] for i, r in enumerate(ROWS[:8])]
expect("openpyxl-text-money-and-blank-columns.xlsx", "XLSX: money and dates typed as text, blank columns, float tails, a rolling contract", "openpyxl 3.1",
       rows, owner=False, sheet="Sheet1", flags=[(6, "value", "TBC"), (8, "end_date", "imported as a rolling contract")],
       check=["CR-0002", "CR-0003", "CR-0004", "CR-0006", "CR-0007"])

# ---- made by LibreOffice Calc ---------------------------------------------------------

for src, out, kind, rows, sheet, heading_row, extra in [
    ("openpyxl-merged-headings.xlsx", "libreoffice-merged-headings.ods", "ODS: headings over two rows, merged cells", ROWS[:10], "Register", 1, {}),
    ("openpyxl-title-rows-and-notes.xlsx", "libreoffice-title-rows-and-notes.ods", "ODS: title rows, a note and a total under the data", ROWS[:12], "Contracts", 4,
     {"not_contracts": 2}),
    ("openpyxl-read-me-and-hidden-sheets.xlsx", "libreoffice-read-me-sheet.ods", "ODS: a read-me sheet first", ROWS[:15], "Contracts register", 1, {}),
    ("openpyxl-1904-date-system.xlsx", "libreoffice-resaved.xlsx", "XLSX saved by LibreOffice (1904 workbook re-saved)", ROWS[4:16], "Contracts", 1, {}),
]:
    soffice(os.path.join(HERE, src), out.rsplit(".", 1)[1], out)
    expect(out, kind, "LibreOffice Calc 7.4 (converted from the openpyxl file)", rows, sheet=sheet, heading_row=heading_row,
           check=[rows[1][0], rows[2][0]], **extra)

# LibreOffice's own CSV export (UTF-8, no byte-order mark, LF) of a workbook.
soffice(os.path.join(HERE, "openpyxl-1904-date-system.xlsx"), "csv:Text - txt - csv (StarCalc):44,34,76,1", "libreoffice-export.csv")
expect("libreoffice-export.csv", "CSV, UTF-8 without byte-order mark, as LibreOffice exports", "LibreOffice Calc 7.4",
       ROWS[4:16], encoding="utf8", check=["CR-0005", "CR-0010"])

with open(os.path.join(HERE, "expected.json"), "w", encoding="utf-8") as f:
    json.dump({"default_owner": OWNER, "files": EXPECTED}, f, ensure_ascii=False, indent=1)
    f.write("\n")
print(f"{len(set(e['file'] for e in EXPECTED))} files, {len(EXPECTED)} expectations")
