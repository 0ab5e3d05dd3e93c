"""The command line: the foundation's sub-commands, their output and their errors."""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import json
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest

from nhp_planner.cli import main
from nhp_planner.model.dates import format_date
from tests.cli_run import run
from tests.fixture_files import FIXTURE_JSON

REPO = Path(__file__).resolve().parents[2]
FIELDS = ("ref", "objective", "commitment", "summary_position", "rag", "date_text")


def test_import_dump_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plan = tmp_path / "p.nhp"
    code, out, _ = run(capsys, "import", FIXTURE_JSON, "--plan", plan)
    assert code == 0 and "55 new, 0 changed, 0 unchanged" in out and plan.exists()

    code, out, _ = run(capsys, "dump", plan)
    fixture = json.loads(FIXTURE_JSON.read_text(encoding="utf-8"))
    dumped = json.loads(out)
    assert [{k: d[k] for k in FIELDS} for d in dumped["deliverables"]] == fixture["deliverables"]

    code, out, _ = run(capsys, "summary", plan, "--json")
    summary = json.loads(out)
    assert (summary["total"], summary["GREEN"], summary["AMBER"], summary["RED"]) == (55, 38, 17, 0)
    assert [o["total"] for o in summary["objectives"]] == [4, 15, 10, 11, 15]

    code, out, _ = run(capsys, "summary", plan)
    assert code == 0 and "All objectives" in out and "January 2024" in out


def test_summary_and_export_say_the_day_overdue_is_counted_at(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """January, closed by February's start, is counted as at 31 January, and says so; its
    tracker is dated the day it is exported, not that day."""
    plan = tmp_path / "p.nhp"
    run(capsys, "import", FIXTURE_JSON, "--plan", plan)
    run(capsys, "period", "new", plan, "--period", "2024-02")
    code, out, _ = run(capsys, "summary", plan, "--period", "2024-01")
    assert code == 0
    assert out.splitlines()[1] == "January 2024 · overdue as at 31 Jan 2024"
    code, _, _ = run(capsys, "export", plan, "--period", "2024-01", "--out", tmp_path / "j.xlsx")
    assert code == 0
    workbook = openpyxl.load_workbook(tmp_path / "j.xlsx")
    key = {row[0]: row[1] for row in workbook["Key"].iter_rows(values_only=True) if row[0]}
    assert key["Exported"].startswith(f"{format_date(dt.date.today())} by NHP Planner")
    texts = [row[0] for row in workbook["Summary"].iter_rows(values_only=True)]
    assert "RAG ratings by objective, overdue as at 31 Jan 2024" in texts


def test_reimport_reports_unchanged(plan_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "import", FIXTURE_JSON, "--plan", plan_file)
    assert code == 0 and "0 new, 0 changed, 55 unchanged" in out


def test_dry_run_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plan = tmp_path / "p.nhp"
    code, out, _ = run(capsys, "import", FIXTURE_JSON, "--plan", plan, "--dry-run")
    assert code == 0 and "Would import" in out and "Nothing written" in out
    assert not plan.exists()


def test_new_plans(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "new", tmp_path / "empty.nhp", "--title", "Our plan", "--period", "2025-04"
    )
    assert code == 0 and "April 2025" in out
    code, out, _ = run(capsys, "new", tmp_path / "sample.nhp", "--sample")
    assert code == 0 and "November 2026" in out
    code, out, _ = run(capsys, "summary", tmp_path / "sample.nhp", "--json")
    assert json.loads(out)["total"] == 40


def test_sample_in_place_of_plan(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "dump", "--sample", "--period", "2026-09")
    assert code == 0 and json.loads(out)["plan"]["period"] == "2026-09"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["dump", "{tmp}/missing.nhp"], "no such plan file"),
        (["summary", "{json}"], "is not an NHP Planner plan file"),
        (["import", "{tmp}/missing.json", "--plan", "{tmp}/p.nhp"], "no such file"),
        (["import", "{tmp}/notes.txt", "--plan", "{tmp}/p.nhp"], "no table of deliverables found"),
        (["import", "{tmp}/notes.md", "--plan", "{tmp}/p.nhp"], "'.md' is not one"),
        (["dump"], "Name a plan file"),
        (["dump", "{json}", "--sample"], "not both"),
        (["dump", "--sample", "--period", "2020-01"], "has no 2020-01 period"),
        (["new", "{tmp}/notes.nhp"], "already exists"),
        (["new", "{tmp}/notes.txt"], "name ends in .nhp, not .txt"),
    ],
)
def test_errors_are_one_sentence_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    for name in ("notes.txt", "notes.md", "notes.nhp"):
        (tmp_path / name).write_text("hello")
    filled = [a.format(tmp=tmp_path, json=FIXTURE_JSON) for a in args]
    code, out, err = run(capsys, *filled)
    assert code == 1 and out == ""
    assert err.startswith("error: ") and message in err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert not (tmp_path / "p.nhp").exists()


def test_bad_arguments_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["summary", "--sample", "--period", "January"])
    assert caught.value.code == 2
    assert "is not a reporting period" in capsys.readouterr().err


def test_a_usage_mistake_is_said_in_one_line_and_where_the_options_are(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """board-pack's usage is 25 lines (its cover options); printed above the error, the one line
    that said what was wrong was lost under it."""
    with pytest.raises(SystemExit) as caught:
        main(["board-pack", "--sample"])
    assert caught.value.code == 2
    assert capsys.readouterr().err == (
        "nhp-planner board-pack: error: the following arguments are required: --out\n"
        "Run 'nhp-planner board-pack --help' for its options.\n"
    )


def test_main_py_runs_the_same_command() -> None:
    result = subprocess.run(
        [sys.executable, str(REPO / "main.py"), "summary", "--sample", "--json"],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["total"] == 40


def test_the_program_exits_with_the_commands_status_after_freezing_what_it_made(
    plan_file: Path,
) -> None:
    """``nhp-planner`` (cli.run) ends as main returns, having put the objects it made out of
    the shutdown's collection (issue 22: 10-40 ms of every command); exit handlers still run."""
    code = (
        "import atexit, gc, sys\n"
        "from nhp_planner.cli import run\n"
        "atexit.register(lambda: print('frozen', gc.get_freeze_count() > 0))\n"
        "sys.argv = ['nhp-planner', *sys.argv[1:]]\n"
        "run()\n"
    )
    ran = subprocess.run(
        [sys.executable, "-c", code, "summary", str(plan_file)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert ran.returncode == 0 and ran.stdout.endswith("frozen True\n"), ran.stderr
    refused = subprocess.run(
        [sys.executable, "-c", code, "summary", str(plan_file.with_name("none.nhp"))],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert refused.returncode == 1 and refused.stderr.startswith("error: ")


def test_output_closed_early_is_one_sentence_not_a_traceback(plan_file: Path) -> None:
    """``nhp-planner dump plan | head -1``: the reader goes before the output is written."""
    process = subprocess.Popen(
        [sys.executable, "-m", "nhp_planner", "dump", str(plan_file), "--history"],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # as head does once it has its line
    err = process.stderr.read()
    process.stderr.close()
    assert process.wait(60) == 1
    assert err == "error: the output was closed before all of it was written.\n"


def test_our_bug_is_one_line_and_its_traceback_goes_to_the_log(tmp_path: Path) -> None:
    """The log file is opened only when there is something to log; then it holds the traceback."""
    state = tmp_path / "state"
    broken = (
        "import sys\n"
        "import nhp_planner.cli as cli\n"
        "def broken(args):\n"
        "    raise RuntimeError('a bug of ours')\n"
        "cli.cmd_summary = broken\n"
        "sys.exit(cli.main(['summary', '--sample']))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", broken],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
        env={**os.environ, "XDG_STATE_HOME": str(state)},
    )
    logs = list(state.rglob("nhp-planner.log"))
    assert result.returncode == 1 and len(logs) == 1
    assert result.stderr == (
        "error: NHP Planner hit an unexpected problem (RuntimeError: a bug of ours); "
        f"details are in {logs[0]}.\n"
    )
    text = logs[0].read_text(encoding="utf-8")
    assert "ERROR nhp_planner.cli: Unexpected error running ['summary', '--sample']" in text
    assert "Traceback (most recent call last)" in text and "RuntimeError: a bug of ours" in text


def _helps(parser: argparse.ArgumentParser) -> Iterator[tuple[str, str, str]]:
    """Each parser's program, usage and help, and its sub-commands' parsers', in order."""
    yield parser.prog, parser.format_usage(), parser.format_help()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                yield from _helps(sub)


@pytest.mark.parametrize("columns", ["30", "80", "123", "250"])
def test_help_and_usage_are_argparses_own_at_any_width(
    monkeypatch: pytest.MonkeyPatch, columns: str
) -> None:
    """Start-up (issue 22): the parser asks the terminal's width only to format help; what it
    prints is what argparse's own parser and formatter print."""
    import nhp_planner.cli as cli

    monkeypatch.setenv("COLUMNS", columns)
    ours = [list(_helps(cli.build_parser())), list(_helps(cli.build_gui_parser()))]
    monkeypatch.setattr(cli, "ArgumentParser", argparse.ArgumentParser)
    argparses = [list(_helps(cli.build_parser())), list(_helps(cli.build_gui_parser()))]
    assert ours == argparses and len(ours[0]) > 30


def test_sigterm_stops_a_command_as_ctrl_c_does() -> None:
    """SIGTERM while a command runs ends it through its clean-up, with one sentence."""
    stopped = (
        "import os, signal, sys, time\n"
        "import nhp_planner.cli as cli\n"
        "def stopped(args):\n"
        "    os.kill(os.getpid(), signal.SIGTERM)\n"
        "    time.sleep(30)\n"
        "cli.cmd_summary = stopped\n"
        "sys.exit(cli.main(['summary', '--sample']))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", stopped], capture_output=True, text=True, check=False, cwd=REPO
    )
    assert (result.returncode, result.stderr) == (130, "error: interrupted.\n")


def test_a_command_runs_in_a_thread_other_than_the_main_one(plan_file: Path) -> None:
    """Only the main thread may handle signals: called in another, a command runs without
    handling SIGTERM and SIGHUP itself."""
    before = signal.getsignal(signal.SIGTERM)
    codes: list[int] = []
    with contextlib.redirect_stdout(io.StringIO()) as out:
        thread = threading.Thread(target=lambda: codes.append(main(["summary", str(plan_file)])))
        thread.start()
        thread.join()
    assert codes == [0] and "All objectives" in out.getvalue()
    assert signal.getsignal(signal.SIGTERM) is before


def test_a_merge_clearing_a_finished_process_lock_logs_it(tmp_path: Path, plan_file: Path) -> None:
    """A merge clearing the lock a finished process left writes that to the log."""
    from nhp_planner.model.plan_lock import lock_path

    copy = tmp_path / "copy.nhp"
    assert main(["copy", str(plan_file), "--out", str(copy)]) == 0
    ended = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    lock = {"user": "alice", "host": os.uname().nodename, "pid": int(ended.stdout)}
    lock_path(plan_file).write_text(
        json.dumps({**lock, "started": None, "program": "nhp-planner", "since": ""})
    )
    state = tmp_path / "state"
    subprocess.run(
        [sys.executable, "-m", "nhp_planner", "merge", str(plan_file), "--from", str(copy)],
        capture_output=True,
        check=True,
        cwd=REPO,
        env={**os.environ, "XDG_STATE_HOME": str(state)},
    )
    (log,) = state.rglob("nhp-planner.log")
    assert log.read_text(encoding="utf-8").endswith(
        " INFO nhp_planner.model.plan_lock: Clearing the lock of the nhp-planner of alice on "
        f"this computer (process {lock['pid']}), which is no longer running\n"
    )


IMPORT_IT = " (to make a plan of it: nhp-planner import {typed} --plan {plan})."


@pytest.mark.parametrize(
    ("typed", "told"),
    [
        ("plan.json", ", not .json" + IMPORT_IT),
        ("T.XLSX", ", not .XLSX" + IMPORT_IT),
        ("pack.pdf", ", not .pdf."),
    ],
)
def test_new_plan_named_as_another_document_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], typed: str, told: str
) -> None:
    """`new plan.json` made an SQLite plan named plan.json, which `import` then refused as
    a plan JSON that is "not valid JSON", and a spreadsheet program as a damaged workbook."""
    code, out, err = run(capsys, "new", tmp_path / typed)
    assert code == 1
    assert out == ""
    plan = (tmp_path / typed).with_suffix(".nhp")
    told = told.format(typed=tmp_path / typed, plan=plan)
    assert err == f"error: {tmp_path / typed}: a plan file's name ends in .nhp{told}\n"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("typed", "made"),
    [("n1", "n1.nhp"), ("Plan.NHP", "Plan.NHP"), ("p.nhp", "p.nhp"), ("n2.v2", "n2.v2.nhp")],
)
def test_new_plan_named_without_its_suffix_gets_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], typed: str, made: str
) -> None:
    """A plan typed as "n1" was made as "n1", which the window's Open dialog (filtered to
    .nhp) then did not show."""
    code, out, _ = run(capsys, "new", tmp_path / typed)
    assert code == 0
    assert out.startswith(f"Created {tmp_path / made} (")
    assert sorted(p.name for p in tmp_path.iterdir()) == [made]
    code, out, _ = run(capsys, "summary", tmp_path / made)
    assert code == 0
