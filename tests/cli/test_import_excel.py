"""`nhp-planner import TRACKER.xlsx --plan PLAN`: the preview it prints, and bad files."""

from __future__ import annotations

import json
import os
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from nhp_planner.cli import main
from nhp_planner.io.plan_json import dump_store
from nhp_planner.model.periods import ReportingPeriod
from nhp_planner.model.rag import Rag
from nhp_planner.model.store import PlanStore
from tests.cli_run import run
from tests.fixture_files import FIXTURE_JSON, FIXTURE_XLSX
from tests.io.tracker_builders import (
    corrupted,
    encrypted_workbook,
    entity_bomb,
    messy_tracker,
    old_xls,
    truncated,
    write_workbook,
)

FIELDS = ("ref", "objective", "commitment", "summary_position", "rag", "date_text")


def history(plan: Path) -> int:
    with PlanStore.open(plan, read_only=True) as store:
        return len(store.changes())


def test_importing_the_real_tracker_into_a_new_plan(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = tmp_path / "plan.nhp"
    code, out, err = run(capsys, "import", FIXTURE_XLSX, "--plan", plan)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "Imported nhp-delivery-plan-2024-01.xlsx into January 2024:",
        "  55 deliverables in 5 objectives",
        "    objective 0 'Summary position': 3 GREEN, 1 AMBER",
        "    objective 1 'Prevent crime, disorder, and anti-social behaviour': 12 GREEN, 3 AMBER",
        "    objective 2: 9 GREEN, 1 AMBER",
        "    objective 3 'Provide a flow of community intelligence on a ran…': 7 GREEN, 4 AMBER",
        "    objective 4 'Promote a culture of trust and confidence': 7 GREEN, 8 AMBER",
        "  Read sheet 'Delivery Plan', header row 5",
        "  Period: January 2024, from the heading 'Summary position (January 2024)'",
        "  Columns:",
        "    'Ref' -> reference",
        "    'Deliverable' -> deliverable",
        "    'Summary position (January 2024)' -> summary position",
        "    'Progress' -> RAG",
        "    'Date' -> date",
        "  55 new, 0 changed, 0 unchanged",
        f"Created {plan}.",
    ]
    code, out, _ = run(capsys, "dump", plan)
    dumped = json.loads(out)
    expected = json.loads(FIXTURE_JSON.read_text(encoding="utf-8"))
    assert [{k: d[k] for k in FIELDS} for d in dumped["deliverables"]] == expected["deliverables"]
    assert [{"number": o["number"], "title": o["title"]} for o in dumped["objectives"]] == (
        expected["objectives"]
    )
    assert dumped["plan"]["title"] == expected["plan"]["title"]
    assert dumped["plan"]["rag_key"] == expected["plan"]["rag_key"]


def test_reimporting_reports_every_deliverable_unchanged_and_writes_no_history(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = tmp_path / "plan.nhp"
    run(capsys, "import", FIXTURE_XLSX, "--plan", plan)
    written = history(plan)
    code, out, _ = run(capsys, "import", FIXTURE_XLSX, "--plan", plan)
    assert code == 0 and "  0 new, 0 changed, 55 unchanged" in out
    assert history(plan) == written


def test_the_tracker_into_the_plan_made_from_its_json(
    plan_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "import", FIXTURE_XLSX, "--plan", plan_file)
    assert code == 0 and "0 new, 0 changed, 55 unchanged" in out


def test_dry_run_prints_the_changes_and_writes_nothing(
    plan_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    workbook = openpyxl.load_workbook(FIXTURE_XLSX)
    workbook.active["D20"] = "GREEN"
    workbook.active["E20"] = "30/06/2024"
    changed = tmp_path / "changed.xlsx"
    workbook.save(changed)
    before = plan_file.read_bytes()
    code, out, _ = run(capsys, "import", changed, "--plan", plan_file, "--dry-run")
    assert code == 0 and out.startswith("Would import changed.xlsx into January 2024:")
    assert "  0 new, 1 changed, 54 unchanged" in out
    assert "    1.9 RAG: 'AMBER' -> 'GREEN'" in out
    assert "    1.9 date: '31/03/2024' -> '30/06/2024'" in out
    assert out.rstrip().endswith("Nothing written (--dry-run).")
    assert plan_file.read_bytes() == before
    code, out, _ = run(capsys, "import", changed, "--plan", plan_file)
    assert code == 0 and out.startswith("Imported changed.xlsx")
    with PlanStore.open(plan_file, read_only=True) as store:
        assert next(d for d in store.deliverables() if d.ref == "1.9").rag.value == "GREEN"


def test_period_option_overrides_the_month_in_the_header(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = tmp_path / "plan.nhp"
    code, out, _ = run(capsys, "import", FIXTURE_XLSX, "--plan", plan, "--period", "2024-02")
    assert code == 0 and "into February 2024" in out
    with PlanStore.open(plan, read_only=True) as store:
        assert store.current_period == ReportingPeriod(2024, 2)


def test_a_hand_kept_tracker_shows_its_warnings_with_sheet_row_and_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tracker = messy_tracker(tmp_path / "tracker.xlsx")
    code, out, _ = run(capsys, "import", tracker, "--plan", tmp_path / "p.nhp", "--dry-run")
    assert code == 0
    assert "    'March 2024 Latest update' -> summary position" in out
    assert "  3 warnings:" in out
    assert (
        "    sheet 'NHP 24-25', row 14, column E: 'On track' (1 row) was read as GREEN, because "
        "the tracker's key says GREEN means 'Complete or on track'"
    ) in out
    assert "    sheet 'NHP 24-25', row 19, column A: 2.4 has a reference but no text" in out
    assert not (tmp_path / "p.nhp").exists()


def _text(path: Path) -> Path:
    path.write_text("Ref,Deliverable\n1.1,We will\n", encoding="utf-8")
    return path


def _no_table(path: Path) -> Path:
    return write_workbook(path, [("Cover", [["Our plan"]]), ("Notes", [["Notes"]])])


def _xlsb(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/workbook.bin", b"\x83\x01")
    return path


BAD_FILES: list[tuple[str, Callable[[Path], Path], str]] = [
    ("text.xlsx", _text, "is plain text, not an Excel workbook"),
    ("cut.xlsx", lambda p: truncated(FIXTURE_XLSX, p), "is damaged or incomplete"),
    (
        "bad.xlsx",
        lambda p: corrupted(FIXTURE_XLSX, p, at=0.7),
        "is damaged (sheet 'Delivery Plan')",
    ),
    ("protected.xlsx", encrypted_workbook, "is protected with a password"),
    ("old.xls", old_xls, "is an old-style Excel 97-2003 workbook (.xls)"),
    ("binary.xlsb", _xlsb, "is an Excel Binary Workbook (.xlsb)"),
    ("cover.xlsx", _no_table, "no table of deliverables found on any sheet ('Cover', 'Notes')"),
    (
        "bomb.xlsx",
        lambda p: entity_bomb(FIXTURE_XLSX, p, "xl/worksheets/sheet1.xml"),
        "contains XML entity declarations",
    ),
    ("plan.ods", lambda p: p.write_bytes(b"PK\x03\x04") and p, "is an OpenDocument spreadsheet"),
]


@pytest.mark.parametrize(("name", "make", "message"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_files_are_one_sentence_and_leave_the_plan_as_it_was(
    plan_file: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    make: Callable[[Path], Path],
    message: str,
) -> None:
    bad = make(tmp_path / name)
    before_bytes = plan_file.read_bytes()
    with PlanStore.open(plan_file, read_only=True) as store:
        before_dump = dump_store(store, history=True)
    code, out, err = run(capsys, "import", bad, "--plan", plan_file)
    assert (code, out) == (1, "")
    assert err.startswith(f"error: {bad}: ") and message in err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert plan_file.read_bytes() == before_bytes
    with PlanStore.open(plan_file, read_only=True) as store:
        assert dump_store(store, history=True) == before_dump


def test_a_csv_tracker_imports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tracker = tmp_path / "tracker.csv"
    tracker.write_text(
        "Ref,Deliverable,Summary position (April 2024),RAG,Date\n"
        "1.1,We will publish,Done,G,31/03/2024\n",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "import", tracker, "--plan", tmp_path / "p.nhp")
    assert code == 0 and "into April 2024" in out and "1 new, 0 changed, 0 unchanged" in out
    assert "  1 deliverable in 1 objective\n" in out


def test_a_tracker_naming_no_month_says_which_period_it_goes_into(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # It said "none found: this is the current month" while going into the plan's own
    # current period (January 2024), or into the month --period named.
    plan = tmp_path / "plan.nhp"
    assert main(["import", str(FIXTURE_JSON), "--plan", str(plan)]) == 0
    tracker = tmp_path / "tracker.csv"
    tracker.write_text(
        "Ref,Deliverable,Summary position,RAG,Date\n1.1,We will publish,Done,G,31/03/2024\n",
        encoding="utf-8",
    )
    capsys.readouterr()
    code, out, _ = run(capsys, "import", tracker, "--plan", plan, "--dry-run")
    assert code == 0 and "Would import tracker.csv into January 2024:" in out
    assert (
        "  Period: January 2024, the plan's current period: the file names no month; "
        "use --period to choose another\n"
    ) in out
    code, out, _ = run(
        capsys, "import", tracker, "--plan", plan, "--dry-run", "--period", "2024-02"
    )
    assert code == 0 and "into February 2024:" in out
    assert "  Period: February 2024, as chosen: the file names no month\n" in out
    assert "current month" not in out


def test_import_help_names_excel_trackers(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["import", "--help"])
    assert "the file to import (.xlsx, .xlsm, .csv, .txt or .json)" in capsys.readouterr().out


def test_status_words_are_refused_with_the_list_until_a_rag_map_answers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.io.tracker_builders import write_workbook

    tracker = write_workbook(
        tmp_path / "t.xlsx",
        [
            (
                "Plan",
                [
                    ["Ref", "Deliverable", "Status"],
                    ["1.1", "We will", "On track"],
                    ["1.2", "We will", "At risk"],
                ],
            )
        ],
    )
    plan = tmp_path / "p.nhp"
    code, out, err = run(capsys, "import", tracker, "--plan", plan)
    assert code != 0 and not plan.exists()
    assert "    'On track': 1 row (sheet 'Plan', column C, row 2), proposed GREEN" in out
    assert '--rag-map "On track=GREEN,At risk=AMBER"' in err
    code, out, err = run(
        capsys, "import", tracker, "--plan", plan, "--rag-map", "On track=GREEN,At risk=AMBER"
    )
    assert (code, err) == (0, "")
    with PlanStore.open(plan, read_only=True) as store:
        assert [d.rag for d in store.deliverables()] == [Rag.GREEN, Rag.AMBER]
    # The plan remembers: the next return needs no --rag-map.
    code, out, err = run(capsys, "import", tracker, "--plan", plan)
    assert (code, err) == (0, "") and "0 new, 0 changed, 2 unchanged" in out


def test_a_bad_rag_map_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["import", str(FIXTURE_XLSX), "--plan", str(tmp_path / "p.nhp"), "--rag-map", "x=Y"])
    assert "'x=Y' is not WORD=RAG" in capsys.readouterr().err


def test_the_sheet_is_chosen_on_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.io.tracker_builders import write_workbook

    rows = [["Ref", "Deliverable", "RAG"], ["1.1", "We will", "G"]]
    old = [["Ref", "Deliverable", "RAG"], ["1.1", "We said", "R"], ["1.2", "And", "R"]]
    tracker = write_workbook(tmp_path / "t.xlsx", [("Archive", old), ("Plan", rows)])
    code, out, _ = run(capsys, "import", tracker, "--plan", tmp_path / "p.nhp", "--dry-run")
    assert "  Read sheet 'Plan', header row 1" in out
    assert "  Also holding a table: 'Archive' (choose another sheet with --sheet)" in out
    code, out, _ = run(
        capsys, "import", tracker, "--plan", tmp_path / "p.nhp", "--sheet", "Archive", "--dry-run"
    )
    assert code == 0 and "  2 deliverables in 1 objective" in out
    assert "  Read sheet 'Archive', header row 1" in out


@pytest.mark.parametrize("name", ["tracker.csv", "tracker.xlsx", "plan.json"])
def test_a_pipe_offered_for_import_is_one_sentence_not_a_hang(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    pipe = tmp_path / name
    os.mkfifo(pipe)  # reading it would wait for a writer forever
    assert main(["import", str(pipe), "--plan", str(tmp_path / "p.nhp")]) == 1
    assert capsys.readouterr().err == (
        f"error: {pipe}: is not an ordinary file (a device or a pipe), so it is not imported.\n"
    )
    assert not (tmp_path / "p.nhp").exists()


def test_a_plan_that_cannot_be_written_where_asked_is_one_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A read-only folder (a user who cannot write there; root always can, so it is faked)."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    assert main(["import", str(FIXTURE_JSON), "--plan", str(tmp_path / "p.nhp")]) == 1
    err = capsys.readouterr().err
    assert err == (
        f"error: {tmp_path / 'p.nhp'}: cannot be written, because the folder {tmp_path} is "
        "read-only for you; choose another folder.\n"
    )
