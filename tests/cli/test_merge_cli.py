"""Offline copies from the command line: copy, merge (and --dry-run), conflicts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nhp_planner.model.rag import Rag
from nhp_planner.model.store import PlanStore
from tests.cli.test_cli import run

SHAH = "Insp. Priya Shah, Partnership & Prevention Hub"


def _edit(path: Path, who: str, ref: str, **fields: object) -> None:
    with PlanStore.open(path, user=who) as store:
        target = next(d for d in store.deliverables() if d.ref == ref)
        store.update_deliverable(target.id, **fields)


def test_copy_merge_resolve(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plan, copy = tmp_path / "plan.nhp", tmp_path / "shah.nhp"
    run(capsys, "new", plan, "--sample")
    code, out, _ = run(capsys, "copy", plan, "--out", copy, "--lead", SHAH)
    assert code == 0 and f"for {SHAH}" in out and "nhp-planner merge" in out

    _edit(plan, "owner", "1.5", rag=Rag.RED)
    _edit(copy, "shah", "1.5", rag=Rag.GREEN)
    _edit(copy, "shah", "1.6", summary_position="Advice now on the council portal too.")

    code, out, _ = run(capsys, "merge", plan, "--from", copy, "--dry-run")
    assert code == 0 and "Would merge shah.nhp: 2 changes" in out and "Nothing written" in out

    code, out, _ = run(capsys, "merge", plan, "--from", copy)
    # Both fields come in: 1.5 shows the later change (Shah's) on every copy until resolved.
    assert "2 fields updated" in out and "1 conflict to resolve" in out
    assert "Deliverable 1.5 (November 2026) rag: here 'RED' (owner), there 'GREEN' (shah)" in out

    code, out, _ = run(capsys, "merge", plan, "--from", copy)
    assert "has no changes this plan has not already got" in out

    summary = json.loads(run(capsys, "summary", plan, "--json")[1])
    assert summary["unresolved_conflicts"] == 1
    assert "1 merge conflict to resolve" in run(capsys, "summary", plan)[1]

    code, out, _ = run(capsys, "conflicts", plan)
    conflict_id = out.split()[0]
    code, out, _ = run(capsys, "conflicts", plan, "--resolve", conflict_id, "--theirs")
    assert code == 0 and "(theirs)" in out
    assert run(capsys, "conflicts", plan)[1] == "No unresolved conflicts.\n"
    with PlanStore.open(plan) as store:
        by_ref = {d.ref: d for d in store.deliverables()}
        assert by_ref["1.5"].rag is Rag.GREEN
        assert by_ref["1.6"].summary_position == "Advice now on the council portal too."


def test_merge_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plan, other = tmp_path / "plan.nhp", tmp_path / "other.nhp"
    run(capsys, "new", plan, "--sample")
    run(capsys, "new", other, "--title", "Another plan")
    code, _, err = run(capsys, "merge", plan, "--from", other)
    assert code == 1 and "is not a copy of this plan (it is the plan 'Another plan')" in err
    code, _, err = run(capsys, "copy", plan, "--out", other)
    assert code == 1 and "already exists" in err
    code, _, err = run(capsys, "conflicts", plan, "--resolve", "nope")
    assert code == 1 and "No unresolved conflict with id nope" in err


def test_conflicts_all_theirs_settles_every_one_including_a_duplicate_ref(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from nhp_planner.model.entities import Deliverable

    plan = tmp_path / "plan.nhp"
    run(capsys, "new", plan, "--sample")
    copies = [tmp_path / "shah.nhp", tmp_path / "jones.nhp"]
    for copy in copies:
        run(capsys, "copy", plan, "--out", copy)
    for ref in ("1.1", "1.2", "1.3", "2.1"):
        _edit(plan, "owner", ref, summary_position=f"Owner on {ref}.")
        _edit(copies[0], "shah", ref, summary_position=f"Shah on {ref}.")
    for who, copy in zip(("shah", "jones"), copies, strict=True):
        with PlanStore.open(copy, user=who) as store:
            store.add_deliverable(Deliverable("1.40", 1, commitment=f"We will ({who})"))
    for copy in copies:
        assert run(capsys, "merge", plan, "--from", copy)[0] == 0
    code, out, _ = run(capsys, "conflicts", plan)
    lines = out.splitlines()
    assert len(lines) == 5
    assert any(
        "two deliverables are 1.40; resolving renumbers this one to 1.41" in x for x in lines
    )
    code, out, _ = run(capsys, "conflicts", plan, "--all", "theirs")
    assert code == 0 and run(capsys, "conflicts", plan)[1] == "No unresolved conflicts.\n"
    with PlanStore.open(plan) as store:
        by_ref = {d.ref: d for d in store.deliverables()}
        assert {by_ref["1.40"].commitment, by_ref["1.41"].commitment} == {
            "We will (shah)",
            "We will (jones)",
        }
        assert by_ref["2.1"].summary_position == "Shah on 2.1."
