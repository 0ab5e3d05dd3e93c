"""Benchmark (issues 8, 18): merge two copies of a 10,000-deliverable plan, 1,000 changes in each.

Run: .venv/bin/python benchmarks/bench_merge.py [COUNT] [CHANGES]
Floor measured in the same run: reading both files' change histories and
deliverable rows with plain sqlite3, which any merge has to do at least.
Aim (issue 18): the merge under a second. Also reported: how much bigger the
plan file is for the replicated state (the change records' order, target and
"updated" columns and their index) than the same file without it; aim under 2x.
"""

from __future__ import annotations

import random
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._common import big_snapshot
from nhp_planner.model.rag import Rag
from nhp_planner.model.store import PlanStore


def _edit(path: Path, who: str, refs: list[str], seed: int) -> None:
    rng = random.Random(seed)
    with PlanStore.open(path, user=who) as store, store.transaction():
        ids = {d.ref: d.id for d in store.deliverables()}
        for ref in refs:
            store.update_deliverable(
                ids[ref],
                rag=rng.choice([Rag.GREEN, Rag.AMBER, Rag.RED]),
                summary_position=f"{who} updated {ref} on day {rng.randint(1, 28)}",
            )


def _size_without_replicated_state(path: Path, folder: Path) -> tuple[int, int]:
    """The file's size, and the same file's without the replicated state (both vacuumed)."""
    sizes = []
    for strip in (False, True):
        copy = folder / f"size-{strip}.nhp"
        shutil.copy(path, copy)
        conn = sqlite3.connect(copy)
        if strip:
            conn.execute("drop index idx_changes_lamport")
            for column in ("lamport", "target", "marks"):
                conn.execute(f"alter table changes drop column {column}")
        conn.execute("vacuum")
        conn.close()
        sizes.append(copy.stat().st_size)
    return sizes[0], sizes[1]


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    changes = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        base = folder / "base.nhp"
        snapshot = big_snapshot(count)
        with PlanStore.create(base, snapshot.plan, period=snapshot.period) as store:
            store.import_snapshot(snapshot)
        refs = [d.ref for d in snapshot.deliverables]
        rng = random.Random(3)
        # Overlapping edits: a tenth of each copy's changes touch the same deliverables.
        mine_refs = rng.sample(refs, changes)
        theirs_refs = rng.sample(mine_refs, changes // 10) + rng.sample(
            refs, changes - changes // 10
        )
        with PlanStore.open(base) as store:
            copy = store.make_copy(folder / "copy.nhp")
        _edit(base, "owner", mine_refs, 1)
        _edit(copy, "lead", theirs_refs, 2)
        keep = folder / "base-before.nhp"
        shutil.copy(base, keep)

        def floor() -> None:
            for path in (base, copy):
                conn = sqlite3.connect(path)
                conn.execute("select * from changes").fetchall()
                conn.execute("select * from deliverables").fetchall()
                conn.close()

        start = time.perf_counter()
        floor()
        floor_time = time.perf_counter() - start

        with PlanStore.open(base) as store:
            start = time.perf_counter()
            result = store.merge_from(copy)
            merge_time = time.perf_counter() - start
            start = time.perf_counter()
            again = store.merge_from(copy)
            again_time = time.perf_counter() - start
        print(f"plan of {count} deliverables; {changes} changes in each copy")
        print(result.describe(applied=True))
        print(f"floor, reading both histories and rows with sqlite3: {floor_time * 1000:8.1f} ms")
        print(
            f"merge:                                               {merge_time * 1000:8.1f} ms"
            f"  ({merge_time / floor_time:.1f}x floor)"
        )
        print(
            f"merging the same copy again (no-op: {again.changed_nothing}):"
            f"            {again_time * 1000:8.1f} ms"
        )
        print(f"aim: merge under 1000 ms: {'met' if merge_time < 1 else 'NOT met'}")
        with_state, without = _size_without_replicated_state(base, folder)
        print(
            f"plan file after the merge: {with_state / 1e6:.2f} MB; without the replicated state "
            f"{without / 1e6:.2f} MB: {with_state / without:.2f}x (aim under 2x)"
        )


if __name__ == "__main__":
    main()
