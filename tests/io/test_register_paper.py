"""The registers in the committee paper: HMICFRS progress by area, the outstanding references."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import docx
import pytest

from nhp_planner.io.board_pack import build_board_pack
from nhp_planner.io.paper.registers import FINDINGS_TITLE, REFERENCES_TITLE
from nhp_planner.io.registers.pack import pack_sections
from nhp_planner.io.word_paper import build_word_paper
from nhp_planner.model.actions import ActionStatus
from nhp_planner.model.periods import ReportingPeriod
from nhp_planner.model.rag import Rag
from nhp_planner.model.store import PlanStore
from tests.io.test_board_pack import pages_text
from tests.io.test_word_paper import all_text, headings
from tests.registers.sppc_2024_02 import outstanding_references, peel_2022_items

FEB, MAR = ReportingPeriod(2024, 2), ReportingPeriod(2024, 3)
AS_AT = dt.date(2024, 2, 22)


@pytest.fixture
def sppc(fixture_store: PlanStore) -> PlanStore:
    """The real plan in February 2024 with the registers as the SPPC agenda pack has them."""
    fixture_store.start_period(FEB)
    refs = {d.ref: d.id for d in fixture_store.deliverables()}
    for item in peel_2022_items():
        links = (refs["0.4"], refs["0.1"]) if item.ref == "1" else ()
        rag = Rag.GREEN if item.ref in ("5", "6") else Rag.AMBER
        fixture_store.findings.add(replace(item, deliverable_ids=links, rag=rag))
    for action in outstanding_references():
        added = fixture_store.actions.add(action)
        if action.number == "7/2023/P":
            fixture_store.actions.update(added.id, due_text="end of 2023")
            fixture_store.actions.update(added.id, due_text="April/May 2024")
    return fixture_store


def test_the_february_sppc_registers_print_in_the_pack(tmp_path: Path, sppc: PlanStore) -> None:
    snapshot, previous = sppc.snapshot_and_previous()
    sections = pack_sections(sppc)
    result = build_board_pack(
        snapshot, tmp_path / "pack.pdf", previous=previous, as_at=AS_AT, registers=sections
    )
    texts = pages_text(result.path)
    start = next(i for i, t in enumerate(texts) if FINDINGS_TITLE + " 12 inspectorate" in t)
    findings = " ".join(texts[start : start + 6])
    for area in (
        "Preventing crime and anti-social behaviour",
        "Managing offenders and suspects",
        "Serious Organised Crime",
        "Tackling workforce corruption",
        "Strategic planning, organisational management and value for money",
    ):
        assert area in findings
    assert findings.index("Preventing crime") < findings.index("Managing offenders")
    for number in range(1, 12):
        assert f"AFI {number} (PEEL 2022)" in findings or number == 8
    assert "Recommendation 8 (PEEL 2022)" in findings
    assert "12 inspectorate findings, 12 open, as updated for February 2024." in findings
    assert "0.1, 0.4" in findings
    assert "The Neighbourhood Policing & Engagement Strategy (NHP) has been published" in findings
    refs_page = next(i for i, t in enumerate(texts) if REFERENCES_TITLE + " 1 outstanding" in t)
    table = texts[refs_page]
    assert "1 outstanding reference; 2 completed since the last meeting, shown this once." in table
    for number in ("7/2023/P", "8/2023/P", "10/2023/P"):
        assert number in table
    assert "In progress – target date set for April/May." in table
    assert "Complete – This is on the agenda." in table
    assert "April/May 2024 (re-set; was: end of 2023)" in table
    assert start < refs_page < next(i for i, t in enumerate(texts) if i and "Appendix 1 – " in t)


def test_completed_references_are_dropped_the_period_after(tmp_path: Path, sppc: PlanStore) -> None:
    sppc.start_period(MAR)
    victim = sppc.actions.items()[0]
    sppc.actions.update(victim.id, status=ActionStatus.COMPLETE, update="Strategy agreed.")
    sections = pack_sections(sppc, findings=False)
    assert sections.findings is None
    assert [r.number for r in sections.references or ()] == ["7/2023/P"]
    march = pack_sections(sppc, actions=False)
    stale = {r.stale for g in march.findings or () for r in g.rows}
    assert stale == {"Not updated since February 2024"}
    snapshot, previous = sppc.snapshot_and_previous()
    result = build_board_pack(
        snapshot, tmp_path / "march.pdf", previous=previous, registers=sections
    )
    text = " ".join(pages_text(result.path))
    assert "0 outstanding references; 1 completed since the last meeting" in text
    assert "8/2023/P" not in text and FINDINGS_TITLE not in text


def test_the_word_paper_carries_the_same_sections(tmp_path: Path, sppc: PlanStore) -> None:
    snapshot, previous = sppc.snapshot_and_previous()
    result = build_word_paper(
        snapshot,
        tmp_path / "paper.docx",
        previous=previous,
        as_at=AS_AT,
        registers=pack_sections(sppc),
    )
    document = docx.Document(str(result.path))
    titles = [text for style, text in headings(document) if style == "Heading 1"]
    assert titles.index(FINDINGS_TITLE) < titles.index(REFERENCES_TITLE)
    assert ("Heading 2", "Serious Organised Crime") in headings(document)
    text = all_text(document)
    assert "AFI 1 (PEEL 2022)" in text and "0.1, 0.4" in text
    assert "April/May 2024 (re-set; was: end of 2023)" in text


def test_a_pack_without_the_sections_is_as_before(tmp_path: Path, sppc: PlanStore) -> None:
    snapshot, previous = sppc.snapshot_and_previous()
    result = build_board_pack(snapshot, tmp_path / "plain.pdf", previous=previous, as_at=AS_AT)
    text = " ".join(pages_text(result.path))
    assert FINDINGS_TITLE not in text and REFERENCES_TITLE not in text
