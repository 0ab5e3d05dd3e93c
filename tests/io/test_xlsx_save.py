"""Saving a workbook without openpyxl's temporary files, its plain rows written as text, gives
the same workbook as openpyxl's own save, part by part (openpyxl on the standard library's XML,
as the app and the tests load it)."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl.worksheet._writer
import openpyxl.xml
import pytest
from openpyxl import Workbook
from openpyxl.styles import Border, Font, PatternFill, Side

import nhp_planner.io.excel_export as excel_export
import nhp_planner.io.xlsx_save as xlsx_save
from nhp_planner.io.excel_export import export_tracker
from nhp_planner.io.xlsx_save import save_workbook
from nhp_planner.sample import sample_store

SAMPLE_TODAY = dt.date(2026, 11, 25)
#: The only things two saves of one workbook may differ in: when it was made and saved.
_SAVED_AT = re.compile(rb"<dcterms:(created|modified)\b[^<]*</dcterms:\1>")


def saved_parts(data: bytes) -> list[tuple[str, bytes, tuple[int, int, int]]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [
            (
                entry.filename,
                _SAVED_AT.sub(b"", archive.read(entry)),
                (entry.compress_type, entry.external_attr, entry.flag_bits),
            )
            for entry in archive.infolist()
        ]


def _saved_both_ways(
    build: Callable[[], Any], monkeypatch: pytest.MonkeyPatch
) -> tuple[bytes, bytes]:
    """``build()`` saved by openpyxl, and built again (a save changes the workbook it saves)
    and saved here, with openpyxl's temporary files refused."""
    openpyxls = io.BytesIO()
    build().save(openpyxls)
    ours = io.BytesIO()
    written: list[Any] = []
    cell_xml = xlsx_save._cell_xml
    with monkeypatch.context() as refusing:
        refusing.setattr(openpyxl.worksheet._writer, "create_temporary_file", _refuse)
        refusing.setattr(
            xlsx_save, "_cell_xml", lambda cell: written.append(cell) or cell_xml(cell)
        )
        save_workbook(build(), ours)
    assert not openpyxl.xml.LXML and written, "the rows were all written by openpyxl"
    return ours.getvalue(), openpyxls.getvalue()


def _refuse(suffix: str = "") -> str:
    raise AssertionError("a temporary file was made")


def _every_kind_of_cell() -> Workbook:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Ref", "Deliverable", 3, 2.5, dt.date(2024, 3, 31), True, None, "=SUM(C1:D1)"])
    sheet.append(["  spaces kept  ", "line one\nline two", "<b> & 'quoted'", "Patrols 🚓 — café"])
    sheet.append([0.1 + 0.2, 12345678901234567890, -7, " ", "", "trailing "])
    sheet["A1"].font = Font(bold=True)
    sheet["B2"].fill = PatternFill("solid", start_color="FFC000")
    sheet["C2"].border = Border(top=Side(style="thin"))
    sheet.merge_cells("A4:F4")
    sheet.column_dimensions["B"].width = 40
    workbook.create_sheet("Second").append(["only", "text"])
    return workbook


def test_a_workbook_of_every_kind_of_cell_saves_as_openpyxl_saves_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ours, openpyxls = _saved_both_ways(_every_kind_of_cell, monkeypatch)

    assert saved_parts(ours) == saved_parts(openpyxls)


def test_the_tracker_export_saves_as_openpyxl_saves_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built: list[Any] = []
    monkeypatch.setattr(excel_export, "save_workbook", lambda workbook, _: built.append(workbook))
    with sample_store() as store:
        snapshot, previous = store.snapshot(), store.snapshot(store.previous_period())

    def tracker() -> Any:
        export_tracker(snapshot, tmp_path / "t.xlsx", previous=previous, today=SAMPLE_TODAY)
        return built.pop()

    ours, openpyxls = _saved_both_ways(tracker, monkeypatch)

    assert saved_parts(ours) == saved_parts(openpyxls)
