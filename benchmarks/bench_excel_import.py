"""Benchmark (issue 3): import a 10,000-row Excel tracker with RAG fills into a new plan file.

Run: .venv/bin/python benchmarks/bench_excel_import.py [COUNT]
The floor, measured in the same run on the same workbook: openpyxl in read-only
mode iterating every cell's value and fill, which any importer of the file must
at least do. The import is timed whole, as the command line does it: read the
tracker, preview it against an empty plan, and store it in a new plan file.
Aim: at most 1.5x the floor.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# nhp_planner.io first: it keeps openpyxl on defusedxml (workbooks are untrusted XML),
# which openpyxl decides when it is first imported.
# isort: off
import nhp_planner.io  # noqa: F401
import openpyxl

# isort: on
from benchmarks._common import best_of
from nhp_planner.io.importing import import_into_new_plan, preview_import, read_source
from nhp_planner.model.entities import Plan
from nhp_planner.model.store import PlanStore
from tests.io.tracker_builders import big_tracker


def floor(path: Path) -> None:
    """openpyxl read-only: every cell's value and fill, nothing more."""
    workbook = openpyxl.load_workbook(path, read_only=True)
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                _ = cell.value, cell.fill
    workbook.close()


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    rounds = 7
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        tracker = folder / "tracker.xlsx"
        start = time.perf_counter()
        big_tracker(tracker, count)
        print(
            f"tracker of {count} deliverables with RAG fills, saved as Excel saves one: written "
            f"in {time.perf_counter() - start:.1f} s ({tracker.stat().st_size / 1e6:.1f} MB)"
        )
        runs = 0

        def whole_import() -> None:
            nonlocal runs
            runs += 1
            reading = read_source(tracker)
            with PlanStore.in_memory(Plan(title=reading.document.snapshot.plan.title)) as scratch:
                preview = preview_import(scratch, reading)
            assert len(preview.diff.new) == count
            import_into_new_plan(folder / f"plan{runs}.nhp", reading).close()

        # Rounds of floor, read, whole import in turn, so a busy moment on a shared machine
        # slows all three alike; the medians of each and of the per-round ratios are reported.
        times: dict[str, list[float]] = {"floor": [], "read": [], "import": []}
        jobs = {
            "floor": lambda: floor(tracker),
            "read": lambda: read_source(tracker),
            "import": whole_import,
        }
        for _ in range(rounds):
            for name, job in jobs.items():
                times[name].append(best_of(1, job))
        floor_time, read_time, import_time = (
            statistics.median(times[name]) for name in ("floor", "read", "import")
        )
        ratio = statistics.median(
            i / f for i, f in zip(times["import"], times["floor"], strict=True)
        )
        print(f"floor, openpyxl read-only, every value and fill: {floor_time * 1000:7.0f} ms")
        print(
            f"read the tracker (read_source):                  {read_time * 1000:7.0f} ms"
            f"  ({read_time / floor_time:.2f}x floor)"
        )
        print(
            f"whole import (read, preview, new plan file):     {import_time * 1000:7.0f} ms"
            f"  ({import_time / floor_time:.2f}x floor; median of per-round ratios "
            f"{ratio:.2f}x; aim 1.5x)"
        )
        tracemalloc.start()
        reading = read_source(tracker)
        held, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        del reading
        print(
            f"memory while reading: peak {peak / 1e6:.0f} MB, of which the reading holds "
            f"{held / 1e6:.0f} MB (tracemalloc)"
        )


if __name__ == "__main__":
    main()
