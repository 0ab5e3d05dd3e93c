"""The board pack PDF: what it says (extracted text) and how many pages, never its bytes."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

import pypdf
import pytest

from nhp_planner.io.board_pack import build_board_pack
from nhp_planner.io.board_pack.styles import CELL, FONT_SYMBOLS
from nhp_planner.io.board_pack.text import markup, split_text
from nhp_planner.io.paper.as_at import AsAt
from nhp_planner.io.paper.cover import complete_cover
from nhp_planner.model.entities import (
    CoverReport,
    Deliverable,
    Objective,
    Plan,
    PlanSnapshot,
)
from nhp_planner.model.errors import ExportError, OperationCancelled
from nhp_planner.model.movement import RagMove, compare
from nhp_planner.model.periods import ReportingPeriod
from nhp_planner.model.rag import ALL_RAGS, Rag
from nhp_planner.model.store import PlanStore
from nhp_planner.model.summary import summarise
from nhp_planner.sample import sample_store

SAMPLE_TODAY = dt.date(2026, 11, 25)
FIXTURE_TODAY = dt.date(2024, 2, 1)
TRICKY = '<b>unclosed & "quoted"'
#: Every cover field but the review flags, which the dialog and the command line show instead.
PRINTED_FIELDS = tuple(name for name in CoverReport.field_names() if name != "review")


def pages_text(path: Path) -> list[str]:
    """Each page's text, compatibility-normalised (shaped Arabic comes out in its base letters)."""
    reader = pypdf.PdfReader(path)
    return [
        " ".join(unicodedata.normalize("NFKC", page.extract_text()).split())
        for page in reader.pages
    ]


def has_ref(text: str, ref: str) -> bool:
    """The reference on its own: "1.1" is not found in "1.10" or "11.1"."""
    return re.search(rf"(?<![\d.]){re.escape(ref)}(?![\d])", text) is not None


def appendix_start(texts: list[str]) -> int:
    """The page Appendix 1 starts on (the cover, page 1, names it too)."""
    return next(i for i, t in enumerate(texts) if i and "Appendix 1 – " in t)


def check_pack(path: Path, pages: int, snapshot: PlanSnapshot, cover: CoverReport) -> str:
    """Every ref and RAG word, the cover fields and the key are in the pack; returns its text."""
    texts = pages_text(path)
    assert len(texts) == pages
    assert f"Page 1 of {pages}" in texts[0]
    assert f"Page {pages} of {pages}" in texts[-1]
    text = " ".join(texts)
    appendix = " ".join(texts[appendix_start(texts) :])
    for deliverable in snapshot.deliverables:
        assert has_ref(appendix, deliverable.ref), deliverable.ref
        assert " ".join(deliverable.commitment.split())[:40] in appendix
    for rag in ALL_RAGS:
        rated = sum(d.rag is rag for d in snapshot.deliverables)
        assert appendix.count(rag.label) >= rated, rag
    for name in PRINTED_FIELDS:
        value = " ".join(getattr(cover, name).split())
        assert value in text, name
    key = snapshot.plan.rag_key
    for meaning in (key.green, key.amber, key.red):
        assert meaning in appendix
    return text


@pytest.fixture
def sample() -> tuple[PlanSnapshot, PlanSnapshot]:
    with sample_store() as store:
        snapshot = store.snapshot()
        earlier = store.previous_period()
        assert earlier is not None
        return snapshot, store.snapshot(earlier)


def test_sample_pack_holds_every_deliverable_the_cover_and_the_key(
    tmp_path: Path, sample: tuple[PlanSnapshot, PlanSnapshot]
) -> None:
    snapshot, previous = sample
    out = tmp_path / "pack.pdf"
    result = build_board_pack(snapshot, out, previous=previous, as_at=SAMPLE_TODAY)
    assert result.path == out
    summary = summarise(snapshot, SAMPLE_TODAY)
    cover = complete_cover(
        snapshot, summary, compare(previous, snapshot), AsAt(SAMPLE_TODAY, "as-at")
    )
    text = check_pack(out, result.pages, snapshot, cover)
    assert "Position as at 25 November 2026" in text  # --as-at, UK style
    assert "26 November 2026" in text  # the meeting's Dated, as the sample's cover has it
    assert "Harrowdale Constabulary Neighbourhood Policing Strategy 2025–2028" in text
    assert "Movement since October 2026" in text
    assert "Changes since October 2026" in text
    assert list(tmp_path.iterdir()) == [out]  # no temporary file left beside it


def test_fixture_plan_pack(tmp_path: Path, fixture_store: PlanStore) -> None:
    snapshot = fixture_store.snapshot()
    out = tmp_path / "pack.pdf"
    result = build_board_pack(snapshot, out, as_at=FIXTURE_TODAY)
    cover = complete_cover(
        snapshot, summarise(snapshot, FIXTURE_TODAY), None, AsAt(FIXTURE_TODAY, "as-at")
    )
    text = check_pack(out, result.pages, snapshot, cover)
    assert "55 deliverables: 38 GREEN (69%), 17 AMBER (31%)" in text
    assert "There is no earlier reporting period to compare with." in text
    assert result.pages >= 6


def test_stored_cover_fields_print_and_blank_ones_get_defaults(fixture_store: PlanStore) -> None:
    fixture_store.update_plan(
        owner="Insp. Jane Doe",
        cover=CoverReport(
            committees="Police Authority Board",
            dated="",
            subject="",
            public="Non-public",
            report_of="Commissioner of Police",
            report_author="",
            purpose="For Decision",
            summary="",
            recommendations="Members are asked to approve the plan.",
        ),
    )
    snapshot = fixture_store.snapshot()
    when = AsAt(FIXTURE_TODAY, "as-at")
    cover = complete_cover(snapshot, summarise(snapshot, FIXTURE_TODAY), None, when)
    assert cover.committees == "Police Authority Board"
    assert cover.dated == ""  # a blank Dated stays blank: never the day it is printed
    assert cover.subject == f"{snapshot.plan.title}: January 2024 update"
    assert cover.public == "Non-public"
    assert cover.report_of == "Commissioner of Police"
    assert cover.report_author == "Insp. Jane Doe"
    assert cover.purpose == "For Decision"
    assert cover.summary.startswith("This report sets out progress on the")
    assert "Of its 55 deliverables, 38 (69%) GREEN (complete/established)" in cover.summary
    assert cover.recommendations == "Members are asked to approve the plan."


def test_summary_speaks_of_movement(sample: tuple[PlanSnapshot, PlanSnapshot]) -> None:
    snapshot, previous = sample
    movement = compare(previous, snapshot)
    cover = complete_cover(
        snapshot, summarise(snapshot, SAMPLE_TODAY), movement, AsAt(SAMPLE_TODAY, "as-at")
    )
    counts = movement.counts()
    assert f"Since October 2026, {counts[RagMove.IMPROVED]} improved, " in cover.summary
    assert f"{counts[RagMove.DECLINED]} declined" in cover.summary


def _messy_snapshot(long_text: str) -> PlanSnapshot:
    return PlanSnapshot(
        Plan(title=f"Plan {TRICKY} 👮 الشرطة", owner="Insp. O'Neil & Partners <HQ>"),
        ReportingPeriod(2024, 1),
        (
            Objective(1, "Objective with <u>markup</u> & ampersand"),
            Objective(2, "الشرطة المجتمعية"),
        ),
        (
            Deliverable("1.1", 1, f"We will {TRICKY}", long_text, Rag.AMBER, "31/03/2023"),
            Deliverable(
                "1.2",
                1,
                "Emoji 🚓 and ✅ done 👍",
                "Arabic: الشرطة المجتمعية in ward",
                Rag.RED,
                "TBC",
            ),
            Deliverable(
                "2.1", 2, "Line one\nLine two\r\nLine three", "x < y & z > w", Rag.GREEN, "Complete"
            ),
        ),
    )


def test_messy_text_prints_as_typed(tmp_path: Path) -> None:
    words = [f"w{n:04d}" for n in range(3400)]
    long_text = " ".join(words) + " <end> & done"
    assert len(long_text) > 20_000
    out = tmp_path / "messy.pdf"
    result = build_board_pack(_messy_snapshot(long_text), out, as_at=FIXTURE_TODAY)
    text = " ".join(pages_text(out))
    for typed in (
        TRICKY,
        "<u>markup</u> & ampersand",
        "Insp. O'Neil & Partners <HQ>",
        "🚓",
        "✅",
        "👍",
        "👮",
        "الشرطة",
        "المجتمعية",
        "Line one",
        "Line three",
        "x < y & z > w",
        "<end> & done",
    ):
        assert typed in text, typed
    found = set(re.findall(r"w\d{4}", text))
    assert set(words) <= found  # the long summary, split over pages, lost nothing
    assert result.pages > 8  # it ran on over several pages (twice: exceptions and appendix)


def test_long_cover_summary_runs_onto_more_pages(tmp_path: Path, fresh_store: PlanStore) -> None:
    words = " ".join(f"s{n:04d}" for n in range(4000))
    fresh_store.update_plan(cover=CoverReport(summary=words, subject=words[:3000]))
    out = tmp_path / "pack.pdf"
    result = build_board_pack(fresh_store.snapshot(), out, as_at=FIXTURE_TODAY)
    text = " ".join(pages_text(out))
    assert set(re.findall(r"s\d{4}", text)) == {f"s{n:04d}" for n in range(4000)}
    assert "The plan has no deliverables yet." in text
    assert result.pages >= 6


def _plan_of(count: int) -> PlanSnapshot:
    rags = (Rag.GREEN, Rag.AMBER, Rag.RED, Rag.NOT_RATED)
    text = "Partners met monthly to agree the ward priorities and review progress " * 3
    return PlanSnapshot(
        Plan(title="Medium plan"),
        ReportingPeriod(2024, 1),
        (Objective(1, "First"), Objective(2, "Second")),
        tuple(
            Deliverable(
                f"{n % 2 + 1}.{n // 2 + 1}",
                n % 2 + 1,
                f"Commitment number {n}",
                text,
                rags[n % 4],
                "31/12/2023" if n % 3 else "Ongoing",
            )
            for n in range(count)
        ),
    )


def test_header_row_repeats_on_every_page_of_the_appendix(tmp_path: Path) -> None:
    snapshot = _plan_of(240)
    out = tmp_path / "pack.pdf"
    result = build_board_pack(snapshot, out, as_at=FIXTURE_TODAY)
    texts = pages_text(out)
    first = appendix_start(texts)
    assert len(texts) - first > 3
    for page in texts[first:]:
        assert "Ref Deliverable Summary position (January 2024) Progress Date" in page
    exceptions = next(i for i, t in enumerate(texts) if "Exceptions: RED, AMBER" in t)
    for page in texts[exceptions:first]:
        assert "Summary position (January 2024)" in page
    assert result.pages == len(texts)


def test_exceptions_list_red_amber_and_overdue_only(tmp_path: Path) -> None:
    snapshot = _plan_of(24)
    out = tmp_path / "pack.pdf"
    build_board_pack(snapshot, out, as_at=FIXTURE_TODAY)
    texts = pages_text(out)
    start = next(i for i, t in enumerate(texts) if "Exceptions: RED, AMBER" in t)
    end = appendix_start(texts)
    exceptions = " ".join(texts[start:end])
    for deliverable in snapshot.deliverables:
        listed = deliverable.rag in (Rag.RED, Rag.AMBER) or deliverable.is_overdue(FIXTURE_TODAY)
        assert (f"Commitment number {deliverable.commitment.split()[-1]} " in exceptions) is listed
    assert "OVERDUE" in exceptions
    assert "Overdue and not yet rated" in exceptions


def test_progress_counts_up_to_the_total(tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    build_board_pack(
        _plan_of(200),
        tmp_path / "pack.pdf",
        as_at=FIXTURE_TODAY,
        progress=lambda done, total: calls.append((done, total)),
    )
    assert len(calls) > 5
    totals = {total for _, total in calls}
    assert len(totals) == 1
    done = [d for d, _ in calls]
    assert done == sorted(done)
    assert done[-1] == calls[-1][1]


@pytest.mark.parametrize("stop_at", [0, 0.5, 0.99])
def test_cancelling_leaves_no_file_behind(tmp_path: Path, stop_at: float) -> None:
    out = tmp_path / "pack.pdf"
    out.write_bytes(b"the previous pack")

    def cancel(done: int, total: int) -> None:
        if done >= total * stop_at:
            raise OperationCancelled("Cancelled.")

    with pytest.raises(OperationCancelled):
        build_board_pack(_plan_of(200), out, as_at=FIXTURE_TODAY, progress=cancel)
    assert list(tmp_path.iterdir()) == [out]
    assert out.read_bytes() == b"the previous pack"


def test_a_missing_folder_is_an_export_error(tmp_path: Path) -> None:
    out = tmp_path / "missing" / "pack.pdf"
    with pytest.raises(ExportError, match="the folder does not exist"):
        build_board_pack(_plan_of(2), out, as_at=FIXTURE_TODAY)


def test_an_existing_pack_is_replaced(tmp_path: Path, fixture_store: PlanStore) -> None:
    out = tmp_path / "pack.pdf"
    out.write_bytes(b"old")
    result = build_board_pack(fixture_store.snapshot(), out, as_at=FIXTURE_TODAY)
    assert len(pypdf.PdfReader(out).pages) == result.pages


def test_a_plan_without_periods_or_deliverables_builds(tmp_path: Path) -> None:
    snapshot = PlanSnapshot(Plan(title="Empty"), None)
    result = build_board_pack(snapshot, tmp_path / "pack.pdf", as_at=FIXTURE_TODAY)
    text = " ".join(pages_text(result.path))
    assert "No reporting period" in text
    assert "No deliverable is RED, AMBER or overdue." in text
    assert "It has no deliverables yet." in text


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        (TRICKY, '&lt;b&gt;unclosed &amp; "quoted"'),
        ("a\r\nb\rc\nd", "a<br/>b<br/>c<br/>d"),
        ("bell\x07 and nul\x00", "bell  and nul "),
        ("café & <i>", "café &amp; &lt;i&gt;"),
        ("ok 🚓 ✅ ok", f'ok <font face="{FONT_SYMBOLS}">🚓 ✅ </font>ok'),
        ("é → 👮‍♀️", f'é → <font face="{FONT_SYMBOLS}">👮</font>\u200d♀\ufe0f'),
    ],
)
def test_markup_escapes_user_text(typed: str, expected: str) -> None:
    assert markup(typed) == expected


def test_split_text_keeps_every_word_in_order() -> None:
    text = "\n".join(" ".join(f"w{n}-{m}" for m in range(40)) for n in range(60))
    pieces = split_text(text, CELL, 300, 100)
    assert len(pieces) > 5
    assert " ".join(" ".join(pieces).split()) == " ".join(text.split())


def test_movement_arrows_show_in_the_appendix(
    tmp_path: Path, sample: tuple[PlanSnapshot, PlanSnapshot]
) -> None:
    snapshot, previous = sample
    moved = next(i for i in compare(previous, snapshot).items if i.rag is RagMove.IMPROVED)
    assert moved.before is not None and moved.after is not None
    out = tmp_path / "pack.pdf"
    build_board_pack(snapshot, out, previous=previous, as_at=SAMPLE_TODAY)
    text = " ".join(pages_text(out))
    assert f"{moved.after.rag.label} ▲" in text
    assert f"▲ {moved.before.rag.label} → {moved.after.rag.label} (improved)" in text


def test_two_packs_can_be_built_at_once_on_worker_threads(tmp_path: Path) -> None:
    snapshots = [_plan_of(60), _messy_snapshot("short")]
    outs = [tmp_path / "one.pdf", tmp_path / "two.pdf"]
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = [
            pool.submit(build_board_pack, snapshot, out, as_at=FIXTURE_TODAY)
            for snapshot, out in zip(snapshots, outs, strict=True)
        ]
        results = [future.result() for future in futures]
    assert [len(pypdf.PdfReader(r.path).pages) for r in results] == [r.pages for r in results]
    assert "Commitment number 59" in " ".join(pages_text(outs[0]))
    assert "🚓" in " ".join(pages_text(outs[1]))


def test_pack_of_a_past_period_prints_it_as_it_stood(tmp_path: Path) -> None:
    """February's edits do not reach January's pack; February's says what moved and who is late."""
    from nhp_planner.model.periods import ReportingPeriod
    from nhp_planner.sample import sample_store

    with sample_store() as store:
        october = ReportingPeriod(2026, 10)
        target = next(d for d in store.deliverables() if d.ref == "1.1")
        store.update_deliverable(target.id, summary_position="A November-only sentence.")
        old = build_board_pack(
            store.snapshot(october),
            tmp_path / "oct.pdf",
            previous=store.snapshot(ReportingPeriod(2026, 9)),
        )
        new = build_board_pack(
            store.snapshot(),
            tmp_path / "nov.pdf",
            previous=store.snapshot(october),
            as_at=dt.date(2026, 11, 23),
        )
    october_text = " ".join(pages_text(old.path))
    november_text = " ".join(pages_text(new.path))
    assert "A November-only sentence." not in october_text
    assert "Panels held in 27 of 28 wards this quarter." in october_text
    assert "A November-only sentence." in november_text
    assert "7 of 40 not yet updated for November 2026" in november_text
    assert "Movement since October 2026" in november_text


def test_unresolved_conflicts_are_listed(tmp_path: Path) -> None:
    from nhp_planner.io.plan_json import new_plan_from_document
    from nhp_planner.model.rag import Rag
    from nhp_planner.sample import sample_document

    master = tmp_path / "master.nhp"
    with new_plan_from_document(master, sample_document(), user="owner") as owner:
        copy = owner.make_copy(tmp_path / "lead-copy.nhp")
        ref_id = next(d.id for d in owner.deliverables() if d.ref == "1.5")
        owner.update_deliverable(ref_id, rag=Rag.RED)
    with PlanStore.open(copy, user="shah") as lead:
        lead.update_deliverable(ref_id, rag=Rag.GREEN)
    with PlanStore.open(master) as owner:
        owner.merge_from(copy)
        result = build_board_pack(owner.snapshot(), tmp_path / "pack.pdf")
    text = " ".join(pages_text(result.path))
    assert "Unresolved merge conflicts" in text
    assert "Deliverable 1.5 (November 2026)" in text and "lead-copy.nhp, shah" in text
    assert "1 merge conflict from offline copies is not yet resolved" in text


def test_an_objective_title_of_thousands_of_characters_prints_whole(
    tmp_path: Path, sample: tuple[PlanSnapshot, PlanSnapshot]
) -> None:
    """Pasted by mistake, perhaps: it wraps over rows and pages, never a layout error."""
    snapshot, previous = sample
    title = " ".join(f"Protect vulnerable people, part {n}." for n in range(250))  # ~8,000
    objectives = (replace(snapshot.objectives[0], title=title), *snapshot.objectives[1:])
    long = replace(snapshot, objectives=objectives)
    out = tmp_path / "long.pdf"
    result = build_board_pack(long, out, previous=previous)
    text = " ".join(" ".join(page.split()) for page in pages_text(out))
    assert len(title) > 8_000 and result.pages > 0
    assert "part 0." in text and "part 249." in text
    every = re.findall(r"part (\d+)\.", text)
    assert set(map(int, every)) == set(range(250))


def test_a_paragraph_is_broken_into_lines_once_for_a_width_however_it_was_worked_out(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A table measures a cell at its column's width less the padding and draws it at the
    same width summed another way, a float's last digit apart (issue 22). The pack's
    paragraph breaks its lines in its own ``breakLines`` (plain text without reportlab's)."""
    from nhp_planner.io.board_pack.styles import register_fonts
    from nhp_planner.io.board_pack.text import Para, para

    register_fonts()
    breaks: list[float] = []
    original = Para.breakLines

    def counted(self: Para, width: object) -> object:
        breaks.append(width if isinstance(width, float) else width[0])  # type: ignore[index]
        return original(self, width)

    monkeypatch.setattr(Para, "breakLines", counted)
    cell = para("Ward panels held quarterly in every neighbourhood, with notes " * 4, CELL)
    height = cell.wrap(339.82677165354335, 1e9)[1]
    assert cell.wrap(339.8267716535433, 1e9) == (339.8267716535433, height)
    assert len(breaks) == 1
    assert cell.wrap(200.0, 1e9)[1] > height
    assert len(breaks) == 2


_BIDI_LOADED = """
import datetime as dt, sys
from nhp_planner.io.board_pack import build_board_pack
from nhp_planner.model.entities import Deliverable, Objective, Plan, PlanSnapshot
from nhp_planner.model.periods import ReportingPeriod
from nhp_planner.model.rag import Rag

snapshot = PlanSnapshot(
    Plan(title="Scripts"),
    ReportingPeriod(2024, 1),
    (Objective(1, "Café & community"),),
    (Deliverable("1.1", 1, sys.argv[2], "Summary – as typed", Rag.GREEN, "31/03/2024"),),
)
build_board_pack(snapshot, sys.argv[1], as_at=dt.date(2024, 2, 1))
print("bidi" in sys.modules)
"""


@pytest.mark.parametrize(
    ("commitment", "loaded"),
    [("Ward panels – quarterly, café hours", "False"), ("شرطة الحي تعمل مع الشركاء", "True")],
    ids=["latin", "arabic"],
)
def test_python_bidi_loads_only_for_text_written_right_to_left(
    tmp_path: Path, commitment: str, loaded: str
) -> None:
    """Start-up (issue 22): the bidi algorithm's library is imported for the first Arabic or
    Hebrew text, not by every pack."""
    result = subprocess.run(
        [sys.executable, "-c", _BIDI_LOADED, str(tmp_path / "pack.pdf"), commitment],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == loaded


def test_a_pack_without_measures_does_not_import_the_measures_section(tmp_path: Path) -> None:
    """Start-up (issue 22): the SPC section's modules load only for a plan that has measures,
    the registers' sections only for a pack that prints them."""
    code = (
        "import sys\n"
        "from nhp_planner.io.board_pack import build_board_pack\n"
        "from nhp_planner.sample import sample_store\n"
        "with sample_store() as store:\n"
        "    build_board_pack(store.snapshot(), sys.argv[1])\n"
        "print(sorted(m for m in sys.modules if m.startswith(('nhp_planner.io.measures_pdf',"
        " 'nhp_planner.io.spc_chart', 'nhp_planner.io.board_pack.registers'))))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "pack.pdf")],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "[]"
