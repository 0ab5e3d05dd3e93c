"""A plan being written by another program reads as the plan it is, never as damaged."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from nhp_planner.model.errors import NhpError
from nhp_planner.model.plan_file import check_plan_file
from nhp_planner.model.store import PlanStore

_ROOT = Path(__file__).parents[2]

#: The writer: transaction after transaction of history rows, as a long import or merge
#: writes, its log copied into the file (growing it) after every one.
_WRITER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA journal_mode=WAL")
conn.execute("PRAGMA wal_autocheckpoint=1")
print("writing", flush=True)
for n in range(int(sys.argv[2])):
    conn.execute("BEGIN")
    conn.executemany(
        "insert into changes (id, at, by, entity, entity_id, field, new) "
        "values (?, ?, ?, ?, ?, ?, ?)",
        [(f"{n}-{i}", "2024-01-31T12:00:00.000Z", "importer", "plan", "p", "note", "x" * 500)
         for i in range(100)],
    )
    conn.execute("COMMIT")
conn.close()
"""


def test_a_reader_while_another_program_writes_is_never_told_damaged(plan_file: Path) -> None:
    writer = subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(plan_file), "150"],
        cwd=_ROOT,
        env=dict(os.environ, PYTHONPATH=str(_ROOT)),
        stdout=subprocess.PIPE,
        text=True,
    )
    assert writer.stdout is not None
    assert writer.stdout.readline() == "writing\n"
    checks, failures = 0, []
    try:
        while writer.poll() is None:
            try:
                check_plan_file(plan_file)
                with PlanStore.open(plan_file, read_only=True) as store:
                    store.current_period  # noqa: B018  (reads the plan)
            except NhpError as error:
                failures.append(str(error))
            checks += 1
    finally:
        writer.wait(120)
        writer.stdout.close()
    assert writer.returncode == 0
    assert checks > 5, "the writer finished before the reader could look"
    assert failures == []
    with PlanStore.open(plan_file, read_only=True) as store:
        assert sum(c.by == "importer" for c in store.changes()) == 150 * 100
