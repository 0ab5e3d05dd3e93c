"""How the board pack's tables meet the page ends: what each printed page carries, read back."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from nhp_planner.io.board_pack import build_board_pack
from nhp_planner.io.paper.content import build_paper
from nhp_planner.model.entities import Deliverable, Objective, Plan, PlanSnapshot
from nhp_planner.model.periods import ReportingPeriod
from nhp_planner.model.rag import Rag
from nhp_planner.sample import sample_store
from tests.io.test_board_pack import FIXTURE_TODAY, SAMPLE_TODAY, appendix_start, pages_text

#: A page a table runs onto last carries at least this many of its rows.
TAIL = 3
_ROW = re.compile(r"Commitment number \d+")


def _plan(count: int) -> PlanSnapshot:
    """Rows of different heights (one to five sentences), as months of updates make them."""
    rags = (Rag.GREEN, Rag.AMBER, Rag.RED, Rag.NOT_RATED)
    return PlanSnapshot(
        Plan(title="Tail plan"),
        ReportingPeriod(2024, 1),
        (Objective(1, "Prevent crime"), Objective(2, "Protect people")),
        tuple(
            Deliverable(
                f"{n % 2 + 1}.{n // 2 + 1}",
                n % 2 + 1,
                f"Commitment number {n}",
                "Partners met monthly to agree the ward priorities & review <progress>. "
                * (1 + n % 5),
                rags[n % 4],
                "31/12/2023" if n % 3 else "Ongoing",
            )
            for n in range(count)
        ),
    )


def test_a_table_that_fits_on_a_page_is_not_split_from_its_heading(tmp_path: Path) -> None:
    with sample_store() as store:
        snapshot, earlier = store.snapshot(), store.previous_period()
        assert earlier is not None
        previous = store.snapshot(earlier)
    out = tmp_path / "pack.pdf"
    result = build_board_pack(snapshot, out, previous=previous, as_at=SAMPLE_TODAY)
    movement = build_paper(snapshot, previous=previous, as_at_day=SAMPLE_TODAY).movement
    assert movement is not None and len(movement.changes) == 10
    texts = pages_text(result.path)
    [page] = [t for t in texts if "Changes since October 2026" in t]
    assert "10 deliverables changed RAG rating or date" in page
    for change in movement.changes:
        # The RAG change is worded only in this table: each on the heading's page.
        assert " ".join(change.rag_text.split()) in page, change.ref


@pytest.mark.parametrize("count", [14, 16, 24, 42])
def test_no_table_leaves_a_row_or_two_on_a_page_of_their_own(tmp_path: Path, count: int) -> None:
    snapshot = _plan(count)
    result = build_board_pack(snapshot, tmp_path / "pack.pdf", as_at=FIXTURE_TODAY)
    paper = build_paper(snapshot, as_at_day=FIXTURE_TODAY)
    texts = pages_text(result.path)
    rows = [len(_ROW.findall(t)) for t in texts]
    exceptions = next(i for i, t in enumerate(texts) if "Exceptions: RED, AMBER" in t)
    appendix = appendix_start(texts)
    assert rows[exceptions] > 0  # the title is not left alone on its page
    assert rows[appendix] > 0
    assert sum(rows[exceptions:appendix]) == sum(len(group.rows) for group in paper.exceptions)
    assert sum(rows[appendix:]) == count
    for first, last in ((exceptions, appendix - 1), (appendix, len(texts) - 1)):
        if last > first:  # the table ran onto more pages: its last carries a real tail
            assert rows[last] >= TAIL, (rows, first, last)


def test_a_long_summary_says_continued_once_on_each_page_it_runs_onto(tmp_path: Path) -> None:
    sentences = [
        f"Update s{n:03d} (12/01/2024): the ward panel & partners agreed <next> steps for the "
        "Riverside estate, with the council's licensing team and the housing provider."
        for n in range(60)
    ]
    summary = "\n".join(" ".join(sentences[p : p + 5]) for p in range(0, 60, 5))
    assert summary.count("\n") == 11 and len(summary) > 9_000
    plan = _plan(6)
    long = Deliverable("1.2", 1, "We will hold a long review", summary, Rag.RED, "TBC")
    rows = (*plan.deliverables[:2], long, *plan.deliverables[3:])
    snapshot = PlanSnapshot(plan.plan, plan.period, plan.objectives, rows)
    result = build_board_pack(snapshot, tmp_path / "pack.pdf", as_at=FIXTURE_TODAY)
    texts = pages_text(result.path)
    appendix = appendix_start(texts)
    exceptions = next(i for i, t in enumerate(texts) if "Exceptions: RED, AMBER" in t)
    for section in (texts[exceptions:appendix], texts[appendix:]):
        crossed = [t for t in section if re.search(r"\bs\d{3}\b", t)]
        assert len(crossed) >= 3  # the summary runs over several pages
        assert set(re.findall(r"\bs\d{3}\b", " ".join(crossed))) == {f"s{n:03d}" for n in range(60)}
        markers = [len(re.findall(r"(?<![\d.])1\.2 \(continued\)", t)) for t in crossed]
        assert markers == [0] + [1] * (len(crossed) - 1)
