"""Benchmark (issue 5): board packs of 1,000 and 10,000 deliverables against the reportlab floor.

Run: .venv/bin/python benchmarks/bench_board_pack.py [COUNT ...]

The floor, measured in the same run: bare reportlab platypus tables of the
same rows (Ref, Deliverable, Lead, Summary position, RAG, Date) in the same
font and column widths, Paragraphs in the wrapping columns, the "Not updated
since" line where the pack prints one, split into tables of 50 rows. Any pack
has to do at least that. The pack does more: a cover, the RAG summary with its
chart and the changes since the previous period, the exceptions (RED, AMBER,
overdue: about half the rows again), the appendix, continued-objective labels
and the outline. As in a real month, most deliverables (85%) were updated.
Aims: the pack at most 1.3x the floor; 10,000 at most 11x the time of 1,000.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

from benchmarks._common import best_of, big_snapshot, previous_of
from nhp_planner.io.board_pack import build_board_pack
from nhp_planner.io.board_pack.styles import FONT, register_fonts
from nhp_planner.model.entities import PlanSnapshot

TODAY = dt.date(2024, 2, 1)
WIDTHS = [16 * mm, 60 * mm, 30 * mm, 100 * mm, 27 * mm, 36 * mm]
STALE = "Not updated since December 2023:\n"


def floor(snapshot: PlanSnapshot, out: Path, more: Sequence[Sequence[str]] = ()) -> None:
    """Bare platypus: the rows as 50-row tables, Paragraphs where text wraps.

    Args:
        more: further rows of six cells, each a Paragraph (another section's rows).
    """
    style = ParagraphStyle("cell", fontName=FONT, fontSize=8, leading=10)
    rows: list[list[Any]] = [
        [
            d.ref,
            Paragraph(escape(d.commitment), style),
            d.lead or "",
            Paragraph(
                escape((STALE if d.updated_at is None else "") + d.summary_position).replace(
                    "\n", "<br/>"
                ),
                style,
            ),
            d.rag.label,
            Paragraph(escape(d.date_text), style),
        ]
        for d in snapshot.deliverables
    ]
    rows += [[Paragraph(escape(cell), style) for cell in row] for row in more]
    table_style = TableStyle(
        [
            ("FONT", (0, 0), (-1, -1), FONT, 8, 10),
            ("GRID", (0, 0), (-1, -1), 0.4, "grey"),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]
    )
    story = [
        Table(rows[start : start + 50], colWidths=WIDTHS, style=table_style)
        for start in range(0, len(rows), 50)
    ]
    SimpleDocTemplate(str(out), pagesize=landscape(A4)).build(story)


def this_month(snapshot: PlanSnapshot) -> PlanSnapshot:
    """The plan as in a real month: 85% of the deliverables updated, the rest carried forward."""
    rng = random.Random(3)
    return snapshot.with_deliverables(
        dataclasses.replace(d, updated_at="2024-01-20T10:00:00") if rng.random() < 0.85 else d
        for d in snapshot.deliverables
    )


def main() -> None:
    counts = [int(arg) for arg in sys.argv[1:]] or [1_000, 10_000]
    register_fonts()
    pack_times: dict[int, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for count in counts:
            snapshot = this_month(big_snapshot(count))
            previous = previous_of(snapshot)
            repeat = 3 if count <= 2_000 else 1
            pages: list[int] = []

            def pack(
                snapshot: PlanSnapshot = snapshot,
                previous: PlanSnapshot = previous,
                pages: list[int] = pages,
            ) -> None:
                result = build_board_pack(
                    snapshot, folder / "pack.pdf", previous=previous, as_at=TODAY
                )
                pages.append(result.pages)

            floor_time = best_of(repeat, lambda s=snapshot: floor(s, folder / "floor.pdf"))
            pack_time = best_of(repeat, pack)
            pack_times[count] = pack_time
            print(
                f"{count:>6} deliverables: pack {pack_time:6.2f} s ({pages[-1]} pages), "
                f"floor {floor_time:6.2f} s, pack/floor {pack_time / floor_time:.2f}x "
                "(aim <= 1.3x)"
            )
    if len(counts) > 1:
        small, large = min(counts), max(counts)
        print(
            f"pack {large:,} / {small:,}: {pack_times[large] / pack_times[small]:.1f}x "
            f"for {large / small:.0f}x the deliverables (aim <= {large / small * 1.1:.0f}x)"
        )


if __name__ == "__main__":
    main()
