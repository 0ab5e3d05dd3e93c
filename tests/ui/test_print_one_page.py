"""Print RAG Summary is one page, as the README says, however much is overdue (issue 17)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pypdf
import pytest
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication

from nhp_planner.io.plan_json import PlanDocument
from nhp_planner.model.rag import Rag
from nhp_planner.ui.print_summary import print_rag_summary


@pytest.mark.parametrize(
    "mode", [QPrinter.PrinterMode.ScreenResolution, QPrinter.PrinterMode.HighResolution]
)
def test_a_plan_with_everything_overdue_prints_on_one_page(
    qapp: QApplication, fixture_document: PlanDocument, tmp_path: Path, mode: QPrinter.PrinterMode
) -> None:
    snapshot = fixture_document.snapshot
    late = [
        dataclasses.replace(d, rag=Rag.AMBER, date_text="31/01/2024") for d in snapshot.deliverables
    ]
    snapshot = dataclasses.replace(snapshot, deliverables=tuple(late))
    out = tmp_path / "summary.pdf"
    printer = QPrinter(mode)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    print_rag_summary(printer, snapshot, dt.date(2024, 6, 1))
    pages = pypdf.PdfReader(out).pages
    assert len(pages) == 1
    text = " ".join(pages[0].extract_text().split())
    assert f"Overdue deliverables ({len(late)})" in text
    assert "more overdue: the board pack's appendix lists them all" in text
    assert "RAG key" in text
