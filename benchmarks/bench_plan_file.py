"""Benchmark (issue 2): `dump` and `summary` on a plan of 10,000 deliverables.

Run: .venv/bin/python benchmarks/bench_plan_file.py [COUNT]
Floors measured in the same run: the raw SQLite read of the same rows (dump and
summary can hardly beat it), and a bare `python -c pass` for the commands' start-up.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._common import best_of, big_snapshot
from nhp_planner.io.plan_json import dump_store
from nhp_planner.model.store import PlanStore
from nhp_planner.model.summary import summarise

BIN = Path(sys.executable).parent


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.nhp"
        snapshot = big_snapshot(count)
        start = time.perf_counter()
        with PlanStore.create(path, snapshot.plan, period=snapshot.period) as store:
            store.import_snapshot(snapshot)
        build = time.perf_counter() - start
        size = path.stat().st_size / 1e6
        print(f"plan of {count} deliverables: created in {build * 1000:.0f} ms ({size:.1f} MB)")

        def raw_read() -> None:
            conn = sqlite3.connect(path)
            rows = conn.execute("select * from deliverables").fetchall()
            json.dumps(rows)
            conn.close()

        def dump() -> None:
            with PlanStore.open(path, read_only=True) as store:
                dump_store(store)

        def summary() -> None:
            with PlanStore.open(path, read_only=True) as store:
                summarise(store.snapshot(), dt.date.today())

        floor = best_of(5, raw_read)
        dump_time = best_of(5, dump)
        summary_time = best_of(5, summary)
        print(f"floor, raw SQLite read + json.dumps of the rows: {floor * 1000:7.1f} ms")
        for name, took in (("dump", dump_time), ("summary", summary_time)):
            print(
                f"{name + ' (in process):':<49}{took * 1000:7.1f} ms  ({took / floor:.1f}x floor)"
            )

        def command(*args: str) -> None:
            subprocess.run([str(BIN / "nhp-planner"), *args], check=True, stdout=subprocess.DEVNULL)

        python_floor = best_of(
            5, lambda: subprocess.run([sys.executable, "-c", "pass"], check=True)
        )
        dump_cmd = best_of(5, lambda: command("dump", str(path)))
        summary_cmd = best_of(5, lambda: command("summary", str(path), "--json"))
        print(f"floor, `python -c pass`:                         {python_floor * 1000:7.1f} ms")
        print(f"`nhp-planner dump` (whole command):              {dump_cmd * 1000:7.1f} ms")
        print(f"`nhp-planner summary --json` (whole command):    {summary_cmd * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
