"""RAG fills: a tracker's thousands of coloured cells share a few colours, each judged once."""

from __future__ import annotations

import colorsys
from pathlib import Path

import pytest
from openpyxl import Workbook
from openpyxl.styles import PatternFill

from nhp_planner.io.importing import read_source
from nhp_planner.model.rag import Rag

#: Shades of this test alone, so no other test has judged them before.
_SHADES = {Rag.GREEN: "2DB84C", Rag.AMBER: "F5B812", Rag.RED: "E8251B"}


def test_each_fill_colour_is_judged_once_for_a_whole_tracker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["NHP Delivery Plan"])
    sheet.append(["Ref", "Deliverable", "RAG", "Date"])
    sheet.append(["Objective 1: Engaging with communities"])
    rags = [Rag.GREEN, Rag.AMBER, Rag.RED, Rag.GREEN] * 75
    for item, rag in enumerate(rags, start=1):
        sheet.append([f"1.{item}", f"We will hold ward meeting {item}", None, "31/03/2024"])
        # A fill object of each cell's own, as a hand-kept tracker's cells often have.
        sheet.cell(sheet.max_row, 3).fill = PatternFill("solid", fgColor=_SHADES[rag])
    workbook.save(tmp_path / "tracker.xlsx")

    judged: list[tuple[float, float, float]] = []
    rgb_to_hls = colorsys.rgb_to_hls

    def counting(red: float, green: float, blue: float) -> tuple[float, float, float]:
        judged.append((red, green, blue))
        return rgb_to_hls(red, green, blue)

    monkeypatch.setattr(colorsys, "rgb_to_hls", counting)
    reading = read_source(tmp_path / "tracker.xlsx")

    deliverables = reading.document.snapshot.deliverables
    assert [d.rag for d in deliverables] == rags
    assert len(set(judged)) == len(judged) <= len(_SHADES)
