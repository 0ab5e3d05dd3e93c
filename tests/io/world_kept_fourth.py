"""Trackers as people keep them, written with openpyxl: the fourth round of shapes.

Beside :mod:`tests.io.world_trackers`, :mod:`tests.io.world_kept` and
:mod:`tests.io.world_kept_more`: months added at the left, update columns headed by
the month alone or by quarter, percentages as the status, dates with full stops and
"w/e", months shown "mmm-yy", a Mac's 1904 dates, due dates with a time, references
"NP1.2", "D12" and "iv", two areas on one sheet, updates kept as notes, counts written
as sentences under the table, rows a filter hides, apostrophes and line breaks, RAGs
by a formula saved with its results, RAG as a coloured "●", a word its fill disagrees
with, arrows for the direction of travel, and a SharePoint list's CSV. The expected
plan of each is written in its test (``tests/io/test_tracker_kept_fourth.py``).
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from tests.io.world_kept import _put, _save, _sheet

HEADER = ["Ref", "Deliverable", "Update", "RAG", "Target date"]


def newest_month_left(path: Path) -> Path:
    """Each month's Update and RAG pair added at the left, so March is first and January last."""
    workbook, sheet = _sheet()
    _put(sheet, 1, ["Ref", "Deliverable", "Update Mar 24", "RAG Mar 24", "Update Feb 24",
                    "RAG Feb 24", "Update Jan 24", "RAG Jan 24"])  # fmt: skip
    _put(sheet, 2, ["1.1", "We will map partners", "Mapped 40", "G", "Mapped 20", "A",
                    "Scoping", "R"])  # fmt: skip
    _put(sheet, 3, ["1.2", "We will share data", "Agreed", "G", "Drafted", "A", "Not started",
                    "R"])  # fmt: skip
    return _save(workbook, path)


def percentages_as_status(path: Path) -> Path:
    """A "Status" column of how far along each deliverable is: "75%", "100%", 0.5 as 50%."""
    workbook, sheet = _sheet()
    _put(sheet, 1, ["Ref", "Deliverable", "Update", "Status"])
    for row, status in enumerate(["75%", "100%", 0.5, "25%"], start=2):
        _put(sheet, row, [f"1.{row - 1}", f"We will {row - 1}", "Moving", status])
    sheet.cell(4, 4).number_format = "0%"
    return _save(workbook, path)


def dotted_dates(path: Path) -> Path:
    """Due dates typed with full stops, as many leads write them: "31.03.2024", "w/e 31.03.24"."""
    workbook, sheet = _sheet()
    _put(sheet, 1, HEADER)
    dates = ["31.03.2024", "w/e 31.03.24", "30.6.24", "TBC - Q2"]
    for row, date in enumerate(dates, start=2):
        _put(sheet, row, [f"1.{row - 1}", f"We will {row - 1}", "Moving", "A", date])
        sheet.cell(row, 5).number_format = "@"
    return _save(workbook, path)


def month_cells_mmm_yy(path: Path) -> Path:
    """Due months as real dates on the 1st, shown with Excel's own "mmm-yy" format ("Apr-24")."""
    workbook, sheet = _sheet()
    _put(sheet, 1, HEADER)
    for row, month in enumerate([4, 6, 9], start=2):
        _put(sheet, row, [f"1.{row - 1}", f"We will {row - 1}", "Moving", "A",
                          dt.datetime(2024, month, 1)])  # fmt: skip
        sheet.cell(row, 5).number_format = "mmm-yy"
    return _save(workbook, path)


def refs_prefixed_and_roman(path: Path) -> Path:
    """References typed "NP1.2", "D12" and objectives numbered in roman numerals "i", "ii"."""
    workbook, sheet = _sheet()
    _put(sheet, 1, ["Ref", "Deliverable", "Update", "RAG"])
    for row, ref in enumerate(["NP1.1", "NP1.2", "D12", "iv"], start=2):
        _put(sheet, row, [ref, f"We will {row - 1}", "Moving", "A"])
    return _save(workbook, path)


def two_areas_one_sheet(path: Path) -> Path:
    """Two areas' plans on one sheet, each titled and headed, numbered 1.1 and 1.2 alike."""
    workbook, sheet = _sheet()
    _put(sheet, 1, ["North Area"])
    _put(sheet, 2, ["Ref", "Deliverable", "Update", "RAG"])
    _put(sheet, 3, ["1.1", "We will hold panels in the north", "Held", "G"])
    _put(sheet, 4, ["1.2", "We will survey the north", "Sent", "A"])
    _put(sheet, 7, ["South Area"])
    _put(sheet, 8, ["Ref", "Deliverable", "Update", "RAG"])
    _put(sheet, 9, ["1.1", "We will hold panels in the south", "Planned", "R"])
    _put(sheet, 10, ["1.2", "We will survey the south", "Drafted", "A"])
    return _save(workbook, path)


def updates_in_notes(path: Path) -> Path:
    """The Update column left empty, each lead's update written as a note on the RAG cell."""
    workbook, sheet = _sheet()
    _put(sheet, 1, ["Ref", "Deliverable", "Update", "RAG"])
    _put(sheet, 2, ["1.1", "We will hold panels", None, "G"])
    _put(sheet, 3, ["1.2", "We will survey", None, "A"])
    sheet.cell(2, 4).comment = Comment("Six panels held, all wards covered", "Insp Ray")
    sheet.cell(3, 4).comment = Comment("Survey sent, 40% returned", "Sgt Bell")
    return _save(workbook, path)


def totals_in_words(path: Path) -> Path:
    """Under the table, counts written as sentences: "Total: 2 Green" and "1 Amber, 0 Red"."""
    workbook, sheet = _sheet()
    _put(sheet, 1, ["Ref", "Deliverable", "Update", "RAG"])
    _put(sheet, 2, ["1.1", "We will hold panels", "Held", "G"])
    _put(sheet, 3, ["1.2", "We will survey", "Sent", "A"])
    _put(sheet, 4, ["1.3", "We will publish", "Published", "G"])
    _put(sheet, 5, [None, "Total: 2 Green", None, None])
    _put(sheet, 6, [None, "1 Amber, 0 Red", None, None])
    return _save(workbook, path)


def filtered_out_rows(path: Path) -> Path:
    """An autofilter on the RAG column showing only Amber, so the Green rows are hidden."""
    workbook, sheet = _sheet()
    _put(sheet, 1, ["Ref", "Deliverable", "Update", "RAG"])
    _put(sheet, 2, ["1.1", "We will hold panels", "Held", "G"])
    _put(sheet, 3, ["1.2", "We will survey", "Sent", "A"])
    _put(sheet, 4, ["1.3", "We will publish", "Published", "G"])
    sheet.auto_filter.ref = "A1:D4"
    sheet.auto_filter.add_filter_column(3, ["A"])
    for row in (2, 4):
        sheet.row_dimensions[row].hidden = True
    return _save(workbook, path)


def apostrophes_and_breaks(path: Path) -> Path:
    """A reference typed '1.10 (an apostrophe keeps it text), RAG words ending in a line break."""
    workbook, sheet = _sheet()
    _put(sheet, 1, ["Ref", "Deliverable", "Update", "RAG"])
    _put(sheet, 2, ["1.9", "We will hold panels", "Held", "Green\n"])
    _put(sheet, 3, ["1.10", "We will survey\nevery ward", "Sent\n\nChased in March", "Amber\n"])
    sheet.cell(3, 1).style = "Normal"
    sheet.cell(3, 1).quotePrefix = True
    sheet.cell(3, 3).alignment = Alignment(wrap_text=True)
    return _save(workbook, path)


def _cache_formulas(path: Path, results: dict[str, str]) -> Path:
    """Give each formula cell its saved result as text, as Excel saves it (``t="str"``)."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    xml = parts["xl/worksheets/sheet1.xml"].decode()
    for cell, text in results.items():
        xml = re.sub(
            rf'<c r="{cell}"([^>]*)><f>(.*?)</f><v\s*/?>(?:</v>)?',
            rf'<c r="{cell}"\1 t="str"><f>\2</f><v>{text}</v>',
            xml,
        )
    parts["xl/worksheets/sheet1.xml"] = xml.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def formula_rags_calculated(path: Path) -> Path:
    """A RAG worked out by a formula from "% complete", saved by Excel with each result."""
    workbook, sheet = _sheet()
    _put(sheet, 1, ["Ref", "Deliverable", "Update", "% complete", "RAG"])
    for row, done in enumerate([1.0, 0.6, 0.1], start=2):
        _put(sheet, row, [f"1.{row - 1}", f"We will {row - 1}", "Moving", done])
        sheet.cell(row, 4).number_format = "0%"
        sheet.cell(row, 5, f'=IF(D{row}>=0.9,"Green",IF(D{row}>=0.5,"Amber","Red"))')
    _save(workbook, path)
    return _cache_formulas(path, {"E2": "Green", "E3": "Amber", "E4": "Red"})


def mac_1904_dates(path: Path) -> Path:
    """A tracker kept on a Mac in Excel's 1904 date system, due dates real date cells."""
    workbook, sheet = _sheet()
    workbook.epoch = CALENDAR_MAC_1904
    _put(sheet, 1, HEADER)
    for row, due in enumerate([dt.datetime(2024, 3, 31), dt.datetime(2024, 6, 30)], start=2):
        _put(sheet, row, [f"1.{row - 1}", f"We will {row - 1}", "Moving", "A", due])
        sheet.cell(row, 5).number_format = "dd/mm/yyyy"
    return _save(workbook, path)


def rag_as_coloured_dots(path: Path) -> Path:
    """A RAG column of "●" whose font colour is the rating (green, amber, red), with no fill."""
    workbook, sheet = _sheet()
    _put(sheet, 1, ["Ref", "Deliverable", "Update", "RAG"])
    for row, colour in enumerate(["00B050", "FFC000", "FF0000"], start=2):
        _put(sheet, row, [f"1.{row - 1}", f"We will {row - 1}", "Moving", "●"])
        sheet.cell(row, 4).font = Font(color=colour)
    return _save(workbook, path)


def due_with_a_time(path: Path) -> Path:
    """Due dates as date cells holding a time of day too (copied from an Outlook task)."""
    workbook, sheet = _sheet()
    _put(sheet, 1, HEADER)
    dues = [dt.datetime(2024, 3, 31, 17, 0), dt.datetime(2024, 6, 30, 23, 59)]
    for row, due in enumerate(dues, start=2):
        _put(sheet, row, [f"1.{row - 1}", f"We will {row - 1}", "Moving", "A", due])
        sheet.cell(row, 5).number_format = "dd/mm/yyyy hh:mm"
    return _save(workbook, path)


def trend_arrows_beside_rag(path: Path) -> Path:
    """A "Direction of travel" column of arrows beside the RAG: better, same, worse."""
    workbook, sheet = _sheet()
    _put(sheet, 1, ["Ref", "Deliverable", "Update", "RAG", "Direction of travel"])
    for row, (rag, arrow) in enumerate([("G", "↑"), ("A", "↔"), ("R", "↓")], start=2):
        _put(sheet, row, [f"1.{row - 1}", f"We will {row - 1}", "Moving", rag, arrow])
    return _save(workbook, path)


def sharepoint_csv(path: Path) -> Path:
    """A SharePoint list exported to CSV: a BOM, semicolons, its own columns around the plan's."""
    lines = [
        "ID;Title;Deliverable;Progress update;RAG Status;Due Date;Modified;Modified By;"
        "Item Type;Path",
        '1;1.1;We will hold panels;"Six held;\r\nall wards";Green;31/03/2024;'
        "02/02/2024 09:14;Ray, Alex;Item;sites/nhp/Lists/Plan",
        "2;1.2;We will survey;Sent;Amber;30/06/2024;03/02/2024 11:02;Bell, Sam;Item;"
        "sites/nhp/Lists/Plan",
    ]
    path.write_bytes("\r\n".join(lines).encode("utf-8-sig") + b"\r\n")
    return path


def months_without_a_year(path: Path) -> Path:
    """Update columns headed by the month alone ("April | May | June"), one RAG, under a title
    naming the financial year."""
    workbook, sheet = _sheet()
    _put(sheet, 1, ["NHP Delivery Plan 2024/25"])
    _put(sheet, 2, ["Ref", "Deliverable", "April", "May", "June", "RAG"])
    _put(sheet, 3, ["1.1", "We will hold panels", "Two held", "Four held", "Six held", "G"])
    _put(sheet, 4, ["1.2", "We will survey", "Drafted", "Sent", "Returned", "A"])
    return _save(workbook, path)


def quarter_updates(path: Path) -> Path:
    """An update column per quarter, "Q1 update | Q2 update", and one RAG."""
    workbook, sheet = _sheet()
    _put(sheet, 1, ["Ref", "Deliverable", "Q1 update", "Q2 update", "RAG"])
    _put(sheet, 2, ["1.1", "We will hold panels", "Two held", "Six held", "G"])
    _put(sheet, 3, ["1.2", "We will survey", "Drafted", "Sent", "A"])
    return _save(workbook, path)


def word_and_colour_disagree(path: Path) -> Path:
    """RAG words on fills: one cell re-coloured red without its word being changed."""
    workbook, sheet = _sheet()
    _put(sheet, 1, ["Ref", "Deliverable", "Update", "RAG"])
    _put(sheet, 2, ["1.1", "We will hold panels", "Held", "Green"])
    _put(sheet, 3, ["1.2", "We will survey", "Survey pulled", "Green"])
    sheet.cell(2, 4).fill = PatternFill("solid", fgColor="00B050")
    sheet.cell(3, 4).fill = PatternFill("solid", fgColor="FF0000")
    return _save(workbook, path)
