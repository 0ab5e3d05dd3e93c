"""Benchmark (issue 7): a plan of 10,000 deliverables and 24 periods: open, new period, movement.

Run: .venv/bin/python benchmarks/bench_periods.py [COUNT] [PERIODS]
Builds the plan once (January 2024 onwards; each month most leads send a return
that moves some RAGs, slips some dates and rewrites some summaries, and a few
deliverables come and go), then measures, each against a floor in the same run:
opening the plan and reading the current period (floor: the raw SQLite read of
its rows), starting the next period (floor: the same INSERT ... SELECT in plain
sqlite3), movement between the last two periods in process (floor: reading
both periods' rows) and as the whole `summary --json` and `compare` commands
(floor: Python starting, importing sqlite3 and doing that raw read), and the
window's part of opening (`open_session`, offscreen). Aim: no visible delay,
i.e. the interactive parts well under 100-200 ms.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from benchmarks._common import best_of, big_snapshot
from nhp_planner.model.dates import format_day_first
from nhp_planner.model.entities import Deliverable
from nhp_planner.model.movement import compare
from nhp_planner.model.periods import ReportingPeriod
from nhp_planner.model.rag import Rag
from nhp_planner.model.store import PlanStore

BIN = Path(sys.executable).parent
REPEAT = 7
#: A RAG one step better or worse, as a lead's return moves it.
_STEPS = {
    Rag.RED: (Rag.AMBER,),
    Rag.AMBER: (Rag.RED, Rag.GREEN),
    Rag.GREEN: (Rag.AMBER,),
    Rag.NOT_RATED: (Rag.GREEN, Rag.AMBER),
}
_NEWS = ("on track", "awaiting partners", "training booked", "delayed by the budget review")
#: A period's deliverable rows as the store reads them (with the objective's number).
_ROWS = (
    "select d.id, d.ref, o.number, d.commitment, d.lead, d.summary_position, d.rag, "
    "d.date_text, d.updated_at from deliverables d "
    "join objectives o on o.id = d.objective_id and o.period = d.period where d.period = ?"
)
#: Starting a period in plain SQL: the rows of period ``:old`` copied into ``:new``.
_START = (
    "insert into periods (period) values (:new)",
    "insert into objectives (id, period, number, title) "
    "select id, :new, number, title from objectives where period = :old",
    "insert into deliverables (id, period, objective_id, ref, commitment, lead, "
    "summary_position, rag, date_text, updated_at, updated_by) "
    "select id, :new, objective_id, ref, commitment, lead, summary_position, rag, "
    "date_text, null, null from deliverables where period = :old",
)


def _returned(
    rng: random.Random, current: list[Deliverable], period: ReportingPeriod, share: float
) -> list[Deliverable]:
    """The leads' returns for a period: ``share`` of the deliverables, some of them changed."""
    returned = []
    month_start = dt.date(period.year, period.month, 1)
    for deliverable in current:
        if rng.random() > share:
            continue
        changes: dict[str, object] = {}
        if rng.random() < 0.08:
            changes["rag"] = rng.choice(_STEPS[deliverable.rag])
        if rng.random() < 0.04:  # mostly slipping, now and then brought forward
            due = deliverable.date.due or month_start
            days = rng.randint(14, 120) if rng.random() < 0.8 else -rng.randint(7, 30)
            changes["date_text"] = format_day_first(due + dt.timedelta(days=days))
        if rng.random() < 0.25:
            earlier = deliverable.summary_position.split(" Update ")[0]
            changes["summary_position"] = f"{earlier} Update {period.label}: {rng.choice(_NEWS)}."
        returned.append(dataclasses.replace(deliverable, **changes))
    return returned


def build(path: Path, count: int, periods: int) -> ReportingPeriod:
    """Write the plan file, one period at a time as a force would; returns the last period."""
    rng = random.Random(11)
    snapshot = big_snapshot(count)
    period = snapshot.period
    assert period is not None
    with PlanStore.create(path, snapshot.plan, period=period) as store:
        store.import_snapshot(snapshot)
        for n in range(1, periods):
            period = period.next()
            store.start_period(period)
            current = store.deliverables(period)
            # Most leads reply each month; in the last month, still being chased, fewer have.
            share = 0.6 if n == periods - 1 else 0.9
            returns = _returned(rng, current, period, share)
            store.import_snapshot(
                dataclasses.replace(snapshot, period=period, deliverables=tuple(returns)),
                fields=("summary_position", "rag", "date_text"),
                period=period,
            )
            with store.transaction():
                for gone in rng.sample(current, 3):
                    store.delete_deliverable(gone.id)
                for k in range(3):
                    objective = rng.randint(1, 10)
                    store.add_deliverable(
                        Deliverable(
                            ref=f"{objective}.{2000 + 3 * n + k}",
                            objective=objective,
                            commitment=f"New commitment agreed in {period.label}",
                            rag=Rag.NOT_RATED,
                            date_text="TBC",
                        )
                    )
    return period


def _median(repeat: int, setup: Callable[[], object], job: Callable[[], object]) -> float:
    """Like ``best_of``, but with ``setup`` run untimed before each run."""
    times = []
    for _ in range(repeat):
        setup()
        start = time.perf_counter()
        job()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _line(name: str, took: float, floor: float) -> None:
    print(f"{name:<62}{took * 1000:8.1f} ms  ({took / floor:5.1f}x floor)")


def _floor(name: str, took: float) -> None:
    print(f"{'  floor: ' + name:<62}{took * 1000:8.1f} ms")


def _raw_read(path: Path, *keys: str) -> None:
    conn = sqlite3.connect(path)
    for key in keys:
        conn.execute(_ROWS, [key]).fetchall()
    conn.close()


def _raw_start(conn: sqlite3.Connection, old: str, new: str) -> None:
    with conn:
        for sql in _START:
            conn.execute(sql, {"old": old, "new": new})


def _python(script: str, *args: str) -> None:
    """A fresh Python running ``script`` with only sqlite3: the floor for a whole command."""
    subprocess.run([sys.executable, "-c", "import sqlite3, sys\n" + script, *args], check=True)


def _command(*args: str) -> None:
    subprocess.run([str(BIN / "nhp-planner"), *args], check=True, stdout=subprocess.DEVNULL)


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    periods = int(sys.argv[2]) if len(sys.argv) > 2 else 24
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / "big.nhp"
        start = time.perf_counter()
        last = build(path, count, periods)
        took = time.perf_counter() - start
        with PlanStore.open(path, read_only=True) as store:
            first = store.periods()[0]
            previous = store.previous_period(last)
            rows = len(store.deliverables())
        assert previous is not None
        size = path.stat().st_size / 1e6
        print(
            f"plan of {rows} deliverables in {periods} periods ({first.key} to {last.key}): "
            f"built in {took:.0f} s ({size:.0f} MB)\n"
        )

        # 1. Open the plan and read the current period, as the window and commands do first.
        open_floor = best_of(REPEAT, lambda: _raw_read(path, last.key))

        def open_plan(read_only: bool) -> None:
            with PlanStore.open(path, read_only=read_only) as store:
                store.snapshot()

        print("open the plan and read the current period")
        _floor("raw sqlite3 read of the period's rows", open_floor)
        _line("PlanStore.open + snapshot()", best_of(REPEAT, lambda: open_plan(False)), open_floor)
        _line(
            "PlanStore.open(read_only) + snapshot()",
            best_of(REPEAT, lambda: open_plan(True)),
            open_floor,
        )

        # 2. Start the next period on a fresh copy each time; copying, opening and closing untimed.
        following = last.next()
        copy = folder / "copy.nhp"
        stores: list[PlanStore] = []
        conns: list[sqlite3.Connection] = []

        def close_copy() -> None:
            for store in stores:
                store.close()
            for conn in conns:
                conn.close()
            stores.clear()
            conns.clear()

        def fresh_copy() -> None:
            close_copy()
            copy.unlink(missing_ok=True)
            shutil.copy(path, copy)

        def copy_for_sqlite() -> None:
            fresh_copy()
            conns.append(sqlite3.connect(copy))

        def copy_for_store() -> None:
            fresh_copy()
            stores.append(PlanStore.open(copy))

        start_floor = _median(
            REPEAT, copy_for_sqlite, lambda: _raw_start(conns[0], last.key, following.key)
        )
        started = _median(REPEAT, copy_for_store, lambda: stores[0].start_period(following))
        close_copy()
        print(f"\nstart {following.label} (on a fresh copy of the plan each time)")
        _floor("raw sqlite3 INSERT ... SELECT of the rows", start_floor)
        _line("store.start_period", started, start_floor)
        start_script = (
            "conn = sqlite3.connect(sys.argv[1])\n"
            "with conn:\n"
            f"    for sql in {_START!r}:\n"
            "        conn.execute(sql, {'old': sys.argv[2], 'new': sys.argv[3]})\n"
        )
        python_start = _median(
            REPEAT, fresh_copy, lambda: _python(start_script, str(copy), last.key, following.key)
        )
        command_start = _median(
            REPEAT,
            fresh_copy,
            lambda: _command("period", "new", str(copy), "--period", following.key),
        )
        _floor("`python -c 'import sqlite3'` + that INSERT ... SELECT", python_start)
        _line("`nhp-planner period new` (whole command)", command_start, python_start)

        # 3. Movement between the last two periods.
        with PlanStore.open(path, read_only=True) as store:
            conn = sqlite3.connect(path)
            move_floor = best_of(
                REPEAT,
                lambda: [conn.execute(_ROWS, [k]).fetchall() for k in (previous.key, last.key)],
            )
            conn.close()
            after, before = store.snapshot_and_previous(last)
            assert before is not None
            movement = compare(before, after)

            def in_process() -> None:
                now, then = store.snapshot_and_previous(last)
                assert then is not None
                compare(then, now)

            print(f"\nmovement from {previous.label} to {last.label}")
            counts = movement.counts()
            print(
                "  ("
                + ", ".join(f"{move.value} {n}" for move, n in counts.most_common())
                + f"; summaries changed {sum(i.summary_changed for i in movement.items)})"
            )
            _floor("raw sqlite3 read of both periods' rows", move_floor)
            _line("snapshot_and_previous + compare", best_of(REPEAT, in_process), move_floor)
            _line(
                "  of which compare alone",
                best_of(REPEAT, lambda: compare(before, after)),
                move_floor,
            )

        read_script = (
            "conn = sqlite3.connect(sys.argv[1])\n"
            "for key in sys.argv[2:]:\n"
            f"    conn.execute({_ROWS!r}, [key]).fetchall()\n"
        )
        python_read = best_of(
            REPEAT, lambda: _python(read_script, str(path), previous.key, last.key)
        )
        _floor("`python -c 'import sqlite3'` + that raw read", python_read)
        _line(
            "`nhp-planner summary --json` (whole command)",
            best_of(REPEAT, lambda: _command("summary", str(path), "--json")),
            python_read,
        )
        _line(
            f"`nhp-planner compare --from {previous.key} --to {last.key}`",
            best_of(
                REPEAT,
                lambda: _command("compare", str(path), "--from", previous.key, "--to", last.key),
            ),
            python_read,
        )

        # 4. The window's part of opening: the session with its table and objective models.
        from PySide6.QtWidgets import QApplication

        from nhp_planner.ui.session import open_session

        app = QApplication(sys.argv[:1])

        def window_open() -> None:
            session = open_session(path, None)
            assert session is not None
            session.close()

        window_floor = best_of(REPEAT, lambda: _raw_read(path, previous.key, last.key))
        print("\nthe window's part of opening (open_session, offscreen; no painting)")
        _floor("raw sqlite3 read of both periods' rows", window_floor)
        _line("open_session", best_of(REPEAT, window_open), window_floor)
        app.quit()


if __name__ == "__main__":
    main()
