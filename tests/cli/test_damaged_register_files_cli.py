"""`findings`, `actions` and `measures import`, and `paper --template`, given damaged files.

Each run is refused with one line on stderr naming the file (and where in it), exit
status 1, no "unexpected problem", and the plan file byte for byte as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from nhp_planner.cli import main
from tests.io.test_register_files_damaged import (
    TEMPLATES,
    agenda_table,
    cut_in_half,
    findings_tracker,
    with_sheet_text,
    word_template,
)
from tests.io.tracker_builders import (
    corrupted,
    encrypted_workbook,
    entity_bomb,
    truncated,
    with_shared_strings,
    write_workbook,
)
from tests.registers.sppc_2024_02 import PEEL_2022


def _plan_bytes(plan: Path) -> tuple[bytes, bytes]:
    """The plan file's bytes and its log's (SQLite may leave an empty log beside it)."""
    log = plan.with_name(plan.name + "-wal")
    return plan.read_bytes(), log.read_bytes() if log.exists() else b""


def _refused(capsys: pytest.CaptureFixture[str], plan: Path, *args: str | Path) -> str:
    """Run a command that must be refused; its one line of error, the plan unchanged."""
    before = _plan_bytes(plan)
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    assert code == 1, out
    assert err.count("\n") == 1 and err.startswith("error: "), err
    assert "unexpected problem" not in err and "Traceback" not in err
    assert _plan_bytes(plan) == before
    return err


def _measures(path: Path) -> Path:
    return write_workbook(
        path,
        [
            (
                "Q3 23-24",
                [
                    ["Success Measure", "Q1 2023/24", "Q2 2023/24", "Q3 2023/24"],
                    ["Reduce Neighbourhood Crime", 428, 371, 409],
                    ["Reduce Violent Crime", 353, 368, 447],
                ],
            )
        ],
    )


Damage = Callable[[Path, Path], Path]

DAMAGED: list[tuple[str, Damage]] = [
    ("empty", lambda good, out: (out.write_bytes(b""), out)[1]),
    ("first 3 KB", lambda good, out: (out.write_bytes(good.read_bytes()[:3072]), out)[1]),
    ("truncated download", lambda good, out: truncated(good, out)),
    ("sheet cut in half", lambda good, out: cut_in_half(good, out, "xl/worksheets/sheet1.xml")),
    ("sheet overwritten", lambda good, out: corrupted(good, out)),
    ("a PDF", lambda good, out: (out.write_bytes(b"%PDF-1.7\n%%EOF\n"), out)[1]),
    ("bomb in the sheet", lambda good, out: entity_bomb(good, out, "xl/worksheets/sheet1.xml")),
    (
        "bomb in the shared strings",
        lambda good, out: entity_bomb(
            with_shared_strings(good, out.with_name("shared.xlsx")), out, "xl/sharedStrings.xml"
        ),
    ),
    ("password-protected", lambda good, out: encrypted_workbook(out)),
    ("a folder", lambda good, out: (out.mkdir(), out)[1]),
]

IMPORTS: list[tuple[str, Callable[[Path], Path], tuple[str, ...]]] = [
    ("findings", findings_tracker, ("findings", "import")),
    ("actions", agenda_table, ("actions", "import")),
    ("measures", _measures, ("measures", "import")),
]


@pytest.mark.parametrize(
    ("build", "command"), [i[1:] for i in IMPORTS], ids=[i[0] for i in IMPORTS]
)
@pytest.mark.parametrize("damage", [d[1] for d in DAMAGED], ids=[d[0] for d in DAMAGED])
def test_a_damaged_tracker_is_one_sentence_and_the_plan_is_unchanged(
    tmp_path: Path,
    plan_file: Path,
    capsys: pytest.CaptureFixture[str],
    build: Callable[[Path], Path],
    command: tuple[str, ...],
    damage: Damage,
) -> None:
    source = damage(build(tmp_path / "good.xlsx"), tmp_path / "tracker.xlsx")
    err = _refused(capsys, plan_file, *command, source, "--plan", plan_file)
    assert f"error: {source}: " in err


def test_a_finding_of_a_megabyte_is_refused_naming_its_cell(
    tmp_path: Path, plan_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = PEEL_2022[0][2]
    huge = with_sheet_text(
        findings_tracker(tmp_path / "peel.xlsx"), tmp_path / "huge.xlsx", text[:40], "x" * (1 << 20)
    )
    err = _refused(capsys, plan_file, "findings", "import", huge, "--plan", plan_file)
    assert err.startswith(
        f"error: {huge}: sheet 'PEEL tracker', row 3, column C (Recommendation/AFI): is "
        f"{(1 << 20) + len(text) - 40:,} characters long, more than the 32,767 an Excel cell holds"
    )


@pytest.mark.parametrize(
    ("damage", "says"), [t[1:] for t in TEMPLATES], ids=[t[0] for t in TEMPLATES]
)
def test_a_damaged_word_template_is_one_sentence_and_nothing_is_written(
    tmp_path: Path,
    plan_file: Path,
    capsys: pytest.CaptureFixture[str],
    damage: Callable[[Path, Path], Path],
    says: str,
) -> None:
    template = damage(word_template(tmp_path / "house.docx"), tmp_path / "template.docx")
    paper = tmp_path / "paper.docx"
    err = _refused(capsys, plan_file, "paper", plan_file, "--out", paper, "--template", template)
    assert err.startswith(f"error: The Word template {template} cannot be read: {says}")
    assert not paper.exists()
