"""Reporting periods from the command line: period new/list/status/reopen, compare, history."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nhp_planner.cli import main
from nhp_planner.model.store import PlanStore
from tests.cli.test_cli import run


def test_february_from_january(
    plan_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, january, _ = run(capsys, "dump", plan_file)
    code, out, _ = run(capsys, "period", "new", plan_file)
    assert code == 0 and "Started February 2024: 55 deliverables carried forward" in out

    with PlanStore.open(plan_file) as store:
        items = {d.ref: d for d in store.deliverables()}
        from nhp_planner.model.rag import Rag

        store.update_deliverable(items["0.3"].id, rag=Rag.GREEN)
        store.update_deliverable(items["1.1"].id, rag=Rag.RED, date_text="30/06/2024")
        store.update_deliverable(items["4.1"].id, summary_position="Live in March.")

    # One lead's return, as plan JSON: objective 3 with one change.
    data = json.loads(run(capsys, "dump", plan_file)[1])
    data["deliverables"] = [d for d in data["deliverables"] if d["objective"] == 3]
    data["deliverables"][0]["rag"] = "AMBER"
    for d in data["deliverables"]:
        del d["updated_at"]  # a return from a lead says nothing of our marks
    returned = tmp_path / "return.json"
    returned.write_text(json.dumps(data), encoding="utf-8")
    code, out, _ = run(capsys, "import", returned, "--plan", plan_file)
    assert code == 0 and "0 new, 1 changed, 10 unchanged" in out

    assert run(capsys, "dump", plan_file, "--period", "2024-01")[1] == january

    summary = json.loads(run(capsys, "summary", plan_file, "--json")[1])
    assert summary["updates"]["not_yet_updated"] == 55 - 3 - 11
    assert summary["movement"]["counts"]["improved"] == 1
    assert summary["movement"]["counts"]["declined"] == 2  # 1.1 to RED, 3.1 to AMBER
    assert summary["movement"]["date_slipped"] == 1

    code, out, _ = run(capsys, "summary", plan_file)
    assert "41 of 55 not yet updated for February 2024." in out
    assert "1 improved, 2 declined" in out

    code, out, _ = run(capsys, "period", "status", plan_file)
    assert out.startswith("41 of 55 not yet updated for February 2024.")

    code, out, _ = run(capsys, "compare", plan_file, "--from", "2024-01", "--to", "2024-02")
    assert (
        code == 0
        and "1.1    ▼ GREEN -> RED (declined); date '31/03/2024' -> '30/06/2024' (slipped)" in out
    )

    code, out, _ = run(capsys, "period", "list", plan_file)
    assert (
        "2024-01  January 2024" in out
        and "(closed)" in out
        and "41 not yet updated  (current)" in out
    )


def test_status_by_lead_and_reopen(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    plan = tmp_path / "s.nhp"
    run(capsys, "new", plan, "--sample")
    code, out, _ = run(
        capsys, "period", "status", plan, "--lead", "Insp. Priya Shah, Partnership & Prevention Hub"
    )
    assert out.startswith("4 of 9 not yet updated for November 2026")
    code, out, _ = run(capsys, "period", "reopen", plan, "--period", "2026-10")
    assert code == 0 and "October 2026 is open for edits again" in out
    code, out, _ = run(capsys, "period", "list", plan)
    assert "(reopened)" in out


def test_history_of_one_deliverable(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "history", "--sample", "--ref", "1.4")
    assert code == 0
    assert "September 2026  AMBER" in out and "November 2026   RED" in out
    changes = out.split("\nChanges:\n", 1)[1].splitlines()
    # Worded as the window's history: field names, RAG words, the row created, local times.
    assert any(line.endswith("November 2026   RAG: AMBER -> RED") for line in changes)
    assert any("September 2026  Created: 1.4 · AMBER · 30/09/2026 · " in line for line in changes)
    assert any("Summary position: Plan drafted" in line for line in changes)
    assert not any(raw in out for raw in ("summary_position", "'AMBER'", "…", "T0", "Z "))


def test_period_errors(capsys: pytest.CaptureFixture[str], plan_file: Path) -> None:
    code, _, err = run(capsys, "period", "new", plan_file, "--period", "2023-12")
    assert code == 1 and "must come after January 2024" in err
    code, _, err = run(capsys, "compare", plan_file, "--from", "2023-12", "--to", "2024-01")
    assert code == 1 and "has no 2023-12 period" in err
    code, _, err = run(capsys, "history", plan_file, "--ref", "9.9")
    assert code == 1 and "no deliverable 9.9" in err
    assert main(["period", "list", "--sample"]) == 0


def test_period_confirm_marks_reviewed_no_change(
    plan_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "period", "new", plan_file)
    code, out, _ = run(capsys, "period", "confirm", plan_file, "--ref", "1.4")
    assert code == 0 and out == "1.4 marked reviewed, no change, for February 2024.\n"
    code, out, _ = run(capsys, "period", "status", plan_file)
    assert out.startswith("54 of 55 not yet updated for February 2024.")
    with PlanStore.open(plan_file, read_only=True) as store:
        item = next(d for d in store.deliverables() if d.ref == "1.4")
        assert item.updated_at is not None
        assert store.changes(item.id)[-1].field == "updated"
    code, out, _ = run(capsys, "period", "confirm", plan_file, "--ref", "1.4")
    assert code == 0 and "already" in out
    code, _, err = run(capsys, "period", "confirm", plan_file, "--ref", "9.99")
    assert code != 0 and "no deliverable 9.99" in err


def test_an_earlier_periods_summary_counts_overdue_as_it_stood(
    plan_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """January 2024 read today is as at 31 January 2024, as its board pack is, not as at today."""
    run(capsys, "period", "new", plan_file, "--period", "2024-02")
    january = json.loads(run(capsys, "summary", plan_file, "--period", "2024-01", "--json")[1])
    assert january["as_at"] == "2024-01-31"
    assert january["overdue"] == 0
    february = json.loads(run(capsys, "summary", plan_file, "--json")[1])
    assert february["as_at"] == february["today"]  # the current period: the live figures
    assert february["overdue"] > 0  # its March 2024 dates have passed since
