"""The plan file's schema, as named migrations: a file from an older release opens in a newer one.

Never edit a migration that has shipped; add a new one. ``SCHEMA_VERSION`` is
the number of migrations and is written to ``PRAGMA user_version`` so any
SQLite tool can tell which release wrote a file.
"""

from __future__ import annotations

import functools

TYPE_CHECKING = False  # typing is for mypy only: start-up (see docs/ARCHITECTURE.md, Rules)
if TYPE_CHECKING:
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

#: Marks a SQLite file as an NHP Planner plan (``meta.application``).
APPLICATION_ID = "nhp-planner"


def m001_plan_tables(db: Database) -> None:
    """The plan, its periods, objectives and deliverables per period, and the change history."""
    db.table("meta").create({"key": str, "value": str}, pk="key")
    db.table("plan").create(
        {
            "id": str,
            "title": str,
            "force": str,
            "owner": str,
            "rag_green": str,
            "rag_amber": str,
            "rag_red": str,
            "current_period": str,
        },
        pk="id",
        not_null={"title"},
    )
    db.table("periods").create(
        {"period": str, "started_at": str, "started_by": str, "reopened": int},
        pk="period",
        defaults={"reopened": 0},
        not_null={"reopened"},
    )
    # One row per objective (and per deliverable) per period: an earlier period
    # keeps exactly what it said when a later one changes.
    db.table("objectives").create(
        {"id": str, "period": str, "number": int, "title": str},
        pk=("id", "period"),
        not_null={"number"},
        foreign_keys=[("period", "periods", "period")],
    )
    db.table("objectives").create_index(["period", "number"], unique=True)
    db.table("deliverables").create(
        {
            "id": str,
            "period": str,
            "objective_id": str,
            "ref": str,
            "commitment": str,
            "lead": str,
            "summary_position": str,
            "rag": str,
            "date_text": str,
            "updated_at": str,
            "updated_by": str,
        },
        pk=("id", "period"),
        not_null={"ref", "objective_id"},
        foreign_keys=[("period", "periods", "period")],
    )
    db.table("deliverables").create_index(["period", "ref"], unique=True)
    db.table("changes").create(
        {
            "seq": int,
            "id": str,
            "at": str,
            "by": str,
            "replica": str,
            "entity": str,
            "entity_id": str,
            "period": str,
            "field": str,
            "old": str,
            "new": str,
        },
        pk="seq",
        not_null={"id", "at", "entity", "entity_id", "field"},
    )
    db.table("changes").create_index(["id"], unique=True)
    db.table("changes").create_index(["entity_id"])


def m002_cover_report(db: Database) -> None:
    """Board pack cover fields (Committee, Dated, Subject...) stored with the plan."""
    db.table("cover").create({"field": str, "value": str}, pk="field")


def m003_merge_conflicts(db: Database) -> None:
    """Conflicts found when merging offline copies, kept until someone resolves them."""
    db.table("conflicts").create(
        {
            "id": str,
            "entity": str,
            "entity_id": str,
            "period": str,
            "field": str,
            "base": str,
            "mine": str,
            "theirs": str,
            "mine_by": str,
            "mine_at": str,
            "theirs_by": str,
            "theirs_at": str,
            "source": str,
            "found_at": str,
            "resolved_at": str,
            "resolution": str,
        },
        pk="id",
        not_null={"entity", "entity_id", "field", "found_at"},
    )
    db.table("conflicts").create_index(["entity_id"])


def m004_period_covers(db: Database) -> None:
    """Each earlier period keeps the cover of its own meeting.

    The ``cover`` table stays the current period's cover (so a file from an
    earlier release finds its cover there); starting a period files the cover
    under the period it belonged to.
    """
    db.table("period_covers").create(
        {"period": str, "field": str, "value": str},
        pk=("period", "field"),
        foreign_keys=[("period", "periods", "period")],
    )


def m005_measures(db: Database) -> None:
    """Performance measures, their values per month or quarter, and each period's narrative.

    A missing value has no row (never a 0). Periods are written as the papers
    write them: "2024-01" for a month, "Q3 2023/24" for a financial quarter.
    """
    db.table("measures").create(
        {
            "id": str,
            "position": int,
            "name": str,
            "definition": str,
            "unit": str,
            "polarity": str,
            "target": float,
            "frequency": str,
            "lead": str,
            "method": str,
            "baseline_first": int,
            "change_points": str,
            "deliverable_ids": str,
            "objective_ids": str,
        },
        pk="id",
        not_null={"name", "unit", "polarity", "frequency", "method", "position"},
    )
    db.table("measure_values").create(
        {"measure_id": str, "period": str, "value": float},
        pk=("measure_id", "period"),
        not_null={"value"},
        foreign_keys=[("measure_id", "measures", "id")],
    )
    db.table("measure_narratives").create(
        {"measure_id": str, "period": str, "reasons": str, "response": str},
        pk=("measure_id", "period"),
        foreign_keys=[("measure_id", "measures", "id")],
    )


def m006_converging_copies(db: Database) -> None:
    """Change records carry their order and what they point at; merged copies may repeat a ref.

    ``lamport`` orders every write after everything its copy had seen (0 for
    records from earlier releases, which then order by time); ``target`` is the
    objective id a deliverable was put under (for a deletion: the ids of the
    writes it had seen, as JSON); ``marks`` is the "updated" time the write gave
    its row. Two copies may each add 1.16, so a reference (and
    an objective number) is no longer unique in a period: both are kept and
    flagged instead.
    """
    columns = db.table("changes").columns_dict
    for name, kind in (
        ("lamport", "integer not null default 0"),
        ("target", "text"),
        ("marks", "text"),
    ):
        if name not in columns:
            db.execute(f"alter table changes add column {name} {kind}")
    db.table("changes").create_index(["lamport"], if_not_exists=True)
    # What earlier releases' edits did to "updated", as every file computes it alike.
    db.execute(
        "update changes set marks = at where marks is null and entity = 'deliverable' and field "
        "in ('objective', 'commitment', 'lead', 'summary_position', 'rag', 'date_text')"
    )
    db.execute(
        "update changes set marks = new where marks is null and entity = 'deliverable' "
        "and field = 'updated'"
    )
    db.execute(
        "update changes set marks = coalesce(json_extract(new, '$.updated_at'), at) "
        "where marks is null and entity = 'deliverable' and field = 'created'"
    )
    # ...and the rows' "updated" follows them (earlier releases' adds could differ by a moment).
    latest = (
        "from changes c where c.entity_id = deliverables.id and c.period = deliverables.period "
        "and c.marks is not null order by c.lamport desc, c.at desc, c.replica desc, c.id desc "
        "limit 1"
    )
    db.execute(
        f"update deliverables set updated_at = (select c.marks {latest}), "
        f"updated_by = (select c.by {latest}) where exists (select 1 {latest})"
    )
    db.execute("drop index if exists idx_deliverables_period_ref")
    db.execute("drop index if exists idx_objectives_period_number")
    db.table("deliverables").create_index(["period", "ref"])
    db.table("objectives").create_index(["period", "number"])


def m007_registers(db: Database) -> None:
    """The registers around the plan: inspectorate findings and committee actions, per period.

    Like deliverables, each item has a row per period (a period keeps what it
    said); links to deliverables and findings are a text field of sorted ids.
    """
    common = {"id": str, "period": str, "deliverables": str, "updated_at": str, "updated_by": str}
    db.table("findings").create(
        {
            **common,
            "report": str,
            "ref": str,
            "kind": str,
            "scope": str,
            "area": str,
            "text": str,
            "lead": str,
            "rag": str,
            "status": str,
            "target_text": str,
            "progress": str,
        },
        pk=("id", "period"),
        foreign_keys=[("period", "periods", "period")],
    )
    db.table("actions").create(
        {
            **common,
            "number": str,
            "meeting": str,
            "action": str,
            "owner": str,
            "status": str,
            "update": str,
            "due_text": str,
            "due_history": str,
            "findings": str,
        },
        pk=("id", "period"),
        foreign_keys=[("period", "periods", "period")],
    )


STEPS = (
    m001_plan_tables,
    m002_cover_report,
    m003_merge_conflicts,
    m004_period_covers,
    m005_measures,
    m006_converging_copies,
    m007_registers,
)
SCHEMA_VERSION = len(STEPS)
MIGRATION_NAMES = frozenset(step.__name__ for step in STEPS)


@functools.cache
def migrations() -> Migrations:
    """The steps as sqlite-utils migrations, made on first use (only a write needs them)."""
    from sqlite_utils.migrations import Migrations

    steps = Migrations("nhp_planner")
    for step in STEPS:
        steps()(step)
    return steps
