"""The command line with no command: it opens the window, quickly (issue 22)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from nhp_planner import cli
from nhp_planner.cli import main


@pytest.mark.parametrize(
    ("args", "plan", "sample"),
    [([], None, False), (["--sample"], None, True), (["harrowdale.nhp"], "harrowdale.nhp", False)],
    ids=["nothing", "--sample", "a plan"],
)
def test_no_command_opens_the_window(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    args: list[str],
    plan: str | None,
    sample: bool,
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "harrowdale.nhp").write_bytes(b"")
    opened: list[tuple[str | None, bool]] = []

    def window(parsed: argparse.Namespace) -> int:
        opened.append((parsed.plan, parsed.sample))
        return 0

    monkeypatch.setattr(cli, "cmd_gui", window)
    assert main(args) == 0
    assert opened == [(plan, sample)]


@pytest.mark.parametrize(
    ("args", "status", "said"),
    [
        (
            ["sumary", "plan.nhp"],
            cli.EXIT_USAGE,
            "nhp-planner: error: 'sumary' is not a command; did you mean 'summary'?\n"
            "Run 'nhp-planner --help' for the commands.\n",
        ),
        (
            ["frobnicate"],
            cli.EXIT_ERROR,
            "error: frobnicate: there is no such plan file, nor a command "
            "('nhp-planner --help' lists the commands).\n",
        ),
        (
            ["harrowdale.nhp"],
            cli.EXIT_ERROR,
            "error: harrowdale.nhp: there is no such plan file "
            "('nhp-planner new harrowdale.nhp' makes one).\n",
        ),
    ],
    ids=["a mistyped command", "an unknown word", "a missing plan"],
)
def test_a_word_that_is_neither_a_plan_nor_a_command_is_said_before_any_window(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    status: int,
    said: str,
) -> None:
    """It opened the window on an error and then on the sample plan (or, for "sumary
    plan.nhp", complained of plan.nhp as an unrecognised argument)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "plan.nhp").write_bytes(b"")
    monkeypatch.setattr(cli, "cmd_gui", lambda parsed: pytest.fail("the window opened"))
    assert main(args) == status
    assert capsys.readouterr().err == said


@pytest.mark.parametrize("args", [[], ["--sample"]], ids=["nothing", "--sample"])
def test_the_window_starts_without_building_the_commands(
    monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    """The commands' parsers (and the paper's content their options name) are not built."""
    monkeypatch.setattr(cli, "cmd_gui", lambda parsed: 0)
    monkeypatch.setattr(cli, "build_parser", lambda *_: pytest.fail("the commands were built"))
    assert main(args) == 0


def test_a_command_name_still_runs_the_command(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(cli, "cmd_gui", lambda parsed: pytest.fail("the window opened"))
    assert main(["summary", "--sample", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["total"] == 40


def test_with_no_display_the_window_says_so_in_one_sentence(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Qt given no display aborts the process with a core dump; the command says what to do."""
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(cli, "_NEEDS_DISPLAY", True)
    assert main(["--sample"]) == cli.EXIT_ERROR
    err = capsys.readouterr().err
    assert err.startswith("error: there is no display to open the window on")
    assert "QT_QPA_PLATFORM=offscreen" in err and "xvfb-run" in err
    assert err.count("\n") == 1
