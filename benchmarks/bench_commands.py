"""Benchmark (issue 22): every command, as a whole process, on the real 55-deliverable plan.

Run: .venv/bin/python benchmarks/bench_commands.py [RUNS [COMMAND ...]]
With command names (e.g. ``9 board-pack``), only those commands are timed.
Each command is timed from launch to exit, interleaved with its floor (a bare
``python -c`` importing the libraries that command needs), so both see the same
machine. Aims: under 0.3 s, and within 1.5x the floor.

A second floor, "with its stdlib", imports besides those libraries every module of
Python's standard library that the command itself loads (argparse, dataclasses and
the inspect it imports, logging, pathlib...), read from one ``-X importtime`` run of
it: what is left above that floor is the program's own code and work.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "data"
FLOOR_SQLITE = "import sqlite3"
#: openpyxl as the app loads it: on defusedxml, not lxml (nhp_planner.io sets this before
#: openpyxl is first imported; lxml, there for python-docx, would make the floor heavier).
FLOOR_XLSX = "import os; os.environ['OPENPYXL_LXML'] = 'False'; import openpyxl, sqlite3"
FLOOR_PDF = "import reportlab.platypus, sqlite3"
#: The paper is python-docx's, and its RAG chart is drawn and saved (as PNG) by Pillow.
FLOOR_DOCX = "import docx, sqlite3; from PIL import Image, ImageDraw, ImageFont, PngImagePlugin"


def _with_stdlib(argv: list[str], floor_code: str, env: dict[str, str]) -> str:
    """``floor_code`` and an import of every standard library module the command loads."""
    run = subprocess.run(
        [argv[0], "-X", "importtime", *argv[1:]],
        env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    names = [line.rsplit("|", 1)[1].strip() for line in run.stderr.splitlines() if "|" in line]
    # importtime also lists what was tried and not found here (nt, _winapi: Windows's).
    stdlib = sorted(
        name
        for name in set(names) - {"__main__", "site"}
        if name.split(".")[0] in sys.stdlib_module_names and importlib.util.find_spec(name)
    )
    return f"{floor_code}; import {', '.join(stdlib)}"


def _run(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(
        argv, env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    return time.perf_counter() - start


def _commands(work: Path) -> list[tuple[str, list[str], str]]:
    plan, copy = work / "plan.nhp", work / "copy.nhp"
    cli = [sys.executable, "-m", "nhp_planner"]
    commands = [
        ("summary", [*cli, "summary", str(plan)], FLOOR_SQLITE),
        ("dump", [*cli, "dump", str(plan)], FLOOR_SQLITE),
        (
            "import --dry-run",
            [
                *cli,
                "import",
                str(FIXTURE / "nhp-delivery-plan-2024-01.xlsx"),
                "--plan",
                str(plan),
                "--dry-run",
            ],
            FLOOR_XLSX,
        ),
        ("export", [*cli, "export", str(plan), "--out", str(work / "t.xlsx")], FLOOR_XLSX),
        (
            "board-pack",
            [*cli, "board-pack", str(plan), "--out", str(work / "p.pdf")],
            FLOOR_PDF,
        ),
        ("copy", [*cli, "copy", str(plan), "--out", str(work / "c2.nhp")], FLOOR_SQLITE),
        ("merge (unchanged copy)", [*cli, "merge", str(plan), "--from", str(copy)], FLOOR_SQLITE),
    ]
    usage = subprocess.run([*cli, "--help"], cwd=ROOT, capture_output=True, text=True).stdout
    if any(line.split()[:1] == ["paper"] for line in usage.splitlines()):
        commands.append(
            ("paper", [*cli, "paper", str(plan), "--out", str(work / "p.docx")], FLOOR_DOCX)
        )
    return commands


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    wanted = set(sys.argv[2:])
    with tempfile.TemporaryDirectory(prefix="nhp-bench-commands-") as tmp:
        work = Path(tmp)
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
            env[name] = str(work / name.lower())
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # measured as installed, with bytecode
        cli = [sys.executable, "-m", "nhp_planner"]
        subprocess.run(
            [*cli, "import", str(FIXTURE / "nhp-delivery-plan-2024-01.json"), "--plan",
             str(work / "plan.nhp")],
            env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        subprocess.run(
            [*cli, "copy", str(work / "plan.nhp"), "--out", str(work / "copy.nhp")],
            env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        print(
            f"{'command':<24}{'median':>9}{'floor':>9}{'ratio':>7}  aims (< 300 ms, <= 1.5x)"
            f"{'with its stdlib':>19}{'ratio':>7}"
        )
        commands = _commands(work)
        unknown = wanted - {name for name, _, _ in commands}
        if unknown:
            sys.exit(f"no such command: {', '.join(sorted(unknown))}")
        for name, argv, floor_code in commands:
            if wanted and name not in wanted:
                continue
            _run(argv, env)  # warm-up: bytecode and the page cache
            (work / "c2.nhp").unlink(missing_ok=True)
            stdlib_code = _with_stdlib(argv, floor_code, env)
            (work / "c2.nhp").unlink(missing_ok=True)
            ours, floor, stdlib_floor = [], [], []
            for _ in range(runs):
                floor.append(_run([sys.executable, "-c", floor_code], env))
                stdlib_floor.append(_run([sys.executable, "-c", stdlib_code], env))
                ours.append(_run(argv, env))
                (work / "c2.nhp").unlink(missing_ok=True)
            mine, base = statistics.median(ours), statistics.median(floor)
            with_stdlib = statistics.median(stdlib_floor)
            met = "met" if mine < 0.3 and mine <= 1.5 * base else "NOT met"
            print(
                f"{name:<24}{mine * 1000:>7.0f}ms{base * 1000:>7.0f}ms{mine / base:>7.2f}"
                f"  {met:<24}{with_stdlib * 1000:>10.0f}ms{mine / with_stdlib:>7.2f}"
            )
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
