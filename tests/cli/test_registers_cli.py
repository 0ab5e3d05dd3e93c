"""`nhp-planner findings …` and `actions …`: the February 2024 SPPC registers by command."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pypdf
import pytest

from nhp_planner.model.actions import ActionStatus
from nhp_planner.model.findings import FindingStatus
from nhp_planner.model.store import PlanStore
from tests.cli_run import run
from tests.fixture_files import FIXTURE_JSON
from tests.registers.sppc_2024_02 import OUTSTANDING_REFERENCES, PEEL_2022


@pytest.fixture
def plan(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "p.nhp"
    assert run(capsys, "import", FIXTURE_JSON, "--plan", path)[0] == 0
    return path


def test_the_february_sppc_registers_entered_listed_and_counted(
    plan: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for number, (area, _kind, text, update) in enumerate(PEEL_2022[:3], start=1):
        code, out, err = run(
            capsys, "findings", "add", plan, "--report", "PEEL 2022", "--ref", str(number),
            "--text", text, "--area", area, "--progress", update, "--rag", "Green",
            *(("--deliverables", "0.1, 0.4") if number == 1 else ()),
        )  # fmt: skip
        assert (code, err) == (0, "") and f"Added AFI {number} (PEEL 2022)." in out
    for number, meeting, action, owner, status in OUTSTANDING_REFERENCES:
        word, _, update = status.partition("-")
        code, out, err = run(
            capsys, "actions", "add", plan, "--number", number, "--meeting", meeting,
            "--action", action, "--owner", owner, "--status", word, "--update", update.strip(),
        )  # fmt: skip
        assert code == 0, err
    code, out, _ = run(capsys, "actions", "update", plan, "7/2023/P", "--due", "end of 2023")
    code, out, _ = run(capsys, "actions", "update", plan, "7/2023/P", "--due", "April/May 2024",
                       "--findings", "AFI 1 (PEEL 2022)")  # fmt: skip
    assert out == "Updated Action 7/2023/P; due end of 2023 → April/May 2024.\n"
    code, out, _ = run(capsys, "findings", "close", plan, "2", "--awaiting-sign-off")
    assert out == "AFI 2 (PEEL 2022): Closed – awaiting inspectorate sign-off.\n"

    code, out, _ = run(capsys, "findings", "list", plan)
    assert "AFI 1 (PEEL 2022): Open; GREEN; delivered by 0.1, 0.4" in out
    assert out.endswith("3 inspectorate items.\n")
    code, out, _ = run(capsys, "actions", "list", plan)
    assert "10/2023/P: Complete – Hate crime data is included under Measure 6.2" in out
    assert "7/2023/P: In progress – target date set for April/May.; due end of 2023 → " in out
    code, out, _ = run(capsys, "summary", plan, "--json")
    summary = json.loads(out)
    assert summary["findings"] == {
        "total": 3, "open": 2, "awaiting_sign_off": 1, "closed": 0, "not_updated": 0,
    }  # fmt: skip
    assert summary["actions"] == {"total": 3, "outstanding": 1, "complete": 2, "due_reset": 1}
    assert summary["total"] == 55
    with PlanStore.open(plan, read_only=True) as store:
        assert store.findings.items()[1].status is FindingStatus.AWAITING_SIGN_OFF
        assert store.actions.items()[0].status is ActionStatus.IN_PROGRESS
        assert store.actions.items()[0].finding_ids == (store.findings.items()[0].id,)


def test_import_export_and_refusals(
    plan: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    table = tmp_path / "refs.txt"
    rows = [
        ("No.", "Meeting Date & Reference", "Action", "Owner", "Status"),
        *OUTSTANDING_REFERENCES,
    ]
    table.write_text("\n".join("\t".join(r) for r in rows), encoding="utf-8")
    code, out, _ = run(capsys, "actions", "import", plan, table, "--dry-run")
    assert code == 0 and "committee actions: 3 new, 0 changed, 0 unchanged." in out
    assert "Nothing written" in out
    with PlanStore.open(plan, read_only=True) as store:
        assert store.actions.items() == []
    assert run(capsys, "actions", "import", plan, table)[0] == 0
    out_file = tmp_path / "refs.xlsx"
    code, out, _ = run(capsys, "actions", "export", plan, out_file)
    assert out == f"Wrote 3 committee actions to {out_file}.\n"
    code, out, _ = run(capsys, "actions", "import", plan, out_file)
    assert "0 new, 0 changed, 3 unchanged" in out
    # Written as the plan's own import is (import SOURCE --plan PLAN), it reads the same.
    code, out, _ = run(capsys, "actions", "import", out_file, "--plan", plan, "--dry-run")
    assert code == 0 and "0 new, 0 changed, 3 unchanged" in out
    for args, said in (
        ((plan, out_file, "--plan", plan), "Name the plan once"),
        ((plan,), "Name the tracker to read as well as the plan"),
    ):
        code, _, err = run(capsys, "actions", "import", *args)
        assert code == 1 and err.startswith(f"error: {said}") and err.count("\n") == 1, err

    code, _, err = run(capsys, "findings", "add", plan, "--report", "PEEL 2022", "--ref", "1",
                       "--text", "x", "--rag", "Blue")  # fmt: skip
    assert (code, err) == (
        1,
        "error: --rag: 'Blue' is not a RAG rating (GREEN, AMBER, RED or blank).\n",
    )
    code, _, err = run(capsys, "findings", "update", plan, "9")
    assert err == "error: The register has no inspectorate item 9.\n"
    code, _, err = run(capsys, "actions", "import", plan, FIXTURE_JSON)
    assert code == 1 and "is plain text, not an Excel workbook" in err


def test_the_pack_and_paper_print_the_sections_asked_for(
    plan: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    area, _kind, text, update = PEEL_2022[0]
    run(capsys, "findings", "add", plan, "--report", "PEEL 2022", "--ref", "1", "--text", text,
        "--area", area, "--progress", update, "--deliverables", "0.1")  # fmt: skip
    number, meeting, action, _owner, _status = OUTSTANDING_REFERENCES[0]
    run(capsys, "actions", "add", plan, "--number", number, "--action", action, "--meeting",
        meeting, "--status", "In progress", "--due", "end of 2023")  # fmt: skip
    pdf = tmp_path / "pack.pdf"
    code, _out, err = run(capsys, "board-pack", plan, "--out", pdf, "--findings", "--references")
    assert code == 0, err
    text_of_pack = " ".join(" ".join(p.extract_text().split()) for p in pypdf.PdfReader(pdf).pages)
    assert "Progress on HMICFRS areas for improvement" in text_of_pack
    assert "Outstanding references" in text_of_pack and "7/2023/P" in text_of_pack
    assert run(capsys, "board-pack", plan, "--out", pdf)[0] == 0
    plain = " ".join(p.extract_text() for p in pypdf.PdfReader(pdf).pages)
    assert "Progress on HMICFRS" not in plain
    word = tmp_path / "paper.docx"
    assert run(capsys, "paper", plan, "--out", word, "--references")[0] == 0
    paragraphs = [p.text for p in docx.Document(str(word)).paragraphs]
    assert "Outstanding references" in paragraphs
    assert "Progress on HMICFRS areas for improvement" not in paragraphs
