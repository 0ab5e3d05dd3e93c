"""Rows written by the tracker's sheet writer: merges end as openpyxl's own merges end."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Protection

from nhp_planner.io.xlsx_sheet import SheetWriter, TextLog
from nhp_planner.io.xlsx_styles import TrackerStyles
from nhp_planner.model.rag import Rag
from tests.io.test_xlsx_save import saved_parts


def _merged_rows(merge: Callable[[SheetWriter, int, int, int], None]) -> bytes:
    """A sheet of merges of every kind a tracker makes, each written twice or more."""
    workbook = Workbook()
    styles = TrackerStyles(workbook)
    sheet = SheetWriter(workbook.active, TextLog())
    for style in (styles.title, styles.objective, styles.title, styles.note, styles.objective):
        row = sheet.add([sheet.text("A heading", style, "heading")])
        merge(sheet, row, 1, 6)
    for rag in (Rag.GREEN, Rag.AMBER, Rag.GREEN):
        row = sheet.add(
            [
                sheet.text(rag.label, styles.key_rag[rag], "key"),
                sheet.text("x", styles.key_text, "key"),
            ]
        )
        merge(sheet, row, 2, 6)
    for _ in range(2):  # a merge whose last cell is already written, with a border of its own
        row = sheet.add([sheet.text("first", styles.note, "n"), *[sheet.blank(styles.text)] * 3])
        merge(sheet, row, 1, 4)
    row = sheet.add([sheet.text("first", styles.note, "n")])  # the same, the last cell not
    merge(sheet, row, 1, 4)
    for _ in range(2):  # a first cell left unlocked for typing in
        cell = sheet.text("unlocked", styles.objective, "u")
        cell.protection = Protection(locked=False)
        merge(sheet, sheet.add([cell]), 1, 5)
    for _ in range(2):  # and one over columns no cell is written in yet
        row = sheet.skip()
        merge(sheet, row, 2, 3)
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def _openpyxls(sheet: SheetWriter, row: int, first: int, last: int) -> Any:
    sheet.ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)


def test_merges_of_one_shape_end_in_the_styles_openpyxls_merge_gives() -> None:
    assert saved_parts(_merged_rows(SheetWriter.merge)) == saved_parts(_merged_rows(_openpyxls))
