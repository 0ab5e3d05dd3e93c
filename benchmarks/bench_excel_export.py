"""Benchmark (issue 4): exporting a tracker of 10,000 deliverables against the openpyxl floor.

Run: .venv/bin/python benchmarks/bench_excel_export.py [COUNT]

The floor, measured in the same run: plain openpyxl writing the same rows
(Ref, Deliverable, Lead, Summary position, RAG, Date) to a workbook, the RAG
cell filled with its colour, and saving it. Any export has to do at least
that. The export does more: every cell styled (font, borders, wrapping, text
format), a stored height for every row, title, key and objective rows, the
drop-down and colouring rules, the Summary sheet with the movement since the
previous period, the Key sheet, and the write to a temporary file renamed
into place. Aim: at most 1.3x the floor.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from openpyxl import Workbook
from openpyxl.styles import PatternFill

from benchmarks._common import best_of, big_snapshot, previous_of
from nhp_planner.io.excel_export import export_tracker
from nhp_planner.model.entities import PlanSnapshot
from nhp_planner.model.rag import Rag

TODAY = dt.date(2024, 2, 1)
FILLS = {
    rag: PatternFill(fill_type="solid", start_color=colour, end_color=colour)
    for rag, colour in (
        (Rag.GREEN, "00B050"),
        (Rag.AMBER, "FFC000"),
        (Rag.RED, "FF0000"),
        (Rag.NOT_RATED, "FFFFFF"),
    )
}


def floor(snapshot: PlanSnapshot, out: Path) -> None:
    """Plain openpyxl: the same six values per row, the RAG cell filled, saved."""
    workbook = Workbook()
    sheet = workbook.active
    for row, d in enumerate(snapshot.deliverables, 1):
        sheet.cell(row, 1, d.ref)
        sheet.cell(row, 2, d.commitment)
        sheet.cell(row, 3, d.lead)
        sheet.cell(row, 4, d.summary_position)
        sheet.cell(row, 5, d.rag.label).fill = FILLS[d.rag]
        sheet.cell(row, 6, d.date_text)
    workbook.save(out)


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    snapshot = big_snapshot(count)
    previous = previous_of(snapshot)
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        floor_time = best_of(3, lambda: floor(snapshot, base / "floor.xlsx"))
        plain = best_of(3, lambda: export_tracker(snapshot, base / "plain.xlsx", today=TODAY))
        full = best_of(
            3,
            lambda: export_tracker(snapshot, base / "full.xlsx", previous=previous, today=TODAY),
        )
    print(f"{count:,} deliverables")
    for label, seconds in (
        ("floor: plain openpyxl, the same rows with fills", floor_time),
        ("export, no earlier period", plain),
        ("export with the movement since the period before", full),
    ):
        print(f"  {label:<50} {seconds:6.3f} s  {seconds / floor_time:.2f}x")
    print("  aim: at most 1.3x the floor")


if __name__ == "__main__":
    main()
