"""The command line with no command: it opens the window, quickly (issue 22)."""

from __future__ import annotations

import argparse
import json

import pytest

from nhp_planner import cli
from nhp_planner.cli import main


@pytest.mark.parametrize(
    ("args", "plan", "sample"),
    [([], None, False), (["--sample"], None, True), (["harrowdale.nhp"], "harrowdale.nhp", False)],
    ids=["nothing", "--sample", "a plan"],
)
def test_no_command_opens_the_window(
    monkeypatch: pytest.MonkeyPatch, args: list[str], plan: str | None, sample: bool
) -> None:
    opened: list[tuple[str | None, bool]] = []

    def window(parsed: argparse.Namespace) -> int:
        opened.append((parsed.plan, parsed.sample))
        return 0

    monkeypatch.setattr(cli, "cmd_gui", window)
    assert main(args) == 0
    assert opened == [(plan, sample)]


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
