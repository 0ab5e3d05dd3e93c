"""Creating, opening and migrating plan files; each gives a :class:`PlanConnection`.

A new plan file appears complete or not at all; an older one is backed up and
migrated as it opens; anything that is not a plan is refused before a byte of
it is written.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from pathlib import Path

from nhp_planner.model.entities import CoverReport, Plan, new_id
from nhp_planner.model.periods import ReportingPeriod
from nhp_planner.model.plan_file import check_plan_file, connect, file_error, new_plan_file, now_iso
from nhp_planner.model.schema import APPLICATION_ID, SCHEMA_VERSION, migrations
from nhp_planner.model.store.connection import PlanConnection, PlanDatabase

log = logging.getLogger(__name__)


def create_file(
    target: Path,
    plan: Plan,
    period: ReportingPeriod | None,
    user: str,
    populate: Callable[[PlanConnection], object] | None,
) -> None:
    """Write a new plan file; ``populate`` fills it before it appears under its name."""
    with new_plan_file(target) as temp:
        temp.unlink()  # SQLite makes the file itself
        db = PlanDatabase(connect(temp))
        # Nothing is flushed to disk while the file is built: until it is sealed, flushed
        # and renamed (new_plan_file) it is a temporary file that a crash leaves for the
        # next start to remove, so a flush at each of its dozen commits (the schema's
        # steps, the plan, an import's rows) would keep nothing and cost some 100 ms.
        try:
            db.execute("PRAGMA synchronous=OFF")
            # Said of the name asked for: the temporary file is nobody's to know of.
            _initialise(db, plan, period, user, target)
            if populate is not None:
                populate(PlanConnection(db, target, read_only=False, user=user))
        finally:
            db.close()


def in_memory(plan: Plan, period: ReportingPeriod | None, user: str) -> PlanConnection:
    """A plan that lives only while the program runs."""
    db = PlanDatabase(sqlite3.connect(":memory:"))
    _initialise(db, plan, period, user)
    return PlanConnection(db, None, read_only=False, user=user)


def open_file(target: Path, *, read_only: bool, user: str) -> PlanConnection:
    """Open a plan file, migrating it (after a backup) if an older release wrote it."""
    version = check_plan_file(target)
    if read_only and version < SCHEMA_VERSION:
        return _migrated_copy(target, version, user)
    if read_only:
        conn = connect(target, read_only=True)
        return PlanConnection(PlanDatabase(conn), target, read_only=True, user=user)
    if version < SCHEMA_VERSION:
        backup = target.with_name(f"{target.name}.schema{version}.bak")
        _back_up(target, backup)
        log.info("Upgrading %s from schema %s; backup at %s", target, version, backup)
    db = PlanDatabase(connect(target))
    try:
        # Only what needs writing is written: a plan of this release opens without a
        # write, so a file damaged past what the check reads is refused unchanged.
        if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            db.execute("PRAGMA journal_mode=WAL")
        stamped = db.execute("PRAGMA user_version").fetchone()[0]
        if version < SCHEMA_VERSION or stamped != SCHEMA_VERSION:
            _migrate(db)
    except sqlite3.DatabaseError as error:
        db.close()
        raise file_error(target, error) from error
    return PlanConnection(db, target, read_only=False, user=user)


def _migrated_copy(target: Path, version: int, user: str) -> PlanConnection:
    """An older release's plan opened read-only: read through a copy in memory, migrated.

    The file is not written (it may be on a read-only share, or only being looked
    at); every read sees this release's tables. The copy is of the file as it was
    opened, so it does not follow an older release still writing to it.
    """
    log.info("Reading %s (schema %s) through a copy migrated in memory", target, version)
    source = connect(target, read_only=True)
    db = PlanDatabase(sqlite3.connect(":memory:"))
    try:
        source.backup(db.conn)
        _migrate(db)
    except sqlite3.DatabaseError as error:
        db.close()
        raise file_error(target, error) from error
    finally:
        source.close()
    return PlanConnection(db, target, read_only=True, user=user)


def _back_up(plan: Path, backup: Path) -> None:
    """Copy the plan through SQLite, so what its log holds is in the backup too."""
    source = connect(plan, read_only=True)
    try:
        target = sqlite3.connect(backup)
        try:
            source.backup(target)
        finally:
            target.close()
    except sqlite3.DatabaseError as error:
        raise file_error(plan, error) from error
    finally:
        source.close()


def _initialise(
    db: PlanDatabase,
    plan: Plan,
    period: ReportingPeriod | None,
    user: str,
    name: Path | None = None,
) -> None:
    """Make the tables of a new plan and write its first rows; errors are said of ``name``."""
    db.execute("PRAGMA journal_mode=WAL")
    _migrate(db)
    with db.atomic():
        db.table("meta").insert_all(
            [
                {"key": "application", "value": APPLICATION_ID},
                {"key": "plan_id", "value": plan.id},
                {"key": "replica_id", "value": new_id()},
                {"key": "created_at", "value": now_iso()},
            ]
        )
        db.table("plan").insert(
            {
                "id": plan.id,
                "title": plan.title,
                "force": plan.force,
                "owner": plan.owner,
                "rag_green": plan.rag_key.green,
                "rag_amber": plan.rag_key.amber,
                "rag_red": plan.rag_key.red,
                "current_period": None,
            }
        )
        db.table("cover").insert_all(
            {"field": name, "value": getattr(plan.cover, name)}
            for name in CoverReport.field_names()
        )
    from nhp_planner.model.store.periods import PeriodEdits
    from nhp_planner.model.store.reads import PlanReads

    conn = PlanConnection(db, name, read_only=False, user=user)
    with conn.writing() as write:
        write.record("plan", plan.id, "created", None, plan.title)
        if period is not None:
            PeriodEdits(conn, PlanReads(conn)).insert(write, period)


def _migrate(db: PlanDatabase) -> None:
    migrations().apply(db.utils)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
