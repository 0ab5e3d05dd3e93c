"""A tracker saved by LibreOffice Calc, read field by field and month by month (issue 15)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from nhp_planner.io.importing import import_into_new_plan, preview_import, read_source
from nhp_planner.io.plan_json import dump_store
from nhp_planner.model.periods import ReportingPeriod
from nhp_planner.model.rag import Rag

SAVED_BY_LIBREOFFICE = (
    Path(__file__).parent.parent / "data" / "libreoffice-kingsbridge-tracker.xlsx"
)
APRIL, MAY = ReportingPeriod(2024, 4), ReportingPeriod(2024, 5)


def test_a_libreoffice_saved_tracker_reads_field_by_field_month_by_month() -> None:
    reading = read_source(SAVED_BY_LIBREOFFICE)
    document = reading.document
    assert [s.period for s in (*document.history, document.snapshot)] == [APRIL, MAY]
    fixed = [
        ("1.1", 1, "Hold ward panels", "Insp Cole", "Q1 2024/25"),
        ("1.2", 1, "Train PCSOs in problem solving", "Sgt Dunn", "Sep-24"),
        ("1.10", 1, "Publish ward profiles", "Analyst", "w/c 15/07/24"),
        ("2.1", 2, "Visit repeat victims within 48 hours", "Insp Cole",
         "Dec 2024 (revised from Sept 2024)"),
    ]  # fmt: skip
    for snapshot in (*document.history, document.snapshot):
        assert [
            (d.ref, d.objective, d.commitment, d.lead, d.date_text) for d in snapshot.deliverables
        ] == fixed
    april, may = document.history[0], document.snapshot
    assert [(d.summary_position, d.rag) for d in april.deliverables] == [
        ("Six of nine held", Rag.AMBER),
        ("Course booked", Rag.GREEN),
        ("Drafts shared", Rag.AMBER),
        ("Process agreed", Rag.RED),
    ]
    assert [(d.summary_position, d.rag) for d in may.deliverables] == [
        ("All nine held", Rag.GREEN),  # Blue: complete
        ("Cohort one trained", Rag.GREEN),
        ("Two published", Rag.AMBER),
        ("Started in two wards", Rag.AMBER),
    ]
    assert [d.date.due for d in may.deliverables] == [
        dt.date(2024, 6, 30),
        dt.date(2024, 9, 30),
        dt.date(2024, 7, 21),
        dt.date(2024, 12, 31),
    ]
    assert may.deliverables[3].date.revised_from == dt.date(2024, 9, 30)
    plan = may.plan
    assert plan.title == "Kingsbridge Neighbourhood Policing – Delivery Tracker"
    assert (plan.rag_key.green, plan.rag_key.amber, plan.rag_key.red) == (
        "On track; Blue: Complete",
        "At risk",
        "Off track",
    )
    assert [(w.sheet, w.column, w.message) for w in reading.warnings] == [
        (
            "Archive 2023",
            None,
            "this sheet also holds a table of deliverables; only sheet 'Delivery Plan 24-25' "
            "was imported, because its name reads as the plan and 'Archive 2023' as an "
            "archive, a template or a copy (choose another with --sheet)",
        ),
        (
            "Delivery Plan 24-25",
            "D",
            "column D 'Old RAG' is hidden, so it was not read; column H 'BRAG' was",
        ),
    ]
    assert reading.rag_words == ()


def test_a_libreoffice_saved_tracker_reimported_changes_nothing(tmp_path: Path) -> None:
    with import_into_new_plan(tmp_path / "plan.nhp", read_source(SAVED_BY_LIBREOFFICE)) as store:
        assert store.periods() == [APRIL, MAY]
        before, history = dump_store(store, history=True), len(store.changes())
        from nhp_planner.io.importing import apply_import

        apply_import(store, preview_import(store, read_source(SAVED_BY_LIBREOFFICE)))
        assert dump_store(store, history=True) == before
        assert len(store.changes()) == history
