"""The cover belongs to its meeting: kept per period, a new period starting from the last one."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

from nhp_planner.io.board_pack import build_board_pack
from nhp_planner.model.entities import CoverReport
from nhp_planner.model.periods import ReportingPeriod
from nhp_planner.model.schema import SCHEMA_VERSION
from nhp_planner.model.store import PlanStore
from tests.io.test_paper_pack import texts_of

DATA = Path(__file__).resolve().parent.parent / "data"
RELEASE_FILE = DATA / "plan-0.1.0-2024-01.nhp"
JANUARY, FEBRUARY, MARCH = (ReportingPeriod(2024, m) for m in (1, 2, 3))


def test_a_file_written_by_the_current_release_finds_its_cover_in_the_current_period(
    tmp_path: Path,
) -> None:
    plan = tmp_path / "plan.nhp"
    shutil.copy(RELEASE_FILE, plan)
    with PlanStore.open(plan) as store:
        assert store.current_period == JANUARY
        cover = store.snapshot().plan.cover
        assert store.snapshot(JANUARY).plan.cover == cover
    assert cover.committees == "Strategic Planning and Performance Committee"
    assert cover.dated == "22 February 2024"
    assert cover.report_of == "Commissioner of Police Pol 23-24"
    assert cover.summary.startswith("The Delivery Plan is attached")
    assert cover.review == ""
    # Fields the release did not have take their defaults.
    assert cover.extra_spending == "N/A" and cover.report_reference == ""
    import contextlib
    import sqlite3

    with contextlib.closing(sqlite3.connect(plan)) as conn:  # its own ``with`` does not close
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_a_new_period_starts_from_the_last_cover_with_the_meetings_own_fields_cleared(
    tmp_path: Path,
) -> None:
    plan = tmp_path / "plan.nhp"
    shutil.copy(RELEASE_FILE, plan)
    with PlanStore.open(plan, user="clerk") as store:
        january = store.snapshot().plan.cover
        store.update_plan(cover=dataclasses.replace(january, report_reference="Pol 23-24"))
        january = store.snapshot().plan.cover
        store.start_period(FEBRUARY)
        february = store.snapshot().plan.cover
        assert store.snapshot(JANUARY).plan.cover == january  # the last meeting's, as it was
        assert february.committees == january.committees
        assert february.subject == january.subject
        assert february.report_author == january.report_author
        assert (february.dated, february.report_reference, february.summary) == ("", "", "")
        assert february.to_review == {"dated", "report_reference", "summary"}
        history = [c for c in store.changes() if c.entity == "cover" and c.field == "dated"]
        assert history[-1].old == "22 February 2024" and history[-1].new == ""
        # This meeting's cover is edited without touching the last one's.
        store.update_plan(cover=dataclasses.replace(february, dated="21 March 2024"))
        assert store.snapshot(JANUARY).plan.cover.dated == "22 February 2024"
    with PlanStore.open(plan, read_only=True) as store:
        assert store.snapshot().plan.cover.dated == "21 March 2024"
        assert store.snapshot(JANUARY).plan.cover == january


def test_a_new_periods_pack_does_not_reprint_the_last_meetings_dated(
    tmp_path: Path,
) -> None:
    plan = tmp_path / "plan.nhp"
    shutil.copy(RELEASE_FILE, plan)
    with PlanStore.open(plan) as store:
        store.start_period(FEBRUARY)
        snapshot, previous = store.snapshot_and_previous()
        last_updated = store.last_updated(FEBRUARY)
        january = store.snapshot(JANUARY)
    result = build_board_pack(
        snapshot, tmp_path / "feb.pdf", previous=previous, last_updated=last_updated
    )
    text = " ".join(texts_of(result.path))
    assert "22 February 2024" not in text
    assert "Position as at 29 February 2024" in text
    assert "Dated: left blank on the cover." in result.warnings
    assert any("carried from the last meeting" in w for w in result.warnings)
    old = build_board_pack(january, tmp_path / "jan.pdf")
    assert "Position as at 22 February 2024" in " ".join(texts_of(old.path))


def test_not_updated_since_names_the_month_of_the_last_update(tmp_path: Path) -> None:
    plan = tmp_path / "plan.nhp"
    shutil.copy(RELEASE_FILE, plan)
    with PlanStore.open(plan) as store:
        store.start_period(FEBRUARY)
        one = next(d for d in store.deliverables() if d.ref == "2.5")
        store.update_deliverable(one.id, summary_position="New CAD system live 12/02/2024.")
        store.start_period(MARCH)
        last = store.last_updated(MARCH)
        snapshot, previous = store.snapshot_and_previous()
    assert last[one.id] == FEBRUARY
    assert len(last) == 55
    assert sum(period == JANUARY for period in last.values()) == 54
    result = build_board_pack(snapshot, tmp_path / "mar.pdf", previous=previous, last_updated=last)
    text = " ".join(texts_of(result.path))
    assert text.count("Not updated since February 2024") == 2  # exceptions and Appendix 1
    assert text.count("Not updated since January 2024") >= 54
    assert "55 of 55 deliverables not yet updated for March 2024" in text


def test_an_earlier_period_without_a_cover_of_its_own_claims_no_meeting(
    tmp_path: Path,
) -> None:
    plan = tmp_path / "plan.nhp"
    shutil.copy(RELEASE_FILE, plan)
    with PlanStore.open(plan) as store:
        cover = store.snapshot().plan.cover
        assert isinstance(cover, CoverReport)
        store.start_period(FEBRUARY)
        store.start_period(MARCH)
        assert store.snapshot(JANUARY).plan.cover.dated == "22 February 2024"
        assert store.snapshot(FEBRUARY).plan.cover.dated == ""
