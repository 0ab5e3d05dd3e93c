"""Benchmark (issue 19): the Word paper of 1,000 deliverables against python-docx's bare table.

Run: .venv/bin/python benchmarks/bench_word_paper.py [COUNT ...]

The floor, measured in the same run: python-docx writing the same rows (Ref,
Deliverable, Lead, Summary position, Progress, Date) as one bare table, text
only, and saving it. Any paper has to do at least that. The paper does more: the
cover, the RAG summary with its chart picture and tables, the exceptions (RED,
AMBER, overdue: about half the rows again), a table per objective, each header
row marked to repeat, each row kept whole, each RAG cell shaded.
Aim: the paper at most 1.5x the floor.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import docx

from benchmarks._common import best_of, big_snapshot, previous_of
from benchmarks.bench_board_pack import this_month
from nhp_planner.io.word_paper import build_word_paper
from nhp_planner.model.entities import PlanSnapshot

AS_AT = dt.date(2024, 2, 1)


def floor(snapshot: PlanSnapshot, out: Path) -> None:
    """python-docx, bare: one table of the rows, text only."""
    document = docx.Document()
    table = document.add_table(rows=1, cols=6)
    for cell, title in zip(
        table.rows[0].cells,
        ("Ref", "Deliverable", "Lead", "Summary", "Progress", "Date"),
        strict=True,
    ):
        cell.text = title
    for d in snapshot.deliverables:
        cells = table.add_row().cells
        for cell, text in zip(
            cells,
            (d.ref, d.commitment, d.lead or "", d.summary_position, d.rag.label, d.date_text),
            strict=True,
        ):
            cell.text = text
    document.save(str(out))


def main() -> None:
    counts = [int(arg) for arg in sys.argv[1:]] or [1_000]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for count in counts:
            snapshot = this_month(big_snapshot(count))
            previous = previous_of(snapshot)
            repeat = 3 if count <= 2_000 else 1
            floor_time = best_of(repeat, lambda s=snapshot: floor(s, folder / "floor.docx"))
            paper_time = best_of(
                repeat,
                lambda s=snapshot, p=previous: build_word_paper(
                    s, folder / "paper.docx", previous=p, as_at=AS_AT
                ),
            )
            print(
                f"{count:>6} deliverables: paper {paper_time:6.2f} s, floor {floor_time:6.2f} s, "
                f"paper/floor {paper_time / floor_time:.2f}x (aim <= 1.5x)"
            )


if __name__ == "__main__":
    main()
