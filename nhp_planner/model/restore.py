"""Putting a backup of a plan back: copied through SQLite, the plan it replaces kept aside.

Copying a backup over a plan file by hand goes wrong when the plan's
write-ahead log (``-wal``) was left beside it by a program that stopped: SQLite
would apply that log, meant for the old file, to the backup, rolling it forward
into something that was never saved, or into a damaged file. Restoring moves the
old plan and its log aside together and writes the backup with SQLite's backup
API, so the plan comes back exactly as the backup holds it.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
import sqlite3
from pathlib import Path

from nhp_planner.model.errors import PlanFileError
from nhp_planner.model.plan_file import check_plan_file, connect, file_error, sync_folder

#: The files SQLite keeps beside a plan, which move aside with it.
SIDE_FILES = ("-wal", "-shm")


def restore_backup(backup: Path, plan: Path) -> Path | None:
    """Make ``plan`` exactly what ``backup`` holds; returns where the plan it replaced was put.

    The caller holds the plan's lock. Nothing is moved unless the backup is a
    readable plan and its copy is complete and checked.

    Raises:
        PlanFileError: the backup is not a plan, or the folder cannot be written.
    """
    if backup.resolve() == plan.resolve():
        raise PlanFileError(f"{backup}: is the plan itself, not a backup of it.")
    check_plan_file(backup)
    folder = plan.parent
    if not folder.is_dir():
        raise PlanFileError(f"{plan}: the folder {folder} does not exist.")
    temp = folder / f".{plan.name}-restore-{secrets.token_hex(4)}.tmp"
    try:
        _copy(backup, temp)
        aside = _move_aside(plan) if plan.exists() else None
        os.replace(temp, plan)
        sync_folder(folder)
    except OSError as error:
        raise PlanFileError(
            f"{plan}: the backup could not be restored ({error.strerror or error})."
        ) from error
    finally:
        for leftover in (temp, *(Path(f"{temp}{suffix}") for suffix in SIDE_FILES)):
            leftover.unlink(missing_ok=True)
    return aside


def _copy(backup: Path, temp: Path) -> None:
    """Copy the backup page by page through SQLite, check the copy, and flush it to disk."""
    source = connect(backup, read_only=True)
    try:
        target = sqlite3.connect(temp)
        try:
            source.backup(target)
            target.execute("PRAGMA journal_mode=DELETE")  # one file, no log beside it
            problem = target.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            target.close()
    except sqlite3.DatabaseError as error:
        raise file_error(backup, error) from error
    finally:
        source.close()
    if problem != "ok":
        raise PlanFileError(f"{backup}: is damaged ({problem}), so it was not restored.")
    with temp.open("rb+") as handle:
        os.fsync(handle.fileno())


def _move_aside(plan: Path) -> Path:
    """Rename the plan and the log SQLite left with it, so it still opens as it was."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    aside = plan.with_name(f"{plan.name}.before-restore-{stamp}")
    os.replace(plan, aside)
    for suffix in SIDE_FILES:
        side = Path(f"{plan}{suffix}")
        if side.exists():
            os.replace(side, Path(f"{aside}{suffix}"))
    return aside
