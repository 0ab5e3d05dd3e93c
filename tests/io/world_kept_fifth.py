"""Trackers as people keep them, written with openpyxl: the fifth round of shapes.

Beside :mod:`tests.io.world_kept_fourth` and the rounds before it: a sheet saved by
Excel as "Unicode Text" (UTF-16) under a .csv name, headings and RAG words padded with
non-breaking spaces, RAG words with words after them, a two-row header under merged
group titles, one row holding two references, and references numbered afresh under
each objective. The expected plan of each is written in its test
(``tests/io/test_tracker_kept_fifth.py``).
"""

from __future__ import annotations

import codecs
from pathlib import Path

from openpyxl.styles import Font, PatternFill

from tests.io.world_kept import _put, _save, _sheet

#: A sheet as Excel's "Unicode Text" writes it: tab separated, CR LF, empty cells kept,
#: a cell holding a line break quoted.
UNICODE_TEXT_LINES = (
    "NHP Delivery Plan – position at January 2024\t\t\t\t",
    "\t\t\t\t",
    "Ref\tDeliverable\tRAG\tSummary position\tDate",
    "1.1\tSet up NHP board\tGREEN\tDone\t31/01/2024",
    '1.2\tWe will hold ward panels\tAMBER\t"Six held;\nCafé Road next"\t31/03/2024',
    "1.3\tWe will publish the £5k fund\tRED\tMissed\tTBC",
)


def unicode_text_csv(path: Path, *, big_endian: bool = False, mark: bool = True) -> Path:
    """A sheet saved by Excel as "Unicode Text" (UTF-16 with a byte-order mark), named .csv.

    ``mark=False`` leaves the byte-order mark off, as some other programs write UTF-16.
    """
    codec = "utf-16-be" if big_endian else "utf-16-le"
    bom = codecs.BOM_UTF16_BE if big_endian else codecs.BOM_UTF16_LE
    text = "\r\n".join(line.replace("\n", "\r\n") for line in UNICODE_TEXT_LINES) + "\r\n"
    path.write_bytes((bom if mark else b"") + text.encode(codec))
    return path


_FILLS = {"G": "00B050", "A": "FFC000", "R": "FF0000"}


def non_breaking_spaces(path: Path) -> Path:
    """Headings and RAG words padded with non-breaking spaces (pasted from a web page or Word),
    under a title, the RAG cells filled to match."""
    workbook, sheet = _sheet()
    _put(sheet, 1, ["NHP Delivery Plan\u00a0– January 2024"])
    _put(sheet, 3, ["Ref\u00a0", "Deliverable ", "Summary\u00a0position\u00a0", "RAG\u00a0Status",
                    "Target date\u00a0 "])  # fmt: skip
    rows = [
        ("1.1", "We will hold panels", "Held", "GREEN\u00a0", "31/03/2024"),
        ("1.2", "We will survey", "Sent", "\u00a0Amber", "30/06/2024"),
        ("1.3", "We will publish", "Late", "Red\u00a0 ", "29/02/2024"),
    ]
    for row, values in enumerate(rows, start=4):
        _put(sheet, row, values)
        sheet.cell(row, 4).fill = PatternFill("solid", fgColor=_FILLS[values[3].strip()[0]])
    for column in range(1, 6):
        sheet.cell(3, column).font = Font(bold=True)
    return _save(workbook, path)


def rag_with_words_after(path: Path, words: list[str]) -> Path:
    """A RAG column of a rating and words about it ("G (complete)", "RED – missed")."""
    workbook, sheet = _sheet()
    _put(sheet, 1, ["Neighbourhood Policing Delivery Plan"])
    _put(sheet, 2, ["Ref", "Deliverable", "Update", "RAG", "Date"])
    for row, word in enumerate(words, start=3):
        _put(sheet, row, [f"1.{row - 2}", f"We will deliver item {row - 2}", "Moving", word,
                          "31/03/2024"])  # fmt: skip
    return _save(workbook, path)


def two_refs_in_one_row(path: Path, refs: str, *, ref_column: bool = True) -> Path:
    """Two deliverables kept on one row, their references in one cell ("1.3 & 1.4"), under a
    filled objective heading; without a reference column, the references start the text."""
    workbook, sheet = _sheet()
    _put(sheet, 1, ["NHP Delivery Plan 2024"])
    header = ["Ref", "Deliverable", "Update", "RAG", "Date"]
    rows = [
        ("1.1", "We will hold panels", "Held", "G", "31/03/2024"),
        ("1.2", "We will survey", "Sent", "A", "30/06/2024"),
        (refs, "We will train staff and brief partners", "Booked", "A", "30/09/2024"),
        ("1.5", "We will publish", "Drafted", "R", "29/02/2024"),
    ]
    if not ref_column:
        header = header[1:]
        rows = [(f"{ref} {text}", *rest) for ref, text, *rest in rows]
    _put(sheet, 3, header)
    _put(sheet, 4, ["Objective 1: Engagement"])
    sheet.cell(4, 1).fill = PatternFill("solid", fgColor="D9D9D9")
    sheet.merge_cells(start_row=4, start_column=1, end_row=4, end_column=len(header))
    for row, values in enumerate(rows, start=5):
        _put(sheet, row, values)
    return _save(workbook, path)


def grouped_header(path: Path) -> Path:
    """A two-row header: merged, filled group titles ("Deliverable" over Ref and Deliverable,
    "Position January 2024" over RAG, Summary and Date), the real headings under them."""
    workbook, sheet = _sheet("Delivery Plan")
    _put(sheet, 1, ["Northshire Police – Neighbourhood Policing Delivery Plan"])
    _put(sheet, 3, ["Deliverable", None, "Lead", "Position January 2024"])
    for merged in ("A3:B3", "D3:F3"):
        sheet.merge_cells(merged)
    _put(sheet, 4, ["Ref", "Deliverable", "Lead", "RAG", "Summary position", "Date"])
    for row in (3, 4):
        for column in range(1, 7):
            sheet.cell(row, column).font = Font(bold=True)
            sheet.cell(row, column).fill = PatternFill(
                "solid", fgColor="1F4E78" if row == 3 else "BDD7EE"
            )
    _put(sheet, 5, ["1.1", "We will hold panels", "Insp Ray", "G", "Six held", "31/01/2024"])
    _put(sheet, 6, ["1.2", "We will survey", "Sgt Bell", "A", "Sent", "31/03/2024"])
    _put(sheet, 8, ["2.1", "We will train staff", "Insp Ray", "R", "Not booked", "TBC"])
    for row, rag in ((5, "G"), (6, "A"), (8, "R")):
        sheet.cell(row, 4).fill = PatternFill("solid", fgColor=_FILLS[rag])
    return _save(workbook, path)


def refs_restarting(
    path: Path, number: str = "{}", second: str = "Objective 2 – Problem solving", start: int = 1
) -> Path:
    """Deliverables numbered afresh under each objective's merged, filled heading row
    ("Objective 1 – Engagement", then 1, 2, 3), a blank row between the objectives.

    ``number`` writes each item's number: "{}" as numbers, "{}." with a point after;
    ``second`` is the second heading and ``start`` the number its items start at.
    """
    workbook, sheet = _sheet()
    _put(sheet, 1, ["NHP Delivery Plan – position as at January 2024"])
    _put(sheet, 3, ["No.", "Deliverable", "Update", "RAG", "Target date"])
    blocks = [
        ("Objective 1 – Engagement", [("We will hold panels", "Held", "G", "31/01/2024"),
                                      ("We will survey", "Sent", "A", "31/03/2024")]),
        (second, [("We will map hotspots", "Late", "R", "TBC"),
                                           ("We will train staff", "Booked", "A", "30/04/2024"),
                                           ("We will review", "Started", "A", "Ongoing")]),
    ]  # fmt: skip
    row = 4
    for heading, items in blocks:
        _put(sheet, row, [heading])
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=5)
        sheet.cell(row, 1).fill = PatternFill("solid", fgColor="D9D9D9")
        sheet.cell(row, 1).font = Font(bold=True)
        first = 1 if row == 4 else start
        for offset, values in enumerate(items, start=1):
            label = number.format(first + offset - 1)
            _put(sheet, row + offset, [int(label) if label.isdigit() else label, *values])
        row += len(items) + 2
    return _save(workbook, path)
