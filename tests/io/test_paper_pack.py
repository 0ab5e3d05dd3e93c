"""Issue 16: the pack as a paper the clerk can table, checked by its extracted text and outline."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import unicodedata
from pathlib import Path

import pypdf
import pytest

from nhp_planner.io.board_pack import build_board_pack
from nhp_planner.io.paper import build_paper
from nhp_planner.io.paper.as_at import as_at, parse_as_at, read_day
from nhp_planner.io.paper.shares import percentages
from nhp_planner.model.entities import (
    EXEMPTION_DEFAULT,
    CoverReport,
    Deliverable,
    Objective,
    Plan,
    PlanSnapshot,
)
from nhp_planner.model.periods import ReportingPeriod
from nhp_planner.model.rag import Rag
from nhp_planner.model.store import PlanStore

FEBRUARY = ReportingPeriod(2024, 2)

#: The cover of item 9 of the SPPC agenda pack of 22 February 2024 (the NHP delivery plan
#: paper), with the Main Report sections of item 8 and a sign-off with an e-mail, as papers have.
REAL_COVER = CoverReport(
    committees="Strategic Planning and Performance Committee",
    dated="22 February 2024",
    subject="Neighbourhood Policing Strategy Delivery Plan",
    public="Public",
    corporate_plan_outcomes="People are Safe and Feel Safe",
    extra_spending="N/A",
    spending_amount="£-",
    funding_source="N/A",
    funding_agreed="N/A",
    report_of="Commissioner of Police",
    report_reference="Pol 23-24",
    purpose="For Discussion",
    report_author="Rob Atkin, T/Commander, Operations and Security",
    summary=(
        "The City of London Police presented the Neighbourhood Policing (NHP) Strategy to the "
        "September 2023 Strategic Planning and Performance Committee (SPPC) and October Police "
        "Authority Board (PAB).\n\nThe Delivery Plan is attached and outlines objectives, "
        "deliverables, current status, RAG rating and timelines."
    ),
    recommendations=(
        "Members are asked to note the report.\nMembers are asked to discuss the options."
    ),
    background="Police Reform and Social Responsibility Act 2011 sets out the obligations.",
    current_position="City of London Police and Police Authority have been exploring options.",
    options="Option 1: Maintain current cluster panel approach.",
    strategic_implications="By improving engagement we will better understand perceptions.",
    financial_implications="Can be contained within current budgets.",
    resource_implications="Varies depending upon the option.",
    legal_implications="Supports our obligations under the 2011 Act.",
    risk_implications="None.",
    equalities_implications="Mindful of the Public Sector Equality Duty 2010.",
    climate_implications="None identified.",
    security_implications="Nothing to report.",
    conclusion="This report sets out some ideas for how to widen engagement.",
    appendices=(
        "Appendix 1 – NHP Strategy- Delivery Plan (this is a CoLP working document and "
        "therefore contains a number of policing acronyms)."
    ),
    signoff_name="Rob Atkin",
    signoff_title="T/Commander, Operations and Security",
    signoff_email="rob.atkin@cityoflondon.police.uk",
)


def texts_of(path: Path) -> list[str]:
    reader = pypdf.PdfReader(path)
    return [
        " ".join(unicodedata.normalize("NFKC", page.extract_text()).split())
        for page in reader.pages
    ]


def outline_of(path: Path) -> list[tuple[int, str]]:
    """(level, title) of every bookmark, in order."""
    found: list[tuple[int, str]] = []

    def walk(items: list[object], level: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                found.append((level, item.title))  # type: ignore[attr-defined]

    walk(pypdf.PdfReader(path).outline, 0)
    return found


def cover_pages(texts: list[str]) -> str:
    """The cover report: the pages before the RAG summary."""
    end = next(i for i, t in enumerate(texts) if "RAG summary:" in t)
    return " ".join(texts[:end])


def with_cover(store: PlanStore, cover: CoverReport) -> PlanSnapshot:
    store.update_plan(cover=cover)
    return store.snapshot()


# ------------------------------------------------------------------ as at the paper's date


def test_a_pack_dated_22_february_2024_of_the_january_plan_counts_none_overdue(
    tmp_path: Path, fixture_store: PlanStore
) -> None:
    snapshot = with_cover(fixture_store, CoverReport(dated="22/02/2024"))
    result = build_board_pack(snapshot, tmp_path / "pack.pdf")
    assert result.as_at == dt.date(2024, 2, 22)
    text = " ".join(texts_of(result.path))
    assert "none overdue as at 22 February 2024" in text
    assert "OVERDUE" not in text
    assert "0 past their due date as at 22 February 2024" in text
    assert "Position as at 22 February 2024" in text
    # Worked out as at today (2026 or later), "End 2024" and every dated AMBER would be overdue.
    late = build_board_pack(snapshot, tmp_path / "late.pdf", as_at=dt.date(2026, 12, 1))
    assert "OVERDUE" in " ".join(texts_of(late.path))


def test_without_a_dated_the_figures_are_as_at_the_last_day_of_the_period(
    fixture_store: PlanStore,
) -> None:
    paper = build_paper(fixture_store.snapshot())
    assert paper.as_at.day == dt.date(2024, 1, 31)
    assert paper.cover.position == "Position as at 31 January 2024"
    assert "Dated: left blank on the cover." in paper.warnings


@pytest.mark.parametrize(
    ("dated", "day"),
    [
        ("22 February 2024", dt.date(2024, 2, 22)),
        ("22/02/2024", dt.date(2024, 2, 22)),
        ("21 st October 2015", dt.date(2015, 10, 21)),
        ("22nd Feb 2024", dt.date(2024, 2, 22)),
        ("22 February 2024 6 March 2024", dt.date(2024, 2, 22)),  # two committees, two dates
        ("Next meeting", None),
    ],
)
def test_dated_is_read_the_way_papers_write_it(dated: str, day: dt.date | None) -> None:
    assert read_day(dated) == day


def test_an_unreadable_dated_falls_back_to_the_period_and_says_so() -> None:
    when = as_at("the spring meeting", ReportingPeriod(2024, 1))
    assert when.day == dt.date(2024, 1, 31)
    assert "not a date" in when.warning


def test_a_figures_day_far_from_the_period_is_said() -> None:
    """A Dated with its year mistyped would count every overdue figure at that day."""
    january = ReportingPeriod(2024, 1)
    typo = as_at("22/02/2023", january)
    assert (typo.day, typo.source) == (dt.date(2023, 2, 22), "dated")
    assert typo.warning == (
        "Dated '22/02/2023' puts the figures as at 22 February 2023, before January 2024 "
        "began: every overdue figure is counted at that day; check it."
    )
    late = as_at("", january, dt.date(2024, 6, 1))
    assert late.warning.startswith("The day asked for puts the figures as at 1 June 2024, more")
    # The meeting a month or three after the month reported is the usual case: nothing said.
    for dated in ("22/02/2024", "31/01/2024", "1 January 2024", "30 April 2024"):
        assert as_at(dated, january).warning == "", dated


# ------------------------------------------------------------------ not updated is visible


def test_a_deliverable_carried_forward_unchanged_prints_not_updated_since(
    tmp_path: Path, fixture_store: PlanStore
) -> None:
    fixture_store.start_period(FEBRUARY)
    updated = next(d for d in fixture_store.deliverables() if d.ref == "1.2")
    fixture_store.update_deliverable(updated.id, summary_position="Inspector in post from 5 Feb.")
    snapshot, previous = fixture_store.snapshot_and_previous()
    result = build_board_pack(snapshot, tmp_path / "feb.pdf", previous=previous)
    texts = texts_of(result.path)
    text = " ".join(texts)
    assert "54 of 55 deliverables not yet updated for February 2024" in cover_pages(texts)
    appendix = text[text.index("the position as at 29 February 2024") :]
    assert appendix.count("Not updated since January 2024") == 54
    assert "Inspector in post from 5 Feb." in appendix
    row = appendix[appendix.index("1.2 ") : appendix.index("Inspector in post")]
    assert "Not updated since" not in row
    paper = build_paper(snapshot, previous=previous)
    marks = {r.ref: r.stale for g in paper.appendix for r in g.rows}
    assert marks["1.2"] == "" and marks["1.1"] == "Not updated since January 2024"


# ------------------------------------------------------------------ the real cover format


def test_every_cover_field_of_the_real_papers_can_be_filled_and_prints(
    tmp_path: Path, fixture_store: PlanStore
) -> None:
    snapshot = with_cover(fixture_store, REAL_COVER)
    result = build_board_pack(snapshot, tmp_path / "pack.pdf")
    texts = texts_of(result.path)
    cover = cover_pages(texts)
    for name in CoverReport.field_names():
        value = getattr(REAL_COVER, name)
        for line in value.splitlines():
            if name != "review" and line.strip():
                assert " ".join(line.split()) in cover, name
    for label in (
        "Committee(s):",
        "Dated:",
        "Subject:",
        "Which outcomes in the City Corporation's Corporate Plan",
        "Does this proposal require extra revenue and/or capital spending?",
        "If so, how much?",
        "What is the source of Funding?",
        "Has this Funding Source been agreed with the Chamberlain's Department?",
        "Report of:",
        "Report author:",
        "Summary",
        "Recommendation(s)",
        "Main Report",
        "Background",
        "Current position",
        "Options",
        "Corporate & Strategic Implications",
        "Financial implications: Can be contained",
        "Conclusion",
        "Appendices",
        "E: rob.atkin@cityoflondon.police.uk",
    ):
        assert label in cover, label
    assert "1. Members are asked to note the report. 2. Members are asked to discuss" in cover
    # Appendix 1 has one name: the cover's.
    appendix = next(t for i, t in enumerate(texts) if i and "Appendix 1 – " in t)
    assert appendix.startswith("Appendix 1 – NHP Strategy- Delivery Plan") or (
        "Public Page" in appendix and "Appendix 1 – NHP Strategy- Delivery Plan " in appendix
    )
    assert outline_of(result.path)[3] == (0, "Appendix 1 – NHP Strategy- Delivery Plan")
    assert result.warnings == ()  # nothing left blank
    # Committee(s) beside Dated, as the papers set them.
    page = pypdf.PdfReader(result.path).pages[0].extract_text(extraction_mode="layout")
    assert re.search(r"Committee\(s\):\s+Dated:", page)
    assert re.search(r"Strategic Planning and Performance Committee\s+22 February 2024", page)


def test_a_non_public_paper_carries_its_exemption_paragraph(
    tmp_path: Path, fixture_store: PlanStore
) -> None:
    snapshot = with_cover(fixture_store, dataclasses.replace(REAL_COVER, public="Non-public"))
    result = build_board_pack(snapshot, tmp_path / "pack.pdf")
    texts = texts_of(result.path)
    assert EXEMPTION_DEFAULT in cover_pages(texts)
    assert "Non-public" in texts[-1]  # the footer of every page
    assert any("Exemption" in w for w in result.warnings)  # the paragraph was not given


def test_blank_fields_print_blank_and_are_named_never_not_stated(
    tmp_path: Path, fresh_store: PlanStore
) -> None:
    result = build_board_pack(fresh_store.snapshot(), tmp_path / "pack.pdf")
    text = " ".join(texts_of(result.path))
    assert "Not stated" not in text
    assert "Neighbourhood Policing Delivery Board" not in text  # no invented committee
    for label in ("Committee(s)", "Dated", "Report of", "Report author", "Report reference"):
        assert f"{label}: left blank on the cover." in result.warnings, label
    assert "N/A" in text  # the funding rows' default, as the papers print it


# ------------------------------------------------------------------ readable tables


def _plan_with_leads(count: int, *, titles: tuple[str | None, ...]) -> PlanSnapshot:
    long_text = "Partners met monthly to agree the ward priorities and review the progress. " * 4
    return PlanSnapshot(
        Plan(title="Lead plan", cover=CoverReport(dated="22 February 2024")),
        ReportingPeriod(2024, 1),
        tuple(Objective(n + 1, title) for n, title in enumerate(titles)),
        tuple(
            Deliverable(
                f"{n % len(titles) + 1}.{n // len(titles) + 1}",
                n % len(titles) + 1,
                f"Commitment {n}",
                long_text,
                (Rag.GREEN, Rag.AMBER, Rag.RED)[n % 3],
                "Ongoing",
                lead=f"Insp. Lead {n % 4}",
            )
            for n in range(count)
        ),
    )


def test_lead_column_continued_objectives_and_the_outline(tmp_path: Path) -> None:
    snapshot = _plan_with_leads(120, titles=("Prevent crime", None))
    result = build_board_pack(snapshot, tmp_path / "pack.pdf")
    texts = texts_of(result.path)
    start = next(i for i, t in enumerate(texts) if i and "Appendix 1 – " in t)
    appendix = texts[start:]
    assert all("Ref Deliverable Lead Summary position (January 2024)" in t for t in appendix)
    assert "Insp. Lead 3" in " ".join(appendix)
    # Every page after the first of an objective says whose rows carry on.
    continued = [t for t in appendix[1:] if "(continued)" in t]
    assert any("Objective 1: Prevent crime (continued)" in t for t in continued)
    assert any("Objective 2 (continued)" in t for t in continued)
    assert "Objective 2: Objective 2" not in " ".join(texts)  # an untitled objective
    assert outline_of(result.path) == [
        (0, "Cover report"),
        (0, "RAG summary"),
        (0, "Exceptions"),
        (0, "Appendix 1 – Neighbourhood Policing Strategy delivery plan"),
        (1, "Objective 1: Prevent crime"),
        (1, "Objective 2"),
    ]


def test_every_page_that_carries_on_an_objective_names_it(tmp_path: Path) -> None:
    snapshot = _plan_with_leads(90, titles=("Prevent crime",))
    result = build_board_pack(snapshot, tmp_path / "pack.pdf")
    texts = texts_of(result.path)
    start = next(i for i, t in enumerate(texts) if i and "Appendix 1 – " in t)
    assert len(texts) - start >= 3
    for page in texts[start + 1 :]:
        assert "Objective 1: Prevent crime (continued)" in page


def test_the_outline_lists_sections_and_objectives_of_the_sample(
    tmp_path: Path,
) -> None:
    from nhp_planner.sample import sample_store

    with sample_store() as store:
        snapshot, previous = store.snapshot_and_previous()
    result = build_board_pack(snapshot, tmp_path / "pack.pdf", previous=previous)
    outline = outline_of(result.path)
    assert [title for level, title in outline if level == 0] == [
        "Cover report",
        "RAG summary",
        "Movement since October 2026",
        "Changes since October 2026",
        "Exceptions",
        "Appendix 1 – Neighbourhood Policing Strategy Delivery Plan",
    ]
    objectives = [title for level, title in outline if level == 1]
    assert objectives[0] == "Summary position"
    assert len(objectives) == len({d.objective for d in snapshot.deliverables})
    reader = pypdf.PdfReader(result.path)
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    assert reader.metadata is not None
    assert reader.metadata.title == "Neighbourhood Policing Strategy Delivery Plan"
    assert reader.metadata.author == "Helen Okafor, Head of Strategy & Planning"
    assert (
        reader.metadata.subject == "Strategic Planning and Performance Committee, 26 November 2026"
    )


def test_no_font_is_named_that_is_not_embedded(tmp_path: Path, fixture_store: PlanStore) -> None:
    result = build_board_pack(fixture_store.snapshot(), tmp_path / "pack.pdf")
    reader = pypdf.PdfReader(result.path)
    names = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            names.add(str(font["/BaseFont"]))
            assert "/FontFile2" in (
                font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
                if "/DescendantFonts" in font
                else font["/FontDescriptor"]
            ), font["/BaseFont"]
    assert not any("Helvetica" in name for name in names)


@pytest.mark.parametrize(
    ("counts", "shares"),
    [
        ([1, 1, 1], [34, 33, 33]),
        ([38, 17, 0, 0], [69, 31, 0, 0]),
        ([21, 12, 4, 3], [53, 30, 10, 7]),
        ([2, 1, 1, 1, 1, 1], [29, 15, 14, 14, 14, 14]),
        ([0, 0], [0, 0]),
    ],
)
def test_shares_add_up_to_100(counts: list[int], shares: list[int]) -> None:
    assert percentages(counts) == shares
    assert sum(shares) in (0, 100)


def test_each_objectives_shares_add_up_to_100_in_the_pack(fixture_store: PlanStore) -> None:
    paper = build_paper(fixture_store.snapshot())
    for row in (*paper.shares, paper.total):
        if row.counts.total:
            assert sum(row.shares) == 100, row.name


# ------------------------------------------------------------------ every script


ARABIC = "اجتماع الشرطة المجتمعية في الحي يوم الثلاثاء مع السكان"


def test_an_arabic_sentence_extracts_in_logical_order(tmp_path: Path) -> None:
    snapshot = PlanSnapshot(
        Plan(title="Arabic plan", cover=CoverReport(dated="22 February 2024")),
        ReportingPeriod(2024, 1),
        (Objective(1, "الشرطة المجتمعية"),),
        (
            Deliverable("1.1", 1, ARABIC, f"Ward panel: {ARABIC} in March", Rag.AMBER, "TBC"),
            Deliverable("1.2", 1, "English only", ARABIC, Rag.GREEN, "Ongoing"),
        ),
    )
    result = build_board_pack(snapshot, tmp_path / "pack.pdf")
    text = " ".join(texts_of(result.path))
    assert ARABIC in text
    assert "الشرطة المجتمعية" in text
    # Drawn in visual order: left to right, the sentence's last word comes first.
    layout = unicodedata.normalize(
        "NFKC", pypdf.PdfReader(result.path).pages[-1].extract_text(extraction_mode="layout")
    )
    words = ARABIC.split()
    first, last = words[0][::-1], words[-1][::-1]
    line = next(line for line in layout.splitlines() if first in line and last in line)
    assert line.index(last) < line.index(first)


def test_characters_no_bundled_font_draws_are_named_with_the_deliverable(
    tmp_path: Path,
) -> None:
    snapshot = PlanSnapshot(
        Plan(title="CJK plan", cover=dataclasses.replace(REAL_COVER)),
        ReportingPeriod(2024, 1),
        (Objective(1, "Prevent crime"),),
        (
            Deliverable("1.1", 1, "Visit the 警察 station", "Done", Rag.GREEN, "Ongoing"),
            Deliverable("1.2", 1, "Emoji 🚓 is drawn by the symbol font", "", Rag.AMBER, "TBC"),
        ),
    )
    result = build_board_pack(snapshot, tmp_path / "pack.pdf")
    flagged = [w for w in result.warnings if "no font bundled" in w]
    assert len(flagged) == 1
    assert flagged[0].startswith("Deliverable 1.1: 2 characters") and "警" in flagged[0]


@pytest.mark.parametrize(
    "text", ["2024-02-22", "22/02/2024", "22 February 2024", "22nd February 2024", "22/02/24"]
)
def test_as_at_reads_iso_and_uk_days_alike(text: str) -> None:
    # Read day-first, an ISO day's digits once made 24 February 2022.
    assert parse_as_at(text) == dt.date(2024, 2, 22)
