"""More trackers as people keep them, written with openpyxl: the second round of shapes.

Beside :mod:`tests.io.world_trackers`: due dates in words ("End of March",
"Mid-April 2024", "30-Jun-24"), American dates among British ones, numbered
objective rows rated on their own row, "Grand Total" lines, formulas saved by a
program that does not calculate, a second table under the first, the header
repeated over each objective's block, a month merged over the header, RAG
columns for two months beside one update, references Excel turned into numbers,
fills in theme tints and conditional-format colours, and a table set in from A1.
The expected plan of each is written in its test (``tests/io/test_tracker_kept.py``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Color, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from tests.io.world_trackers import HEADER


def _put(sheet: Worksheet, row: int, values: Sequence[object], first: int = 1) -> None:
    for column, value in enumerate(values, start=first):
        if value is not None:
            sheet.cell(row, column, value)


def _sheet(title: str = "Plan") -> tuple[Workbook, Worksheet]:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    return workbook, sheet


def _save(workbook: Workbook, path: Path) -> Path:
    workbook.save(path)
    return path


#: Due dates as leads type them, with what a person reading them would say they mean.
DATE_WORDS: tuple[str, ...] = (
    "End of March",  # no year
    "End of March 2024",
    "Q3 update",  # not a date
    "Mid-April",
    "Mid-April 2024",  # not one day
    "31st March",  # no year
    "30-Jun-24",  # Excel's d-mmm-yy, pasted as text
    "March 31, 2024",
    "Friday 31 May 2024",
    "end of Q3",  # no year
)


def date_words(path: Path) -> Path:
    """A "Target date" column of dates in words under a title naming the month."""
    workbook, sheet = _sheet("Delivery Plan")
    _put(sheet, 1, ["NHP Delivery Plan: position as at February 2024"])
    _put(sheet, 3, ["Ref", "Deliverable", "Lead", "Update", "RAG", "Target date"])
    for number, text in enumerate(DATE_WORDS, start=1):
        _put(sheet, 3 + number, [f"1.{number}", f"We will deliver item {number}", "Insp Khan",
                                 "In hand", "A", text])  # fmt: skip
    return _save(workbook, path)


def american_dates(path: Path) -> Path:
    """Due dates typed as text by someone who writes the month first: 12/31/2024 among them."""
    workbook, sheet = _sheet()
    _put(sheet, 1, ["Ref", "Deliverable", "Update", "RAG", "Due date"])
    for number, text in enumerate(["03/04/2024", "12/31/2024", "06/06/2024", "13/05/2024"], 1):
        _put(sheet, 1 + number, [f"1.{number}", f"We will {number}", "Moving", "A", text])
        sheet.cell(1 + number, 5).number_format = "@"
    return _save(workbook, path)


def numbered_objectives_rated(path: Path) -> Path:
    """ "1 | ENGAGING WITH COMMUNITIES | | Amber": each objective numbered in the Ref column,
    its title in bold beside it and its own overall RAG in the RAG column."""
    workbook, sheet = _sheet()
    _put(sheet, 1, ["Ref", "Deliverable", "Lead", "Update", "RAG"])
    rows: list[list[object]] = [
        [1, "Engaging with communities", None, None, "Amber"],
        ["1.1", "We will hold ward panels", "Insp Ray", "Held in six wards", "G"],
        ["1.2", "We will survey residents", "Insp Ray", "Survey out", "A"],
        [2, "Solving problems", None, None, "Green"],
        ["2.1", "We will train PCSOs", "Sgt Bell", "All trained", "G"],
    ]
    for row, values in enumerate(rows, start=2):
        _put(sheet, row, values)
        if isinstance(values[0], int):
            sheet.cell(row, 2).font = Font(bold=True)
    return _save(workbook, path)


def numbered_items_rated(path: Path) -> Path:
    """An action list numbered 1, 2, 3 with no objectives, the first item not yet updated."""
    workbook, sheet = _sheet()
    _put(sheet, 1, ["No.", "Action", "Update", "RAG"])
    _put(sheet, 2, [1, "We will hold ward panels", None, "A"])
    _put(sheet, 3, [2, "We will survey residents", "Survey out", "G"])
    return _save(workbook, path)


def grand_totals(path: Path) -> Path:
    """ "Grand Total" lines under the table as pivot tables and hand-made sums write them."""
    workbook, sheet = _sheet()
    _put(sheet, 1, ["Ref", "Deliverable", "Update", "RAG", "Date"])
    _put(sheet, 2, ["1.1", "We will open a hub", "Opened", "G", "31/01/2024"])
    _put(sheet, 3, ["1.2", "We will staff the hub", "Half staffed", "A", "31/03/2024"])
    _put(sheet, 4, ["Grand Total", None, None, 2])
    _put(sheet, 5, [None, "Grand Total", 2])
    _put(sheet, 6, ["Grand Total:", None, None, "A"])
    _put(sheet, 7, ["Grand total", "Green 1, Amber 1"])
    return _save(workbook, path)


def formula_refs_without_results(path: Path) -> Path:
    """References made by a formula (="1."&3) in a workbook written by a script, never opened
    in Excel, so no formula has a saved result; 1.2's update and RAG are formulas too."""
    workbook, sheet = _sheet()
    _put(sheet, 1, ["Ref", "Deliverable", "Update", "RAG", "Date"])
    _put(sheet, 2, ["1.1", "We will hold panels", "Held", "G", "31/03/2024"])
    _put(sheet, 3, ["1.2", "We will survey", "=C2", '=IF(E2="","A","G")', "30/04/2024"])
    _put(sheet, 4, ['="1."&3', "We will publish", "Drafted", "R", "30/06/2024"])
    return _save(workbook, path)


def completed_table_below(path: Path) -> Path:
    """The live plan, then a "Completed deliverables" table with its own header lower down."""
    workbook, sheet = _sheet()
    _put(sheet, 1, ["Ref", "Deliverable", "Update", "RAG", "Date"])
    _put(sheet, 2, ["1.1", "We will hold panels", "Held", "G", "31/03/2024"])
    _put(sheet, 3, ["1.2", "We will survey", "Sent", "A", "30/06/2024"])
    _put(sheet, 6, ["Completed deliverables (closed at the NPDB)"])
    sheet.cell(6, 1).font = Font(bold=True)
    _put(sheet, 7, ["Ref", "Deliverable", "Closing update", "RAG", "Date closed"])
    _put(sheet, 8, ["0.1", "We will publish the strategy", "Published", "G", "01/04/2023"])
    _put(sheet, 9, ["1.0", "We will set up governance", "Board meets", "G", "01/05/2023"])
    return _save(workbook, path)


def risks_below(path: Path) -> Path:
    """A risks and issues log under the plan on the same sheet, numbered R1.1, 2.1."""
    workbook, sheet = _sheet()
    _put(sheet, 1, ["Ref", "Deliverable", "Update", "RAG", "Lead"])
    _put(sheet, 2, ["1.1", "We will hold panels", "Held", "G", "Insp Ray"])
    _put(sheet, 3, ["2.1", "We will train PCSOs", "Booked", "A", "Sgt Bell"])
    _put(sheet, 5, ["Risks and issues"])
    _put(sheet, 6, ["Risk No.", "Description", "Mitigation", "RAG", "Owner"])
    _put(sheet, 7, ["R1.1", "Funding may end", "Bid submitted", "R", "Supt Cole"])
    _put(sheet, 8, ["2.2", "Staff abstraction", "Protected time", "A", "Ch Insp Ode"])
    return _save(workbook, path)


def header_over_each_objective(path: Path) -> Path:
    """Each objective a block of its own: a shaded title row, then the header row again."""
    workbook, sheet = _sheet()
    headings = ["Ref", "Deliverable", "Update", "RAG", "Date"]
    row = 1
    blocks = [
        ("Objective 1: Engaging with communities", [("1.1", "Held", "G"), ("1.2", "Sent", "A")]),
        ("Objective 2: Solving problems", [("2.1", "Trained", "G")]),
    ]
    for title, items in blocks:
        _put(sheet, row, [title])
        sheet.cell(row, 1).fill = PatternFill("solid", fgColor="BDD7EE")
        _put(sheet, row + 1, headings)
        for column in range(1, 6):
            sheet.cell(row + 1, column).fill = HEADER
        row += 2
        for ref, update, rag in items:
            _put(sheet, row, [ref, f"We will {ref}", update, rag, "31/03/2024"])
            row += 1
        row += 1
    return _save(workbook, path)


def month_over_the_header(path: Path) -> Path:
    """ "January 2024" merged over the "Update | RAG" pair of a one-month tracker."""
    workbook, sheet = _sheet()
    _put(sheet, 1, [None, None, None, "January 2024"])
    sheet.merge_cells("D1:E1")
    _put(sheet, 2, ["Ref", "Deliverable", "Lead", "Update", "RAG", "Target date"])
    _put(sheet, 3, ["1.1", "We will hold panels", "Insp Ray", "Held", "G", "31/03/2024"])
    _put(sheet, 4, ["1.2", "We will survey", "Insp Ray", "Sent", "A", "30/06/2024"])
    return _save(workbook, path)


def two_rags_one_update(path: Path) -> Path:
    """Last month's RAG kept beside this month's, with one update column between them."""
    workbook, sheet = _sheet()
    _put(sheet, 1, ["Ref", "Deliverable", "Update", "RAG Jan 24", "RAG Feb 24"])
    _put(sheet, 2, ["1.1", "We will map partners", "Mapped 40", "A", "G"])
    _put(sheet, 3, ["1.2", "We will share data", "Stalled", "A", "R"])
    return _save(workbook, path)


def filtered_frozen_with_notes(path: Path) -> Path:
    """An autofilter and frozen panes, notes on cells, leads as email addresses."""
    workbook, sheet = _sheet()
    _put(sheet, 1, ["Ref", "Deliverable", "Lead", "Update", "RAG", "Date"])
    sheet.auto_filter.ref = "A1:F4"
    sheet.freeze_panes = "C2"
    _put(sheet, 2, ["1.1", "We will hold panels", "a.khan@northshire.police.uk", "Held", "G",
                    dt.datetime(2024, 3, 31)])  # fmt: skip
    _put(sheet, 3, ["1.2", "We will survey",
                    "j.ode@northshire.police.uk; b.bell@northshire.police.uk", "Sent", "A",
                    dt.datetime(2024, 6, 30)])  # fmt: skip
    _put(
        sheet, 4, ["1.3", "We will publish", "Insp Ray", "Drafted", "R", dt.datetime(2023, 12, 31)]
    )
    sheet.cell(2, 4).comment = Comment("Checked by the DCI on 5/2", "Planner")
    sheet.cell(3, 5).comment = Comment("Was Red in December", "Planner")
    for row in (2, 3, 4):
        sheet.cell(row, 6).number_format = "DD/MM/YYYY"
    return _save(workbook, path)


def numeric_refs(path: Path) -> Path:
    """References Excel stored as numbers: 1.1 to 1.9, then 1.10 typed and kept as 1.1."""
    workbook, sheet = _sheet()
    _put(sheet, 1, ["Ref", "Deliverable", "Update", "RAG"])
    refs = [1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7, 1.8, 1.9, 1.1, 1.11, 2.1]
    for row, ref in enumerate(refs, start=2):
        _put(sheet, row, [ref, f"We will {row - 1}", "Moving", "A"])
    return _save(workbook, path)


def numeric_refs_sorted(path: Path) -> Path:
    """The same numbers after a sort by the Ref column: 1.10 (stored 1.1) beside 1.1."""
    workbook, sheet = _sheet()
    _put(sheet, 1, ["Ref", "Deliverable", "Update", "RAG"])
    for row, (ref, text) in enumerate(
        [(1.1, "We will hold panels"), (1.1, "We will review panels"), (1.2, "We will survey")],
        start=2,
    ):
        _put(sheet, row, [ref, text, "Moving", "A"])
    return _save(workbook, path)


def split_over_two_rows(path: Path) -> Path:
    """Text run on to a second row, and a deliverable whose RAG and date are on its second row."""
    workbook, sheet = _sheet()
    _put(sheet, 1, ["Ref", "Deliverable", "Lead", "Update", "RAG", "Date"])
    _put(sheet, 2, ["1.1", "We will hold ward panels in", "Insp Ray", "Panels held in", "G",
                    "31/03/2024"])  # fmt: skip
    _put(sheet, 3, [None, "every ward", None, "six wards"])
    _put(sheet, 4, ["1.2", "We will survey", "Insp Ray", "Sent"])
    _put(sheet, 5, [None, None, None, None, "A", "30/06/2024"])
    return _save(workbook, path)


def set_in_from_a1(path: Path) -> Path:
    """A narrow empty margin column and rows above: the title in C3, the header in C5."""
    workbook, sheet = _sheet()
    sheet.column_dimensions["A"].width = 2
    sheet.column_dimensions["B"].width = 2
    _put(sheet, 3, ["Northshire NHP delivery plan tracker"], first=3)
    _put(sheet, 5, ["Ref", "Deliverable", "Update", "RAG", "Date"], first=3)
    _put(sheet, 6, ["1.1", "We will hold panels", "Held", "G", "31/03/2024"], first=3)
    _put(sheet, 7, ["1.2", "We will survey", "Sent", "A", "30/06/2024"], first=3)
    return _save(workbook, path)


#: Fills with no word, as a RAG column is coloured by hand or copied from conditional formats.
PALE_FILLS: tuple[tuple[PatternFill, str], ...] = (
    (PatternFill("solid", fgColor=Color(theme=9, tint=0.7999816888943144)), "AMBER"),
    (PatternFill("solid", fgColor=Color(theme=6, tint=0.5999938962981048)), "GREEN"),
    (PatternFill("solid", fgColor=Color(theme=5, tint=0.7999816888943144)), "RED"),
    (PatternFill("solid", fgColor="FFFF00"), "AMBER"),  # yellow for amber
    (PatternFill("solid", fgColor="92D050"), "GREEN"),  # Excel's light green
    (PatternFill("solid", fgColor="C00000"), "RED"),  # Excel's dark red
    (PatternFill("solid", fgColor="FFC7CE"), "RED"),  # the "Bad" cell style
    (PatternFill("solid", fgColor="C6EFCE"), "GREEN"),  # the "Good" cell style
    (PatternFill("solid", fgColor="FFEB9C"), "AMBER"),  # the "Neutral" cell style
)


def pale_fills(path: Path) -> Path:
    """RAG only as the cell's fill: theme colours lightened, Excel's standard and styles' fills."""
    workbook, sheet = _sheet()
    _put(sheet, 1, ["Ref", "Deliverable", "Update", "RAG"])
    for number, (fill, _) in enumerate(PALE_FILLS, start=1):
        _put(sheet, 1 + number, [f"1.{number}", f"We will {number}", "Moving"])
        sheet.cell(1 + number, 4).fill = fill
    return _save(workbook, path)


def objective_merged_down(path: Path) -> Path:
    """An Objective column whose cell is merged down beside its deliverables."""
    workbook, sheet = _sheet()
    _put(sheet, 1, ["Objective", "Ref", "Deliverable", "Update", "RAG"])
    _put(sheet, 2, ["1. Engaging with communities", "1.1", "We will hold panels", "Held", "G"])
    _put(sheet, 3, [None, "1.2", "We will survey", "Sent", "A"])
    _put(sheet, 4, [None, "1.3", "We will publish", "Drafted", "R"])
    sheet.merge_cells("A2:A4")
    _put(sheet, 5, ["2. Solving problems", "2.1", "We will train", "Trained", "G"])
    _put(sheet, 6, [None, "2.2", "We will evaluate", "Begun", "A"])
    sheet.merge_cells("A5:A6")
    return _save(workbook, path)


def untidy_rag_words(path: Path) -> Path:
    """RAG words with trailing spaces, in lower case, with a reason after, and "Amber/Red"."""
    workbook, sheet = _sheet()
    _put(sheet, 1, ["Ref", "Deliverable", "Update", "RAG"])
    words = ["Green ", " amber", "RED", "g", "Red - overdue", "GREEN (complete)", "R\n",
             "Amber/Red"]  # fmt: skip
    for number, word in enumerate(words, start=1):
        _put(sheet, 1 + number, [f"1.{number}", f"We will {number}", "Moving", word])
    return _save(workbook, path)


def last_month_still_open(path: Path) -> Path:
    """February's sheet added at the front, January's still the tab open when it was saved."""
    workbook, february = _sheet("Feb 24")
    _put(february, 1, ["Ref", "Deliverable", "Update", "RAG"])
    _put(february, 2, ["1.1", "We will map partners", "Mapped 40", "G"])
    january = workbook.create_sheet("Jan 24")
    _put(january, 1, ["Ref", "Deliverable", "Update", "RAG"])
    _put(january, 2, ["1.1", "We will map partners", "Scoping", "R"])
    workbook.active = 1
    return _save(workbook, path)


def sub_items(path: Path) -> Path:
    """Sub-deliverables numbered 1.1.1 and 1.2a under their deliverables."""
    workbook, sheet = _sheet()
    _put(sheet, 1, ["Ref", "Deliverable", "Update", "RAG"])
    for row, ref in enumerate(["1.1", "1.1.1", "1.1.2", "1.2", "1.2a"], start=2):
        _put(sheet, row, [ref, f"We will {ref}", "Moving", "A"])
    return _save(workbook, path)
