"""How the board pack's tables meet the page ends: what each printed page carries, read back."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import ImageOps
from reportlab.lib.units import mm
from reportlab.platypus import NextPageTemplate, PageBreak, Spacer

from nhp_planner.io.board_pack import build_board_pack
from nhp_planner.io.board_pack.document import build_document
from nhp_planner.io.board_pack.progress import Progress
from nhp_planner.io.board_pack.styles import (
    BODY,
    CELL,
    FOOTER_BAND,
    HEADER_BAND,
    HEADING,
    LANDSCAPE_FRAME_HEIGHT,
    LANDSCAPE_WIDTH,
    MARGIN,
    register_fonts,
)
from nhp_planner.io.board_pack.tables import Column, PagedTable
from nhp_planner.io.board_pack.text import para
from nhp_planner.io.paper.content import DocumentInfo, RowGroup, build_paper
from nhp_planner.model.entities import Deliverable, Objective, Plan, PlanSnapshot
from nhp_planner.model.periods import ReportingPeriod
from nhp_planner.model.rag import Rag
from nhp_planner.sample import sample_store
from tests.io.test_board_pack import FIXTURE_TODAY, SAMPLE_TODAY, appendix_start, pages_text

#: A page a table runs onto last carries at least this many of its rows.
TAIL = 3
#: A heading at a page's foot has at least this many rows of its group below it.
UNDER_HEADING = 2
#: The most of a page a table's move to the next page may leave blank.
MOST_BLANK = 1 / 3
#: The changes table's column titles, the header row repeated on each page it runs onto.
CHANGES_HEADER = "Ref Deliverable RAG Date"
_ROW = re.compile(r"Commitment number \d+")
_TITLES = ("Prevent crime", "Protect people", "Build intelligence", "Earn trust", "Reduce harm")
_RAGS = (Rag.GREEN, Rag.AMBER, Rag.RED, Rag.NOT_RATED)
_LONG = (
    "we will agree with the council, the housing providers and every ward panel a shared plan "
    "for the estates where anti-social behaviour & repeat calls are highest, review it at each "
    "quarterly panel, publish what changed for residents, and report <progress> to the board "
    "with the partnership's own figures beside ours, ward by ward and month by month."
)


def _plan(count: int, objectives: int = 2) -> PlanSnapshot:
    """Rows of different heights (one to five sentences), as months of updates make them."""
    return PlanSnapshot(
        Plan(title="Tail plan"),
        ReportingPeriod(2024, 1),
        tuple(Objective(n + 1, _TITLES[n % 5]) for n in range(objectives)),
        tuple(
            Deliverable(
                f"{n % objectives + 1}.{n // objectives + 1}",
                n % objectives + 1,
                f"Commitment number {n}",
                "Partners met monthly to agree the ward priorities & review <progress>. "
                * (1 + n % 5),
                _RAGS[n % 4],
                "31/12/2023" if n % 3 else "Ongoing",
            )
            for n in range(count)
        ),
    )


def _month_before(snapshot: PlanSnapshot, changed: int) -> PlanSnapshot:
    """The plan a month earlier, its first ``changed`` deliverables rated otherwise."""
    rows = tuple(
        dataclasses.replace(row, rag=_RAGS[_RAGS.index(row.rag) - 1]) if number < changed else row
        for number, row in enumerate(snapshot.deliverables)
    )
    return PlanSnapshot(snapshot.plan, ReportingPeriod(2023, 12), snapshot.objectives, rows)


def blank_below(path: Path, page: int) -> float:
    """The share of the page's frame left blank below its last mark, read from the rendering."""
    scale = 2.0
    image = pdfium.PdfDocument(str(path))[page].render(scale=scale).to_pil().convert("L")
    width, height = image.size
    top, bottom = (
        round((MARGIN + HEADER_BAND) * scale),
        round(height - (MARGIN + FOOTER_BAND) * scale),
    )
    ink = ImageOps.invert(image.crop((0, top, width, bottom))).point(lambda v: 255 if v > 40 else 0)
    box = ink.getbbox()
    return float(1 - (box[3] if box else 0) / (bottom - top))


def _lonely_headings(
    texts: list[str], groups: tuple[RowGroup, ...], rows: re.Pattern[str]
) -> list[tuple[int, str, int]]:
    """(page, heading, rows below it there) for each heading that starts a group on a page with
    fewer than UNDER_HEADING of its rows (or the whole group, when shorter) below it."""
    lonely = []
    for page, text in enumerate(texts):
        found = sorted(
            (match.start(), match.end(), group)
            for group in groups
            for match in re.finditer(re.escape(group.heading) + r"(?! \()", text)
        )
        for number, (_, end, group) in enumerate(found):
            until = found[number + 1][0] if number + 1 < len(found) else len(text)
            below = len(rows.findall(text[end:until]))
            if below < min(UNDER_HEADING, len(group.rows)):
                lonely.append((page + 1, group.heading, below))
    return lonely


def _commitments(texts: list[str]) -> re.Pattern[str]:
    """Each row's commitment as printed (its first words, on the cell's first line)."""
    return re.compile("|".join(re.escape(" ".join(t.split())[:22]) for t in texts))


def _changed(snapshot: PlanSnapshot, previous: PlanSnapshot, count: int) -> list[str]:
    """The commitments of the changes table's rows (``count`` of them)."""
    movement = build_paper(snapshot, previous=previous, as_at_day=FIXTURE_TODAY).movement
    assert movement is not None and len(movement.changes) == count
    return [change.commitment for change in movement.changes]


def _changes_pages(texts: list[str], commitments: list[str]) -> dict[int, int]:
    """The pages (0-based) the changes table's rows are on, with how many each carries."""
    rows = _commitments(commitments)
    start = next(i for i, t in enumerate(texts) if "Changes since" in t)
    end = next(i for i, t in enumerate(texts) if "Exceptions: RED, AMBER" in t)
    counts = {page: len(rows.findall(texts[page])) for page in range(start, end)}
    return {page: count for page, count in counts.items() if count}


def _check_starts_below_and_runs_on(path: Path, commitments: list[str]) -> None:
    """The changes table starts on the movement's page, not leaving a third of it blank, and
    runs onto the next with its header row: rows enough on both, none split or lost."""
    texts = pages_text(path)
    start = next(i for i, t in enumerate(texts) if "Changes since" in t)
    assert "Movement since" in texts[start]
    assert blank_below(path, start) < MOST_BLANK
    pages = _changes_pages(texts, commitments)
    assert list(pages) == [start, start + 1], pages
    assert pages[start] >= UNDER_HEADING and pages[start + 1] >= TAIL, pages
    assert sum(pages.values()) == len(commitments)  # each row whole, on one page
    assert CHANGES_HEADER in texts[start + 1]


def test_the_sample_changes_table_starts_in_the_space_left_below_the_movement(
    tmp_path: Path,
) -> None:
    """Ten changes do not fit below the movement, but nearly half the page is left: they start
    there (the product's rule: a table of over six rows moves whole only when under a third of
    a page is left), not leaving page 3 46% blank."""
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
    _check_starts_below_and_runs_on(result.path, [c.commitment for c in movement.changes])
    # The split saves no page here: the table's last rows start page 4, the exceptions page 5.
    assert result.pages == len(texts) == 11


@pytest.mark.parametrize(("objectives", "changed"), [(5, 12), (7, 8), (11, 12)])
def test_a_longer_table_starts_in_the_space_left_when_over_a_third_of_a_page(
    tmp_path: Path, objectives: int, changed: int
) -> None:
    snapshot = _plan(40, objectives)
    previous = _month_before(snapshot, changed)
    result = build_board_pack(
        snapshot, tmp_path / "pack.pdf", previous=previous, as_at=FIXTURE_TODAY
    )
    _check_starts_below_and_runs_on(result.path, _changed(snapshot, previous, changed))


@pytest.mark.parametrize(
    ("objectives", "changed", "long"),
    [(8, 6, False), (7, 6, True), (14, 14, False)],
    ids=["six-rows", "six-tall-rows-below-two-fifths-blank", "fourteen-rows-below-a-sixth-blank"],
)
def test_a_table_that_fits_on_a_page_moves_whole_when_short_or_little_is_left(
    tmp_path: Path, objectives: int, changed: int, long: bool
) -> None:
    """The product's rule kept: a table that fits on a page is not split from its heading when
    it has six rows or fewer (however much of the page is left), or under a third is left."""
    snapshot = _plan(40, objectives)
    if long:  # each commitment over four lines of the changes table
        rows = tuple(
            dataclasses.replace(row, commitment=f"{row.commitment}: {_LONG}")
            if n < changed
            else row
            for n, row in enumerate(snapshot.deliverables)
        )
        snapshot = dataclasses.replace(snapshot, deliverables=rows)
    previous = _month_before(snapshot, changed)
    result = build_board_pack(
        snapshot, tmp_path / "pack.pdf", previous=previous, as_at=FIXTURE_TODAY
    )
    texts = pages_text(result.path)
    start = next(i for i, t in enumerate(texts) if "Changes since" in t)
    assert "Movement since" not in texts[start]  # it did not fit below the movement
    left = blank_below(result.path, start - 1)
    if long:  # over a third of the page was left: the rows' count alone kept it whole
        assert left >= MOST_BLANK and changed <= 6
    else:
        assert changed <= 6 or left < MOST_BLANK
    assert _changes_pages(texts, _changed(snapshot, previous, changed)) == {start: changed}


def _table_below(path: Path, used: float, rows: int) -> list[str]:
    """A landscape page ``used`` full, then a titled table of two-line rows; each page's text."""
    register_fonts()
    table = PagedTable([Column("Ref", 20 * mm), Column("Change", LANDSCAPE_WIDTH - 20 * mm)], None)
    for n in range(rows):
        table.row([f"R{n:02d}", para(f"Line one of row {n}\nline two of row {n}", CELL)])
    story = [
        para("Cover", BODY),
        NextPageTemplate("landscape"),
        PageBreak(),
        Spacer(1, used * LANDSCAPE_FRAME_HEIGHT),
        *table.flowables([para("Changes since last month", HEADING)]),
    ]
    with path.open("wb") as target:
        build_document(
            story,
            target,
            heading="Plan",
            period="January 2024",
            classification="Public",
            progress=Progress(None, 1),
            info=DocumentInfo("Plan", "Owner", "Pack", ""),
        )
    return pages_text(path)[1:]


@pytest.mark.parametrize(
    ("used", "rows", "where"),
    [(0.55, 10, "splits"), (0.75, 10, "moves"), (0.65, 6, "moves"), (0.45, 6, "fits")],
    ids=["45%-left-10-rows", "25%-left-10-rows", "35%-left-6-rows", "55%-left-6-rows"],
)
def test_where_a_table_that_fits_on_a_page_starts(
    tmp_path: Path, used: float, rows: int, where: str
) -> None:
    """Over six rows and over a third of the page left: it starts there and splits, with its
    header row on the next page; else it starts the next page whole, unless it fits."""
    texts = _table_below(tmp_path / "pack.pdf", used, rows)
    counts = [len(re.findall(r"\bR\d\d\b", t)) for t in texts]
    first = next(i for i, t in enumerate(texts) if "Changes since last month" in t)
    assert sum(counts) == rows
    if where == "splits":
        assert first == 0 and counts[0] >= UNDER_HEADING and counts[1] >= TAIL, counts
        assert "Ref Change" in texts[1]
        assert blank_below(tmp_path / "pack.pdf", 1) < MOST_BLANK
    else:
        assert first == (1 if where == "moves" else 0) and counts[first] == rows, counts


@pytest.mark.parametrize(("objectives", "count"), [(2, 10), (2, 28), (4, 16), (5, 43)])
def test_a_heading_at_a_page_foot_keeps_two_rows_of_its_group(
    tmp_path: Path, objectives: int, count: int
) -> None:
    snapshot = _plan(count, objectives)
    result = build_board_pack(snapshot, tmp_path / "pack.pdf", as_at=FIXTURE_TODAY)
    paper = build_paper(snapshot, as_at_day=FIXTURE_TODAY)
    texts = pages_text(result.path)
    exceptions = next(i for i, t in enumerate(texts) if "Exceptions: RED, AMBER" in t)
    shown = texts[exceptions:]
    assert _lonely_headings(shown, paper.exceptions + paper.appendix, _ROW) == []
    assert sum(len(_ROW.findall(t)) for t in texts[appendix_start(texts) :]) == count


def test_no_objective_of_the_sample_is_left_at_a_page_foot(tmp_path: Path) -> None:
    """The sample's Objectives 1 and 2 headed the feet of pages 7 and 8 with one row each."""
    with sample_store() as store:
        snapshot, earlier = store.snapshot(), store.previous_period()
        assert earlier is not None
        previous = store.snapshot(earlier)
    result = build_board_pack(
        snapshot, tmp_path / "pack.pdf", previous=previous, as_at=SAMPLE_TODAY
    )
    paper = build_paper(snapshot, previous=previous, as_at_day=SAMPLE_TODAY)
    texts = pages_text(result.path)
    exceptions = next(i for i, t in enumerate(texts) if "Exceptions: RED, AMBER" in t)
    rows = _commitments([row.commitment for row in snapshot.deliverables])
    assert _lonely_headings(texts[exceptions:], paper.exceptions + paper.appendix, rows) == []
    appendix = appendix_start(texts)
    assert sum(len(rows.findall(t)) for t in texts[appendix:]) == len(snapshot.deliverables)


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
