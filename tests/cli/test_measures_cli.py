"""``nhp-planner measures …`` and the exceptions in ``summary --json``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from nhp_planner.model.measures import MeasurePeriod
from nhp_planner.model.store import PlanStore
from tests.cli_run import run
from tests.io.tracker_builders import write_workbook

Q = MeasurePeriod.quarter
#: A made-up history before the agenda pack's four quarters; 489 is its Q2 2022/23 peak.
HISTORY = [
    ("Q3 2020/21", 452),
    ("Q4 2020/21", 470),
    ("Q2 2021/22", 489),
    ("Q3 2021/22", 463),
    ("Q4 2021/22", 476),
    ("Q1 2022/23", 468),
    ("Q2 2022/23", 489),
    ("Q3 2022/23", 455),
    ("Q4 2022/23", 413),
    ("Q1 2023/24", 428),
    ("Q2 2023/24", 371),
    ("Q3 2023/24", 409),
]


@pytest.fixture
def plan(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "plan.nhp"
    assert run(capsys, "new", path, "--period", "2024-01")[0] == 0
    code, out, err = run(
        capsys,
        "measures",
        "add",
        path,
        "--name",
        "Reduce Neighbourhood Crime",
        "--frequency",
        "quarterly",
        "--polarity",
        "lower",
        "--target",
        "420",
    )
    assert code == 0, err
    assert out == "Added the quarterly measure 'Reduce Neighbourhood Crime' (lower is better).\n"
    return path


def test_set_values_and_list_the_exceptions(plan: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for period, value in HISTORY:
        code, _, err = run(
            capsys, "measures", "set", plan, "reduce neighbourhood crime", period, str(value)
        )
        assert code == 0, err
    code, out, _ = run(
        capsys,
        "measures",
        "set",
        plan,
        "Reduce Neighbourhood Crime",
        "Q3 23/24",
        "--reasons",
        "Neighbourhood crime has increased by 9% (+38).",
    )
    assert out == "Reduce Neighbourhood Crime, Q3 2023/24: 409.\n"
    code, out, _ = run(capsys, "measures", "list", plan, "--as-at", "2024-02-22")
    assert code == 0
    assert out.splitlines() == [
        "Reduce Neighbourhood Crime",
        "  Quarterly; lower is better; target 420",
        "  Q3 2023/24: 409, up 10% (+38) since Q2 2023/24; down 10% (-46) since Q3 2022/23.",
        "  Q2 2023/24 (371): below the lower limit (improvement).",
    ]
    code, out, _ = run(capsys, "summary", plan, "--json")
    [measure] = json.loads(out)["measures"]
    assert measure["name"] == "Reduce Neighbourhood Crime"
    assert measure["exceptions"] == [
        {
            "period": "Q2 2023/24",
            "value": 371.0,
            "rules": ["below_limit"],
            "judgements": ["improvement"],
        }
    ]


def test_a_value_is_cleared_not_zeroed(plan: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "measures", "set", plan, "Reduce Neighbourhood Crime", "Q3 2023/24", "409")
    code, out, _ = run(
        capsys, "measures", "set", plan, "Reduce Neighbourhood Crime", "Q3 2023/24", "--clear"
    )
    assert code == 0
    assert out == "Reduce Neighbourhood Crime, Q3 2023/24: no value.\n"
    with PlanStore.open(plan, read_only=True) as store:
        assert store.measures()[0].values == {}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["Burglary", "Q3 2023/24", "5"],
            "no measure 'Burglary' (its measures: 'Reduce Neighbourhood Crime')",
        ),
        (["Reduce Neighbourhood Crime", "2024-01", "5"], "'2024-01' is not a quarterly period"),
        (
            ["Reduce Neighbourhood Crime", "Q3 2023/24"],
            "Give a VALUE, --clear, --reasons or --response.",
        ),
    ],
)
def test_bad_sets_say_why(
    plan: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, _, err = run(capsys, "measures", "set", plan, *args)
    assert code == 1
    assert err.startswith("error: ") and message in err


def test_import_previews_then_applies_and_export_writes_it_back(
    plan: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tracker = write_workbook(
        tmp_path / "tracker.xlsx",
        [
            (
                "Q3",
                [
                    ["Policing Plan Performance Q3 2023-24"],
                    [],
                    ["Measure", "Q4 2022/23", "Q1 2023/24", "Q2 2023/24", "Q3 2023/24"],
                    ["Reduce Neighbourhood Crime", 413, 428, 371, 409],
                    ["Reduce Violent Crime", 357, 353, 368, 447],
                ],
            )
        ],
    )
    code, out, _ = run(capsys, "measures", "import", tracker, "--plan", plan, "--dry-run")
    assert code == 0
    assert "Reduce Violent Crime (new measure): 4 values added" in out
    assert out.endswith("Nothing written (--dry-run).\n")
    with PlanStore.open(plan, read_only=True) as store:
        assert store.measures()[0].values == {}
    code, out, _ = run(capsys, "measures", "import", tracker, "--plan", plan)
    assert code == 0 and out.endswith("Imported.\n")
    with PlanStore.open(plan, read_only=True) as store:
        assert [len(m.values) for m in store.measures()] == [4, 4]
    out_file = tmp_path / "out.xlsx"
    code, out, _ = run(capsys, "measures", "export", plan, "--out", out_file)
    assert code == 0 and "2 measures, 8 values" in out
    code, out, _ = run(capsys, "measures", "import", out_file, "--plan", plan)
    assert "0 values added, 0 changed, 4 unchanged" in out and out.endswith("Nothing to change.\n")


def test_a_bad_tracker_is_refused_in_one_sentence(
    plan: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tracker = write_workbook(
        tmp_path / "bad.xlsx",
        [("Q3", [["Measure", "Q3 2023/24"], ["Reduce Neighbourhood Crime", "lots"]])],
    )
    code, out, err = run(capsys, "measures", "import", tracker, "--plan", plan)
    assert code == 1 and out == ""
    assert err == (
        f"error: {tracker}: sheet 'Q3', row 2, column B: 'lots' is not a number; write the "
        "value as a number, or leave the cell blank (or n/a) when there is none.\n"
    )


@pytest.mark.parametrize("suffix", [".png", ".pdf"])
def test_chart_writes_the_picture_and_says_it_in_words(
    plan: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], suffix: str
) -> None:
    for period, value in HISTORY:
        run(capsys, "measures", "set", plan, "Reduce Neighbourhood Crime", period, str(value))
    out_file = tmp_path / f"chart{suffix}"
    code, out, _ = run(
        capsys,
        "measures",
        "chart",
        plan,
        "--measure",
        "Reduce Neighbourhood Crime",
        "--out",
        out_file,
        "--as-at",
        "2024-02-22",
    )
    assert code == 0
    assert out.startswith(
        "SPC chart of Reduce Neighbourhood Crime, quarterly, Q3 2020/21 to Q3 2023/24"
    )
    assert "Exceptions: Q2 2023/24 (371): below the lower limit (improvement)." in out
    if suffix == ".png":
        with Image.open(out_file) as image:
            assert image.size[0] > 600
    else:
        assert "Q3 2023/24" in PdfReader(out_file).pages[0].extract_text()


def test_the_board_pack_and_word_paper_print_the_measures(
    plan: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import docx

    for period, value in HISTORY:
        run(capsys, "measures", "set", plan, "Reduce Neighbourhood Crime", period, str(value))
    pack = tmp_path / "pack.pdf"
    code, _, err = run(capsys, "board-pack", plan, "--out", pack, "--as-at", "22/02/2024")
    assert code == 0, err
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(pack).pages)
    assert "Performance measures" in text
    assert "Q2 2023/24 (371): below the lower limit (improvement)." in text
    paper = tmp_path / "paper.docx"
    code, _, err = run(capsys, "paper", plan, "--out", paper, "--as-at", "22/02/2024")
    assert code == 0, err
    descriptions = [s._inline.docPr.get("descr") for s in docx.Document(str(paper)).inline_shapes]
    assert any(d.startswith("SPC chart of Reduce Neighbourhood Crime") for d in descriptions)
