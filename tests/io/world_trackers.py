"""Trackers laid out the way people keep them in the world, written with openpyxl.

Each builder writes one hand-kept shape that :mod:`tests.io.tracker_builders` does not:
a title block with logo rows over a header on row 6, RAG kept only as a fill in
theme, palette and tinted colours, dates as serial numbers and as free text,
refs typed "1.01", "1.1." or "Obj 1 - 1", a total row under the table, a legend
sheet beside the plan, a workbook saved with macros (.xlsm). The expected plan of
each is written in its test (``tests/io/test_tracker_world.py``), as a person
reading the sheet would state it.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Color, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

GREEN = PatternFill("solid", fgColor="00B050")
AMBER = PatternFill("solid", fgColor="FFC000")
RED = PatternFill("solid", fgColor="FF0000")
HEADER = PatternFill("solid", fgColor="D9D9D9")
OBJECTIVE = PatternFill("solid", fgColor="BDD7EE")


def theme_fill(theme: int, tint: float = 0.0) -> PatternFill:
    """A fill in one of the workbook theme's colours (Office 2007: 6 green, 9 orange, 5 red)."""
    return PatternFill("solid", fgColor=Color(theme=theme, tint=tint))


def indexed_fill(index: int) -> PatternFill:
    """A fill from the old 56-colour palette (17 green, 51 gold, 10 red... as Excel 2003 had)."""
    return PatternFill("solid", fgColor=Color(indexed=index))


def _put(sheet: Worksheet, row: int, values: Sequence[object]) -> None:
    for column, value in enumerate(values, start=1):
        if value is not None:
            sheet.cell(row, column, value)


def _objective_row(sheet: Worksheet, row: int, text: str, width: int) -> None:
    """An objective heading merged across the table's whole width and shaded."""
    cell = sheet.cell(row, 1, text)
    cell.fill = OBJECTIVE
    cell.font = Font(bold=True)
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)


def _save(workbook: Workbook, path: Path) -> Path:
    workbook.save(path)
    return path


def title_block(path: Path) -> Path:
    """A force's tracker: a logo row, title block and "as at" line, the header on row 6.

    Objectives are merged full-width shaded rows; references are typed "1.01" as
    text (so 1.10 sorts after 1.09 in Excel); the update column is "Comments";
    target dates are real date cells; a note sits under the table.
    """
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Delivery Plan"
    sheet.row_dimensions[1].height = 60  # the crest sits here, drawn over empty cells
    _put(sheet, 2, ["Northshire Police"])
    _put(sheet, 3, ["Neighbourhood Policing Strategy: Delivery Plan Tracker"])
    _put(sheet, 4, ["Position as at February 2024"])
    _put(sheet, 6, ["Ref", "Deliverable", "Lead", "Comments", "RAG", "Target date"])
    for column in range(1, 7):
        sheet.cell(6, column).fill = HEADER
    _objective_row(sheet, 7, "Objective 1: Engaging with our communities", 6)
    rows: list[list[object]] = [
        ["1.01", "We will publish ward profiles", "Insp Khan", "Drafts with wards", "A",
         dt.datetime(2024, 3, 31)],
        ["1.02", "We will hold a PACT meeting in every ward", "Ch Insp Ode", "All held", "G",
         dt.datetime(2024, 1, 31)],
    ]  # fmt: skip
    row = 8
    for values in rows:
        _put(sheet, row, values)
        sheet.cell(row, 6).number_format = "DD/MM/YYYY"
        row += 1
    _objective_row(sheet, row, "Objective 2: Solving problems", 6)
    row += 1
    more: list[list[object]] = [
        ["2.01", "We will train every PCSO in problem solving", "Sgt Bell",
         "Course booked for April", "R", dt.datetime(2023, 12, 31)],
        ["2.10", "We will review the problem-solving hub", "Insp Khan", "Not started", "A",
         dt.datetime(2024, 6, 30)],
    ]  # fmt: skip
    for values in more:
        _put(sheet, row, values)
        sheet.cell(row, 6).number_format = "DD/MM/YYYY"
        row += 1
    _put(sheet, row + 1, ["Note: leads update the Comments column by the 5th of each month."])
    return _save(workbook, path)


def fills_only(path: Path) -> Path:
    """RAG kept only as the cell's colour, in the encodings Excel writes, with a legend sheet.

    1.1 an rgb green, 1.2 the theme's green (accent 3) lightened 40%, 1.3 a palette
    red (index 10), 1.4 a palette green (index 17), 1.5 the theme's orange (accent 6)
    darkened 25%, 1.6 no fill at all (not rated), 1.7 the theme's red (accent 2). The
    theme is the one openpyxl writes (Office 2007's). The second sheet is the legend:
    the three colours with their meanings.
    """
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Tracker"
    _put(sheet, 1, ["NHP delivery plan 2024/25"])
    _put(sheet, 3, ["Ref", "Action", "Owner", "Progress update", "RAG", "Due"])
    fills: list[PatternFill | None] = [
        GREEN,
        theme_fill(6, 0.3999755851924192),
        indexed_fill(10),
        indexed_fill(17),
        theme_fill(9, -0.249977111117893),
        None,
        theme_fill(5),
    ]
    for number, fill in enumerate(fills, start=1):
        row = 3 + number
        _put(sheet, row, [f"1.{number}", f"Action {number}", "Insp Rowe", f"Update {number}",
                          None, "31/03/2024"])  # fmt: skip
        if fill is not None:
            sheet.cell(row, 5).fill = fill
    legend = workbook.create_sheet("Legend")
    _put(legend, 1, ["Colour", "Meaning"])
    for row, (fill, meaning) in enumerate(
        [(GREEN, "Complete/established"), (AMBER, "In progress"), (RED, "Deadline missed")],
        start=2,
    ):
        legend.cell(row, 1).fill = fill
        _put(legend, row, [None, meaning])
    return _save(workbook, path)


def serial_and_text_dates(path: Path) -> Path:
    """Target dates as people leave them: a serial number the format was lost from, text.

    "Q3 2024/25", "w/c 12/02/24", "End of March", "31.03.2024", and 45382 (a date
    cell whose format was cleared, so it shows the number), and a real date cell.
    """
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Plan"
    _put(sheet, 1, ["Ref", "Deliverable", "Update", "RAG", "Target date"])
    dates: list[object] = [
        "Q3 2024/25",
        "w/c 12/02/24",
        "End of March",
        "31.03.2024",
        45382,
        dt.datetime(2024, 3, 31),
    ]
    for number, date in enumerate(dates, start=1):
        _put(sheet, 1 + number, [f"1.{number}", f"We will do {number}", "On plan", "G", date])
    sheet.cell(7, 5).number_format = "DD/MM/YYYY"
    return _save(workbook, path)


def month_update_pair(path: Path) -> Path:
    """ "Update Jan 24" and "Update Feb 24" side by side, with one RAG column for both."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "NHP Plan"
    _put(sheet, 1, ["Ref", "Deliverable", "Lead", "Update Jan 24", "Update Feb 24", "RAG",
                    "Target date"])  # fmt: skip
    _put(sheet, 2, ["1.1", "We will map partners", "Insp Lee", "Scoping", "Mapped 40 partners",
                    "G", "31/03/2024"])  # fmt: skip
    _put(sheet, 3, ["1.2", "We will share data", "Insp Lee", "Agreement drafted", None, "A",
                    "30/06/2024"])  # fmt: skip
    return _save(workbook, path)


def spacers_hidden_and_wrapped(path: Path) -> Path:
    """Blank narrow spacer columns, a hidden row and a hidden column, text with line breaks.

    Row 4 (deliverable 1.2) is hidden but is a deliverable; column D ("Old RAG")
    is hidden and a visible "RAG" column stands to its right.
    """
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Plan"
    _put(sheet, 1, ["Ref", None, "Deliverable", "Old RAG", None, "Summary position", None,
                    "RAG", "Date"])  # fmt: skip
    for letter in ("B", "E", "G"):
        sheet.column_dimensions[letter].width = 2
    sheet.column_dimensions["D"].hidden = True
    wrapped = "We will:\n- set up a panel\n- meet quarterly"
    _put(sheet, 2, ["1.1", None, wrapped, "R", None, "Panel met.\nNext: May", None, "G",
                    "Ongoing"])  # fmt: skip
    sheet.cell(2, 3).alignment = Alignment(wrap_text=True)
    _put(sheet, 3, ["1.2", None, "We will recruit volunteers", "R", None, "Ten recruited",
                    None, "A", "TBC"])  # fmt: skip
    sheet.row_dimensions[3].hidden = True
    _put(sheet, 4, ["1.3", None, "We will evaluate", "R", None, "Not begun", None, "R",
                    "31/12/2023"])  # fmt: skip
    return _save(workbook, path)


def odd_refs(path: Path) -> Path:
    """References typed "1.1.", "Obj 1 - 2", "Obj 2 - 1" and "2.2." down one column."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Plan"
    _put(sheet, 1, ["Ref", "Deliverable", "Update", "RAG"])
    for row, ref in enumerate(["1.1.", "Obj 1 - 2", "Obj 2 - 1", "2.2."], start=2):
        _put(sheet, row, [ref, f"Deliverable {ref}", "Moving", "A"])
    return _save(workbook, path)


def total_row(path: Path) -> Path:
    """A total row straight under the last deliverable, counts of each RAG beneath the table."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Plan"
    _put(sheet, 1, ["Ref", "Deliverable", "Update", "RAG", "Date"])
    _put(sheet, 2, ["1.1", "We will open a hub", "Opened", "G", "31/01/2024"])
    _put(sheet, 3, ["1.2", "We will staff the hub", "Half staffed", "A", "31/03/2024"])
    _put(sheet, 4, [None, "Total", None, 2, None])
    _put(sheet, 5, [None, "Green", None, 1, None])
    _put(sheet, 6, [None, "Amber", None, 1, None])
    return _save(workbook, path)


def counts_above(path: Path) -> Path:
    """A dashboard of counts above the table: each rating's name beside how many have it."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Plan"
    _put(sheet, 1, ["NHP Delivery Plan"])
    for row, (word, count) in enumerate([("Green", 5), ("Amber", 2), ("Red", 1)], start=2):
        _put(sheet, row, [word, count])
    _put(sheet, 6, ["Ref", "Deliverable", "Update", "RAG"])
    _put(sheet, 7, ["1.1", "We will", "Done", "G"])
    return _save(workbook, path)


def status_words(path: Path) -> Path:
    """A RAG column of "G", "A", "R", "Complete", "On Track" and "Amber/Red"."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Plan"
    _put(sheet, 1, ["Ref", "Deliverable", "Update", "RAG status"])
    for row, word in enumerate(["G", "A", "R", "Complete", "On Track", "Amber/Red"], start=2):
        _put(sheet, row, [f"1.{row - 1}", f"Deliverable {row - 1}", "Update", word])
    return _save(workbook, path)


def macro_enabled(path: Path) -> Path:
    """A tracker saved as .xlsm: the macro-enabled content type and a VBA project part."""
    plain = path.with_suffix(".plain.xlsx")
    status_free = Workbook()
    sheet = status_free.active
    sheet.title = "Plan"
    _put(sheet, 1, ["Ref", "Deliverable", "Update", "RAG", "Date"])
    _put(sheet, 2, ["1.1", "We will run a survey", "Sent out", "A", "31/03/2024"])
    _put(sheet, 3, ["1.2", "We will publish results", "Waiting", "R", "30/04/2024"])
    status_free.save(plain)
    main = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
    macro = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(main.encode(), macro.encode()).replace(
                    b"</Types>",
                    b'<Default Extension="bin" '
                    b'ContentType="application/vnd.ms-office.vbaProject"/></Types>',
                )
            elif item.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdVba" '
                    b'Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" '
                    b'Target="vbaProject.bin"/></Relationships>',
                )
            target.writestr(item, data)
        target.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    plain.unlink()
    return path


def no_data(path: Path) -> Path:
    """A workbook whose only sheet is empty (Excel's new blank workbook, saved)."""
    workbook = Workbook()
    workbook.active.title = "Sheet1"
    return _save(workbook, path)


def zip_not_workbook(path: Path) -> Path:
    """A ZIP archive of photos and a text file, named .xlsx."""
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("notes.txt", "minutes of the NPDB")
        archive.writestr("photo.jpg", b"\xff\xd8\xff\xe0" + bytes(100))
    return path


def start_and_due_dates(path: Path) -> Path:
    """A "Date added" and a "Start date" column left of the date the deliverable is due."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Plan"
    _put(sheet, 1, ["Ref", "Date added", "Deliverable", "Start date", "Target completion date",
                    "Update", "RAG"])  # fmt: skip
    _put(sheet, 2, ["1.1", dt.datetime(2023, 4, 1), "We will open a hub", dt.datetime(2023, 6, 1),
                    dt.datetime(2024, 3, 31), "Opened", "G"])  # fmt: skip
    for column in (2, 4, 5):
        sheet.cell(2, column).number_format = "DD/MM/YYYY"
    return _save(workbook, path)


def key_on_a_legend_sheet(path: Path) -> Path:
    """The plan on one sheet, its RAG key on a "Key" sheet beside it, in the key's words."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Delivery plan"
    _put(sheet, 1, ["Ref", "Deliverable", "Update", "RAG"])
    _put(sheet, 2, ["1.1", "We will", "Done", "Green"])
    _put(sheet, 3, ["1.2", "We will also", "Started", "Amber"])
    key = workbook.create_sheet("Key")
    _put(key, 1, ["RAG key"])
    _put(key, 2, ["GREEN", "On track to deliver by the date"])
    _put(key, 3, ["AMBER", "At risk of missing the date"])
    _put(key, 4, ["RED", "Will not be delivered by the date"])
    return _save(workbook, path)


def _bold_objectives(sheet: Worksheet, column: int) -> int:
    """Two objectives of two deliverables under a header row, each objective's title bold and
    merged from ``column`` to E (mixed case, unshaded, no blank rows); the next free row."""
    _put(sheet, 1, ["Ref", "Deliverable", "Update", "RAG", "Date"])
    row = 2
    for number, title in enumerate(["Engaging with communities", "Solving problems"], start=1):
        sheet.cell(row, column, title).font = Font(bold=True)
        sheet.merge_cells(start_row=row, start_column=column, end_row=row, end_column=5)
        row += 1
        for item in (1, 2):
            _put(sheet, row, [f"{number}.{item}", f"We will {number}.{item}", "Moving", "A",
                              "31/03/2024"])  # fmt: skip
            row += 1
    return row


def plain_merged_objectives(path: Path) -> Path:
    """Objective rows merged across the table in bold, mixed case, unshaded, no blank rows."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Plan"
    _bold_objectives(sheet, 1)
    return _save(workbook, path)


def wrapped_headings_and_tall_rows(path: Path) -> Path:
    """Headings with line breaks, and a deliverable merged down two rows with two update lines."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Plan"
    _put(sheet, 1, ["Ref\nNo.", "Deliverable\n(We will...)", "Lead\nOfficer",
                    "Summary Position\n(Jan 24)", "RAG\nStatus", "Target\nDate"])  # fmt: skip
    _put(sheet, 2, ["1.1", "We will set up panels", "Insp Ray", "Six panels met.", "G",
                    "31/03/2024"])  # fmt: skip
    _put(sheet, 3, [None, None, None, "Two more in February."])
    for column in (1, 2, 3, 5, 6):
        sheet.merge_cells(start_row=2, start_column=column, end_row=3, end_column=column)
    _put(sheet, 4, ["1.2", "We will train staff", "Insp Ray", "Booked", "A", "30/04/2024"])
    return _save(workbook, path)


def notes_and_headings_in_the_text_column(path: Path) -> Path:
    """A narrow, empty reference column: objective headings and the closing note in column B.

    The objective rows are bold and merged B:E in mixed case with no shading; the
    note under the table follows the last deliverable with no blank row between.
    """
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Plan"
    row = _bold_objectives(sheet, 2)
    _put(sheet, row, [None, "* RAG ratings agreed at the NPDB on 12/01/2024"])
    return _save(workbook, path)


def bold_text_split_across_a_page(path: Path) -> Path:
    """A tracker whose deliverable text is bold throughout, one row split across a page."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Plan"
    _put(sheet, 1, ["Ref", "Deliverable", "Update", "RAG"])
    _put(sheet, 2, ["1.1", "We will hold ward panels", "Held", "G"])
    _put(sheet, 3, [None, "in every ward"])
    _put(sheet, 4, ["1.2", "We will publish minutes", "Late", "R"])
    for row in (2, 3, 4):
        sheet.cell(row, 2).font = Font(bold=True)
    return _save(workbook, path)


def status_beside_progress(path: Path) -> Path:
    """An action plan's "Status" (Open, Closed) left of its "Progress" notes, and a RAG."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Plan"
    _put(sheet, 1, ["Ref", "Action", "Status", "RAG", "Progress"])
    _put(sheet, 2, ["1.1", "We will audit", "Open", "A", "Half the wards audited"])
    _put(sheet, 3, ["1.2", "We will report", "Closed", "G", "Reported to the NPDB"])
    return _save(workbook, path)


def key_beside_the_title(path: Path) -> Path:
    """The title in A1 and the RAG key to the right of the table ("G = Complete" in G2:G4)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Plan"
    _put(sheet, 1, ["Northshire Police NHP Delivery Plan", None, None, None, None, None, "Key"])
    _put(sheet, 2, [None] * 6 + ["G = Complete"])
    _put(sheet, 3, ["Position as at March 2024", None, None, None, None, None, "A = In progress"])
    _put(sheet, 4, [None] * 6 + ["R = Off track"])
    _put(sheet, 6, ["Ref", "Deliverable", "Lead", "Update", "RAG", "Date"])
    _put(sheet, 7, ["1.1", "We will", "Insp Roy", "Moving", "G", "31/03/2024"])
    return _save(workbook, path)


def next_month_not_yet_written(path: Path) -> Path:
    """February's update column added ready for the leads, still empty; January's written."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Plan"
    _put(sheet, 1, ["Ref", "Deliverable", "Update Jan 24", "Update Feb 24", "RAG"])
    _put(sheet, 2, ["1.1", "We will map partners", "Mapped 40", None, "G"])
    _put(sheet, 3, ["1.2", "We will share data", "Drafted", None, "A"])
    return _save(workbook, path)


def objectives_rated_on_their_heading_rows(path: Path) -> Path:
    """Each objective's heading in capitals with the objective's own overall RAG beside it."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Plan"
    _put(sheet, 1, ["Ref", "Deliverable", "Update", "RAG"])
    _put(sheet, 2, [None, "ENGAGEMENT", None, "AMBER"])
    _put(sheet, 3, ["1.1", "We will hold panels", "Held", "G"])
    _put(sheet, 4, ["1.2", "We will survey", "Sent", "A"])
    _put(sheet, 5, [None, "PROBLEM SOLVING", None, "GREEN"])
    _put(sheet, 6, ["2.1", "We will train", "Trained", "G"])
    return _save(workbook, path)
