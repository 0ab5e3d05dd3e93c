"""`nhp-planner export`: the tracker, a lead's return, an earlier period, and its errors."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from nhp_planner.cli import main
from nhp_planner.io.plan_json import dump_store
from nhp_planner.model.periods import ReportingPeriod
from nhp_planner.model.store import PlanStore
from tests.cli_run import run


def delivery_plan(path: Path) -> list[tuple[object, ...]]:
    return list(openpyxl.load_workbook(path)["Delivery Plan"].iter_rows(values_only=True))


def test_the_sample_plan_exports_to_a_tracker(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "tracker.xlsx"
    code, stdout, stderr = run(capsys, "export", "--sample", "--out", out)
    assert code == 0, stderr
    assert stdout == (
        f"Wrote {out} (40 deliverables; November 2026; sheets: Delivery Plan, Summary, Key).\n"
    )
    assert stderr == ""
    rows = delivery_plan(out)
    assert rows[5][3] == "Summary position (November 2026)"
    summary = openpyxl.load_workbook(out)["Summary"]
    texts = [v for row in summary.iter_rows(values_only=True) for v in row if v]
    assert "Movement since October 2026" in texts


def test_a_plan_file_exports_unchanged_for_an_earlier_period(
    plan_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with PlanStore.open(plan_file) as store:
        store.start_period(ReportingPeriod(2024, 2))
        before = dump_store(store, history=True)
    out = tmp_path / "january.xlsx"
    code, stdout, stderr = run(capsys, "export", plan_file, "--out", out, "--period", "2024-01")
    assert code == 0, stderr
    assert "(55 deliverables; January 2024;" in stdout
    assert delivery_plan(out)[5][3] == "Summary position (January 2024)"
    with PlanStore.open(plan_file, read_only=True) as store:
        assert dump_store(store, history=True) == before


def test_a_leads_update_return(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "return.xlsx"
    code, stdout, stderr = run(
        capsys, "export", "--sample", "--out", out, "--lead", "corporate communications"
    )
    assert code == 0, stderr
    assert "deliverables for Corporate Communications; November 2026" in stdout
    leads = {row[2] for row in delivery_plan(out)[6:] if row[1]}
    assert leads == {"Corporate Communications"}


def test_an_unknown_lead_lists_the_leads(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "return.xlsx"
    code, stdout, stderr = run(capsys, "export", "--sample", "--out", out, "--lead", "Sgt. Who")
    assert code == 1 and stdout == ""
    assert stderr.startswith("error: No deliverable has the lead 'Sgt. Who'; the leads are: ")
    assert "Corporate Communications" in stderr
    assert not out.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--sample", "--period", "2020-01"), "The plan has no 2020-01 period (it has: "),
        ((), "Name a plan file (or use --sample"),
        (("missing.nhp",), "missing.nhp"),
    ],
)
def test_bad_arguments_are_one_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...], message: str
) -> None:
    out = tmp_path / "tracker.xlsx"
    code, stdout, stderr = run(capsys, "export", *args, "--out", out)
    assert (code, stdout) == (1, "")
    assert message in stderr and stderr.startswith("error: ") and stderr.count("\n") == 1
    assert not out.exists()


def test_a_period_that_is_not_a_month_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["export", "--sample", "--out", str(tmp_path / "t.xlsx"), "--period", "January"])
    assert caught.value.code == 2
    assert "is not a reporting period" in capsys.readouterr().err


def test_texts_excel_cannot_hold_are_reported_as_warnings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "plan.json"
    source.write_text(
        json.dumps(
            {
                "plan": {"title": "Plan", "period": "2024-01"},
                "deliverables": [
                    {"ref": "1.1", "commitment": "Bell\u0007 rang", "rag": "GREEN"},
                ],
            }
        ),
        encoding="utf-8",
    )
    plan = tmp_path / "plan.nhp"
    assert run(capsys, "import", source, "--plan", plan)[0] == 0
    out = tmp_path / "tracker.xlsx"
    code, stdout, stderr = run(capsys, "export", plan, "--out", out)
    assert code == 0 and stdout.startswith("Wrote ")
    assert stderr == (
        "warning: 1.1 deliverable: 1 character that Excel cannot hold was removed or replaced.\n"
    )
    assert delivery_plan(out)[7][:2] == ("1.1", "Bell rang")
