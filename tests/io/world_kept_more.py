"""Trackers as people keep them, written with openpyxl: the third round of shapes.

Beside :mod:`tests.io.world_trackers` and :mod:`tests.io.world_kept`: months and
two digits that may be a day or a year ("March 31", "Sept 24"), a column of months
and years, old months' columns hidden behind a frozen pane, RAG words of two
colours and BRAG's Blue with no key, a RAG kept as a score coloured by a rule,
lists of allowed values, an objective written on every row, a quarter's sheet
after the one before, a protected sheet, one update merged over two deliverables,
Comments beside the Summary position, references typed "D1.2a", "1.2 (new)" and
"NHP-04", a key and totals under the table, dropped deliverables struck through,
Excel's day numbers typed as text. The expected plan of each is written in its
test (``tests/io/test_tracker_kept_more.py``).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from tests.io.world_kept import _put, _save, _sheet

HEADER = ["Ref", "Deliverable", "Update", "RAG", "Target date"]


def month_and_two_digits(path: Path) -> Path:
    """Due dates typed as text: dd/mm/yyyy, then "March 31" and "Sept 24" among them."""
    workbook, sheet = _sheet()
    _put(sheet, 1, HEADER)
    for row, date in enumerate(["31/03/2024", "March 31", "Sept 24", "30/06/2024"], start=2):
        _put(sheet, row, [f"1.{row - 1}", f"We will {row - 1}", "Moving", "A", date])
        sheet.cell(row, 5).number_format = "@"
    return _save(workbook, path)


def months_and_years(path: Path) -> Path:
    """A column of months with their years: typed "Jun-24", "Mar 24" and "March 24", and date
    cells formatted "mmm yy" and "mmmm yy"."""
    workbook, sheet = _sheet()
    _put(sheet, 1, HEADER)
    dates: list[object] = ["Jun-24", "Mar 24", dt.datetime(2024, 9, 1), dt.datetime(2024, 12, 1),
                           "March 24"]  # fmt: skip
    for row, date in enumerate(dates, start=2):
        _put(sheet, row, [f"1.{row - 1}", f"We will {row - 1}", "Moving", "A", date])
    sheet.cell(4, 5).number_format = "mmm yy"
    sheet.cell(5, 5).number_format = "mmmm yy"
    return _save(workbook, path)


def old_months_hidden(path: Path) -> Path:
    """Each month's Update and RAG side by side, the older months' columns hidden, a frozen pane."""
    workbook, sheet = _sheet()
    _put(sheet, 1, ["Ref", "Deliverable", "Update Dec 23", "RAG Dec 23", "Update Jan 24",
                    "RAG Jan 24", "Update Feb 24", "RAG Feb 24"])  # fmt: skip
    _put(sheet, 2, ["1.1", "We will map partners", "Scoping", "R", "Mapped 20", "A",
                    "Mapped 40", "G"])  # fmt: skip
    _put(sheet, 3, ["1.2", "We will share data", "Not started", "R", "Drafted", "A", "Agreed",
                    "G"])  # fmt: skip
    for letter in "CDEF":
        sheet.column_dimensions[letter].hidden = True
    sheet.freeze_panes = "C2"
    return _save(workbook, path)


def two_colour_and_blue_words(path: Path) -> Path:
    """A RAG column of "Amber/Green", "G/A", "Blue", "BLUE" and "Green", with no key."""
    workbook, sheet = _sheet()
    _put(sheet, 1, ["Ref", "Deliverable", "Update", "RAG"])
    for row, word in enumerate(["Amber/Green", "G/A", "Blue", "BLUE", "Green"], start=2):
        _put(sheet, row, [f"1.{row - 1}", f"We will {row - 1}", "Moving", word])
    return _save(workbook, path)


def scores_coloured_by_a_rule(path: Path) -> Path:
    """A RAG column of scores 1 to 3, coloured only by conditional formatting, with no key."""
    workbook, sheet = _sheet()
    _put(sheet, 1, ["Ref", "Deliverable", "Update", "RAG"])
    for row, score in enumerate([3, 2, 1], start=2):
        _put(sheet, row, [f"1.{row - 1}", f"We will {row - 1}", "Moving", score])
    for score, colour in ((3, "00B050"), (2, "FFC000"), (1, "FF0000")):
        fill = PatternFill("solid", bgColor=colour)
        rule = CellIsRule(operator="equal", formula=[str(score)], fill=fill)
        sheet.conditional_formatting.add("D2:D4", rule)
    return _save(workbook, path)


def lists_of_allowed_values(path: Path) -> Path:
    """Data validation on the RAG and Lead columns, the RAG list on a hidden "Lists" sheet."""
    workbook, sheet = _sheet("Delivery Plan")
    _put(sheet, 1, ["Ref", "Deliverable", "Lead", "Update", "RAG"])
    _put(sheet, 2, ["1.1", "We will hold panels", "Insp Ray", "Held", "Green"])
    _put(sheet, 3, ["1.2", "We will survey", "Sgt Bell", "Sent", "Amber"])
    lists = workbook.create_sheet("Lists")
    for row, word in enumerate(["Green", "Amber", "Red"], start=1):
        lists.cell(row, 1, word)
    lists.sheet_state = "hidden"
    rag = DataValidation(type="list", formula1="=Lists!$A$1:$A$3", allow_blank=True)
    leads = DataValidation(type="list", formula1='"Insp Ray,Sgt Bell"')
    sheet.add_data_validation(rag)
    sheet.add_data_validation(leads)
    rag.add("E2:E200")
    leads.add("C2:C200")
    return _save(workbook, path)


def objective_on_every_row(path: Path) -> Path:
    """An Objective column filled in on every row (so the table can be filtered by it)."""
    workbook, sheet = _sheet()
    _put(sheet, 1, ["Objective", "Ref", "Deliverable", "Update", "RAG"])
    rows = [
        ("Engaging with communities", "1.1", "We will hold panels", "Held", "G"),
        ("Engaging with communities", "1.2", "We will survey", "Sent", "A"),
        ("Solving problems", "2.1", "We will train", "Trained", "G"),
        ("Solving problems", "2.2", "We will evaluate", "Begun", "A"),
    ]
    for row, values in enumerate(rows, start=2):
        _put(sheet, row, values)
    return _save(workbook, path)


def quarter_sheets(path: Path) -> Path:
    """A sheet per quarter, Q1's first and Q2's (the newer) after it, Q1's tab still open."""
    workbook, first = _sheet("Q1 2024-25")
    _put(first, 1, ["Ref", "Deliverable", "Update", "RAG"])
    _put(first, 2, ["1.1", "We will map partners", "Scoping", "R"])
    second = workbook.create_sheet("Q2 2024-25")
    _put(second, 1, ["Ref", "Deliverable", "Update", "RAG"])
    _put(second, 2, ["1.1", "We will map partners", "Mapped 40", "G"])
    return _save(workbook, path)


def protected_sheet(path: Path) -> Path:
    """The plan's sheet protected with a password (only the update columns unlocked)."""
    workbook, sheet = _sheet()
    _put(sheet, 1, HEADER)
    _put(sheet, 2, ["1.1", "We will hold panels", "Held", "G", "31/03/2024"])
    _put(sheet, 3, ["1.2", "We will survey", "Sent", "A", "30/06/2024"])
    sheet.protection.sheet = True
    sheet.protection.password = "npdb"
    return _save(workbook, path)


def one_update_over_two(path: Path) -> Path:
    """One update and RAG merged down over two deliverables' rows, as one position for both."""
    workbook, sheet = _sheet()
    _put(sheet, 1, HEADER)
    _put(sheet, 2, ["1.1", "We will recruit PCSOs", "Recruitment paused by the budget", "R",
                    "31/03/2024"])  # fmt: skip
    _put(sheet, 3, ["1.2", "We will train new PCSOs", None, None, "30/06/2024"])
    _put(sheet, 4, ["1.3", "We will publish", "Published", "G", "31/01/2024"])
    sheet.merge_cells("C2:C3")
    sheet.merge_cells("D2:D3")
    return _save(workbook, path)


def comments_beside_summary(path: Path) -> Path:
    """A "Comments" column right of the "Summary position": the lead's notes beside the update."""
    workbook, sheet = _sheet()
    _put(sheet, 1, ["Ref", "Deliverable", "Summary position", "Comments", "RAG"])
    _put(sheet, 2, ["1.1", "We will hold panels", "Six held", "Chair to change in April", "G"])
    _put(sheet, 3, ["1.2", "We will survey", "Sent", None, "A"])
    return _save(workbook, path)


def refs_typed_oddly(path: Path) -> Path:
    """References typed "D1.2a", "1.2 (new)" and "NHP-04" down one column."""
    workbook, sheet = _sheet()
    _put(sheet, 1, ["Ref", "Deliverable", "Update", "RAG"])
    for row, ref in enumerate(["1.1", "D1.2a", "1.3 (new)", "NHP-04"], start=2):
        _put(sheet, row, [ref, f"We will {row - 1}", "Moving", "A"])
    return _save(workbook, path)


def key_and_totals_below(path: Path) -> Path:
    """Under the table: counts of each rating, a total, and the key in one cell."""
    workbook, sheet = _sheet()
    _put(sheet, 1, ["Ref", "Deliverable", "Update", "RAG"])
    _put(sheet, 2, ["1.1", "We will hold panels", "Held", "G"])
    _put(sheet, 3, ["1.2", "We will survey", "Sent", "A"])
    _put(sheet, 5, ["G", 1])
    _put(sheet, 6, ["A", 1])
    _put(sheet, 7, ["Total", 2])
    _put(sheet, 9, ["Key: G = Complete, A = On track, R = Off track"])
    return _save(workbook, path)


def dropped_struck_through(path: Path) -> Path:
    """A dropped deliverable left in the table with its row struck through."""
    workbook, sheet = _sheet()
    _put(sheet, 1, HEADER)
    _put(sheet, 2, ["1.1", "We will hold panels", "Held", "G", "31/03/2024"])
    _put(sheet, 3, ["1.2", "We will open a kiosk", "Dropped by the NPDB", "R", "31/12/2023"])
    _put(sheet, 4, ["1.3", "We will survey", "Sent", "A", "30/06/2024"])
    for column in range(1, 6):
        sheet.cell(3, column).font = Font(strike=True)
    return _save(workbook, path)


def serials_typed_as_text(path: Path) -> Path:
    """Due dates pasted as Excel's day numbers into a column formatted as text."""
    workbook, sheet = _sheet()
    _put(sheet, 1, HEADER)
    for row, date in enumerate(["45382", "31/03/2024", "45473"], start=2):
        _put(sheet, row, [f"1.{row - 1}", f"We will {row - 1}", "Moving", "A", date])
        sheet.cell(row, 5).number_format = "@"
    return _save(workbook, path)


def one_update_over_two_months(path: Path) -> Path:
    """January's update and RAG merged over two deliverables; February's written for each."""
    workbook, sheet = _sheet()
    _put(sheet, 1, ["Ref", "Deliverable", "Update Jan 24", "RAG Jan 24", "Update Feb 24",
                    "RAG Feb 24"])  # fmt: skip
    _put(sheet, 2, ["1.1", "We will recruit PCSOs", "Paused", "R", "Restarted", "A"])
    _put(sheet, 3, ["1.2", "We will train new PCSOs", None, None, "Begun", "G"])
    sheet.merge_cells("C2:C3")
    sheet.merge_cells("D2:D3")
    return _save(workbook, path)
