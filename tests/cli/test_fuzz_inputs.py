"""Damaged and hostile inputs through the command line: one sentence or imported, never worse.

A seeded mutator (``tests.mutants``) damages the real tracker, a tracker of
ours, the real plan JSON and a plan file. Each mutant goes through the
commands a person would run on it (import; summary, dump, a change and merge
for a plan file). Every run must end with the import done, or refused in one sentence
(``error: ...``, one line, not "an unexpected problem"), within a time limit;
a refused import or merge leaves the target plan exactly as it was, a plan
file read by summary or dump is not written to, nor one refused when opened
for changes.

``NHP_FUZZ_SCALE`` multiplies the number of mutants (1: about half a minute);
the counts by outcome are printed, and ``NHP_FUZZ_REPORT`` names a file for
every problem found.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import random
import shutil
import signal
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from nhp_planner.cli import main
from nhp_planner.io.excel_export import export_tracker
from nhp_planner.io.plan_json import dump_store
from nhp_planner.model.store import PlanStore
from tests import mutants
from tests.fixture_files import FIXTURE_JSON, FIXTURE_XLSX

SEED = 14
_SCALE = float(os.environ.get("NHP_FUZZ_SCALE", "1"))
#: A file to write every problem found to, one a line (for a run beyond the suite's).
_REPORT = os.environ.get("NHP_FUZZ_REPORT")
#: Longer than any one of these runs takes, however loaded the machine: a run past it hangs.
RUN_LIMIT_S = 30


class _Hang(BaseException):
    """A run took longer than RUN_LIMIT_S (a BaseException: the command line catches the rest)."""


@contextlib.contextmanager
def _time_limit() -> Iterator[None]:
    def stop(number: int, frame: object) -> None:
        raise _Hang

    before = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, RUN_LIMIT_S)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, before)


def _run(*args: str | Path) -> tuple[int, str]:
    """The command line in this process: its exit status and what it said on stderr."""
    err, out = io.StringIO(), io.StringIO()
    with _time_limit(), contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
        code = main([str(a) for a in args])
    return code, err.getvalue()


def _state(plan: Path) -> str:
    """The plan as a person sees it: every period, the history and the conflicts."""
    with PlanStore.open(plan, read_only=True) as store:
        changes = [(c.entity_id, c.field, c.old, c.new) for c in store.changes()]
        text = dump_store(store, None, history=True) + repr(changes) + repr(store.conflicts())
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _file_bytes(path: Path) -> bytes:
    return path.read_bytes()


class _Outcomes:
    """What each mutant came to, and the problems found (the test fails on any)."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.problems: list[str] = []

    def check(self, kind: str, how: str, code: int, err: str) -> bool:
        """Record one run; True when it was refused (and properly)."""
        if code == 0:
            self.counts[f"{kind}: accepted"] += 1
            return False
        lines = err.splitlines()
        if code != 1 or len(lines) != 1 or not lines[0].startswith("error: "):
            self.problems.append(f"{kind} ({how}): exit {code}, said {err!r}")
        elif "unexpected problem" in err:
            self.problems.append(f"{kind} ({how}): {lines[0]}")
        self.counts[f"{kind}: refused"] += 1
        return True


@pytest.fixture
def plans(tmp_path: Path) -> Callable[[], Path]:
    """A fresh copy of the real January 2024 plan, as the target of each run."""
    template = tmp_path / "template.nhp"
    assert main(["import", str(FIXTURE_JSON), "--plan", str(template)]) == 0

    def fresh() -> Path:
        target = tmp_path / "target.nhp"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(template, target)
        return target

    return fresh


def _mutants(
    rng: random.Random, count: int, make: Callable[[], tuple[str, bytes]]
) -> Iterator[tuple[str, bytes]]:
    for _ in range(max(1, int(count * _SCALE))):
        yield make()


def test_damaged_inputs_are_refused_in_one_sentence_or_imported(
    tmp_path: Path, plans: Callable[[], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    rng = random.Random(SEED)
    outcomes = _Outcomes()
    ours = tmp_path / "ours.xlsx"
    with PlanStore.open(plans(), read_only=True) as store:
        export_tracker(store.snapshot(), ours)
    sources = {
        "real tracker": (FIXTURE_XLSX.read_bytes(), ".xlsx", mutants.damage_workbook, 150),
        "our tracker": (ours.read_bytes(), ".xlsx", mutants.damage_workbook, 100),
        "plan JSON": (FIXTURE_JSON.read_bytes(), ".json", mutants.damage_plan_json, 300),
    }
    target = plans()
    before = _state(target)
    for kind, (data, suffix, damage, count) in sources.items():
        for how, damaged in _mutants(rng, count, lambda: damage(rng, data)):  # noqa: B023
            source = tmp_path / f"mutant{suffix}"
            source.write_bytes(damaged)
            code, err = _run("import", source, "--plan", target)
            if outcomes.check(kind, how, code, err):
                if _state(target) != before:
                    outcomes.problems.append(f"{kind} ({how}): refused, but the plan changed")
            else:
                target = plans()  # imported: start again from the plan as it was

    plan_bytes = plans().read_bytes()
    work = tmp_path / "work"
    work.mkdir()
    for how, damaged in _mutants(rng, 200, lambda: mutants.damage_plan_file(rng, plan_bytes, work)):
        copy = tmp_path / "copy.nhp"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{copy}{suffix}").unlink(missing_ok=True)
        copy.write_bytes(damaged)
        for command in ("summary", "dump"):
            code, err = _run(command, copy)
            outcomes.check(f"plan file, {command}", how, code, err)
            if _file_bytes(copy) != damaged:
                outcomes.problems.append(f"plan file ({how}): {command} wrote to it")
        # Opened for changes (settling no conflicts): refused, it must not have been written.
        code, err = _run("conflicts", copy, "--all", "mine")
        refused = outcomes.check("plan file, opened for changes", how, code, err)
        if refused and _file_bytes(copy) != damaged:
            outcomes.problems.append(f"plan file ({how}): refused, but written to first")
        target = plans()
        before = _state(target)
        code, err = _run("merge", target, "--from", copy)
        if outcomes.check("plan file, merge", how, code, err) and _state(target) != before:
            outcomes.problems.append(f"plan file ({how}): merge refused, but the plan changed")

    with capsys.disabled():
        print(f"\nfuzz (seed {SEED}): {dict(sorted(outcomes.counts.items()))}")
    if _REPORT:
        Path(_REPORT).write_text("\n".join(outcomes.problems) + "\n", encoding="utf-8")
    assert outcomes.problems == []
