"""`nhp-planner board-pack`: the pack, its page count, the stored cover fields, its errors."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest

from nhp_planner import cli
from nhp_planner.model.store import PlanStore
from nhp_planner.sample import sample_store
from tests.cli_run import run

REPO = Path(__file__).resolve().parents[2]


def pdf_text(path: Path) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in pypdf.PdfReader(path).pages)


def test_sample_pack_reports_its_page_count(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "pack.pdf"
    code, stdout, stderr = run(capsys, "board-pack", "--sample", "--out", out)
    assert code == 0, stderr
    pages = len(pypdf.PdfReader(out).pages)
    assert stdout == f"Wrote {out} ({pages} pages; November 2026; as at 26 November 2026).\n"
    assert stderr == ""
    text = pdf_text(out)
    with sample_store() as store:
        for deliverable in store.deliverables():
            assert re.search(rf"(?<![\d.]){re.escape(deliverable.ref)}(?!\d)", text)
    for word in ("GREEN", "AMBER", "RED", "Complete/established", "Movement since October 2026"):
        assert word in text
    assert f"Page {pages} of {pages}" in text


def test_an_earlier_period_compares_with_the_one_before_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "pack.pdf"
    code, stdout, _ = run(capsys, "board-pack", "--sample", "--out", out, "--period", "2026-10")
    assert code == 0 and "October 2026" in stdout
    text = pdf_text(out)
    assert "Movement since September 2026" in text
    assert "Summary position (October 2026)" in text


def test_cover_options_are_stored_with_the_plan(
    tmp_path: Path, plan_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "pack.pdf"
    code, _, stderr = run(
        capsys,
        "board-pack",
        plan_file,
        "--out",
        out,
        "--committee",
        "Police Authority Board",
        "--dated",
        "12 March 2024",
        "--non-public",
        "--report-of",
        "Commissioner of Police",
        "--report-author",
        "Insp. Jane Doe <jane@example.org>",
        "--purpose",
        "decision",
        "--recommendation",
        "Members are asked to approve the plan.",
        "--recommendation",
        "Members are asked to note the risks & issues.",
    )
    assert code == 0, stderr
    with PlanStore.open(plan_file, read_only=True) as store:
        cover = store.plan().cover
    assert cover.committees == "Police Authority Board"
    assert cover.public == "Non-public"
    assert cover.purpose == "For Decision"
    assert cover.recommendations == (
        "Members are asked to approve the plan.\nMembers are asked to note the risks & issues."
    )
    # A later pack without options keeps the stored fields.
    again = tmp_path / "again.pdf"
    assert run(capsys, "board-pack", plan_file, "--out", again)[0] == 0
    text = pdf_text(again)
    for printed in (
        "Police Authority Board",
        "12 March 2024",
        "Non-public",
        "Commissioner of Police",
        "Insp. Jane Doe <jane@example.org>",
        "For Decision",
        "Members are asked to note the risks & issues.",
    ):
        assert printed in text


def test_a_plan_made_from_the_sample_prints_the_samples_cover(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`new --sample` made the sample's deliverables without its cover: its pack's cover
    had no committee, reference, author or sign-off, where `board-pack --sample` had them."""
    plan = tmp_path / "Harrowdale.nhp"
    assert run(capsys, "new", plan, "--sample")[0] == 0
    from_sample, from_plan = tmp_path / "sample.pdf", tmp_path / "plan.pdf"
    code, _, sample_err = run(capsys, "board-pack", "--sample", "--out", from_sample)
    assert code == 0, sample_err
    code, _, plan_err = run(capsys, "board-pack", plan, "--out", from_plan)
    assert code == 0, plan_err
    assert plan_err == sample_err  # the same cover fields (none) named as blank

    def cover(path: Path) -> str:
        return " ".join(pypdf.PdfReader(path).pages[0].extract_text().split())

    printed = cover(from_plan)
    assert printed == cover(from_sample)
    for field in ("Strategic Planning and Performance Committee", "HC 41-26", "Chief Constable"):
        assert field in printed


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--period", "2025-01"], "error: The plan has no 2025-01 period"),
        (["--out", "missing/pack.pdf"], "error: Cannot write the board pack in"),
    ],
)
def test_errors_are_one_line_on_stderr(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    command = ["board-pack", "--sample", "--out", "pack.pdf", *args]
    code, stdout, stderr = run(capsys, *command)
    assert code == 1
    assert stdout == ""
    assert stderr.startswith(message) and stderr.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


def test_a_plan_and_sample_together_is_an_error(
    plan_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, stderr = run(capsys, "board-pack", plan_file, "--sample", "--out", tmp_path / "p.pdf")
    assert code == 1 and "not both" in stderr


def test_long_packs_show_progress_on_stderr(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(cli, "PROGRESS_FROM", 1)
    code, stdout, stderr = run(capsys, "board-pack", "--sample", "--out", tmp_path / "p.pdf")
    assert code == 0 and stdout.startswith("Wrote")
    lines = stderr.split()
    assert "0%" in lines and "100%" in lines
    assert stderr.startswith("Building the board pack: 0%")


def test_the_installed_command_writes_the_sample_pack(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "nhp_planner", "board-pack", "--sample", "--out", "pack.pdf"],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr
    pages = len(pypdf.PdfReader(tmp_path / "pack.pdf").pages)
    assert result.stdout.strip() == (
        f"Wrote pack.pdf ({pages} pages; November 2026; as at 26 November 2026)."
    )


def test_blank_cover_fields_are_named_one_line_each_and_strict_refuses(
    tmp_path: Path, plan_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "pack.pdf"
    code, stdout, stderr = run(capsys, "board-pack", plan_file, "--out", out)
    assert code == 0
    assert stdout.endswith(" pages; January 2024; as at 31 January 2024).\n")
    lines = stderr.splitlines()
    assert "warning: Committee(s): left blank on the cover." in lines
    assert "warning: Dated: left blank on the cover." in lines
    assert all(line.startswith("warning: ") for line in lines)
    strict = tmp_path / "strict.pdf"
    code, stdout, stderr = run(capsys, "board-pack", plan_file, "--out", strict, "--strict")
    assert code == 1 and stdout == "" and not strict.exists()
    assert stderr.splitlines()[-1].startswith("error: The cover has ")
    # Filled in, the same paper is written under --strict.
    code, _, stderr = run(
        capsys,
        "board-pack",
        plan_file,
        "--out",
        strict,
        "--strict",
        "--committee",
        "Strategic Planning and Performance Committee",
        "--dated",
        "22 February 2024",
        "--outcomes",
        "People are Safe and Feel Safe",
        "--report-of",
        "Commissioner of Police",
        "--reference",
        "Pol 23-24",
        "--report-author",
        "Rob Atkin, T/Commander, Operations and Security",
        "--signoff-name",
        "Rob Atkin",
    )
    assert code == 0, stderr
    assert stderr == ""
    assert "Position as at 22 February 2024" in pdf_text(strict)


def test_as_at_sets_the_day_of_every_figure(
    tmp_path: Path, plan_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "pack.pdf"
    code, stdout, _ = run(capsys, "board-pack", plan_file, "--out", out, "--as-at", "22/02/2024")
    assert code == 0 and stdout.endswith("; as at 22 February 2024).\n")
    text = pdf_text(out)
    assert "none overdue as at 22 February 2024" in text
    with pytest.raises(SystemExit) as exited:
        run(capsys, "board-pack", plan_file, "--out", out, "--as-at", "soon")
    assert exited.value.code == 2
    assert "'soon' is not a date" in capsys.readouterr().err


def test_paper_writes_the_word_document(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import docx

    out = tmp_path / "paper.docx"
    code, stdout, stderr = run(capsys, "paper", "--sample", "--out", out)
    assert code == 0, stderr
    assert stdout == f"Wrote {out} (November 2026; as at 26 November 2026).\n"
    assert stderr == ""
    document = docx.Document(str(out))
    assert document.core_properties.title == "Neighbourhood Policing Strategy Delivery Plan"
    code, _, stderr = run(
        capsys,
        "paper",
        "--sample",
        "--out",
        tmp_path / "x.docx",
        "--template",
        tmp_path / "no.docx",
    )
    assert code == 1 and stderr.startswith("error: The Word template")


def test_an_earlier_periods_cover_is_not_changed_from_the_command_line(
    tmp_path: Path, plan_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "period", "new", plan_file)[0] == 0
    code, stdout, stderr = run(
        capsys,
        "board-pack",
        plan_file,
        "--out",
        tmp_path / "jan.pdf",
        "--period",
        "2024-01",
        "--dated",
        "1 April 2024",
    )
    assert code == 1 and stdout == ""
    assert stderr.startswith("error: January 2024's cover is kept as its meeting had it")


@pytest.mark.parametrize(
    ("command", "name", "message"),
    [
        (
            "board-pack",
            "pack.txt",
            "pack.txt: a board pack is a PDF, so its name must end in .pdf.",
        ),
        ("board-pack", "pack", "pack: a board pack is a PDF, so its name must end in .pdf."),
        (
            "paper",
            "paper.pdf",
            "paper.pdf: the paper is a Word document, so its name must end in .docx.",
        ),
    ],
)
def test_an_output_named_for_another_program_is_refused_before_the_plan_changes(
    tmp_path: Path,
    plan_file: Path,
    capsys: pytest.CaptureFixture[str],
    command: str,
    name: str,
    message: str,
) -> None:
    """A PDF written as "pack.txt" opened in a text editor as rubbish; and a cover option given
    with it was stored though no pack came of it."""
    before = plan_file.read_bytes()
    out = tmp_path / name
    args = ["--committee", "Police Authority Board"] if command == "board-pack" else []
    code, stdout, stderr = run(capsys, command, plan_file, "--out", out, *args)
    assert code == 1
    assert stdout == ""
    assert stderr == f"error: {tmp_path / message}\n"
    assert not out.exists()
    assert plan_file.read_bytes() == before
