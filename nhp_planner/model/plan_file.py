"""The plan file on disk: opening SQLite safely, telling a plan from anything else, and errors.

Kept apart from the store so the rules about files (what counts as a plan,
what a damaged or newer file looks like, which failures are the environment's)
read in one place.
"""

from __future__ import annotations

import datetime as dt
import getpass
import sqlite3
import urllib.parse
from pathlib import Path

from nhp_planner.model.errors import NhpError, PlanFileError, ValidationError
from nhp_planner.model.schema import APPLICATION_ID, MIGRATION_NAMES, SCHEMA_VERSION

_SQLITE_MAGIC = b"SQLite format 3\x00"


def now_iso() -> str:
    """The time of an edit, in UTC, to the millisecond: comparable across laptops."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def current_user() -> str:
    """Who is editing, for the change history: the login name."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name in some containers and services
        return "unknown"


def connect(path: Path, *, read_only: bool = False) -> sqlite3.Connection:
    uri = f"file:{urllib.parse.quote(str(path.resolve()))}?mode={'ro' if read_only else 'rwc'}"
    conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
    try:
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA synchronous=FULL")
    except BaseException:
        # A damaged file can fail here; the caller never sees the connection, so close it.
        conn.close()
        raise
    return conn


def check_plan_file(path: Path) -> int:
    """Refuse anything that is not a plan, without writing to it; returns its schema version."""
    if not path.exists():
        raise PlanFileError(f"{path}: no such plan file.")
    if path.is_dir():
        raise PlanFileError(f"{path}: is a folder, not a plan file.")
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
        size = path.stat().st_size
    except OSError as error:
        raise PlanFileError(f"{path}: cannot be read ({error.strerror}).") from error
    if size == 0:
        raise PlanFileError(f"{path}: is empty, so it is not an NHP Planner plan file.")
    if not header.startswith(_SQLITE_MAGIC):
        raise PlanFileError(
            f"{path}: is not an NHP Planner plan file (it is not an SQLite database)."
        )
    if len(header) < 100:
        raise PlanFileError(f"{path}: is damaged (the file is truncated).")
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    page_count = int.from_bytes(header[28:32], "big")
    # The page count in the header is only valid when "version-valid-for" matches
    # the change counter (SQLite file format, section 1.3.7).
    count_valid = header[92:96] == header[24:28]
    if count_valid and page_size and size < page_size * page_count:
        raise PlanFileError(
            f"{path}: is damaged (the file is truncated: {size} of {page_size * page_count} bytes)."
        )
    try:
        conn = connect(path, read_only=True)
        try:
            tables = {
                r[0] for r in conn.execute("select name from sqlite_master where type = 'table'")
            }
            if "meta" not in tables or "deliverables" not in tables:
                raise PlanFileError(f"{path}: is an SQLite database, but not an NHP Planner plan.")
            app = conn.execute("select value from meta where key = 'application'").fetchone()
            if not app or app[0] != APPLICATION_ID:
                raise PlanFileError(f"{path}: is an SQLite database, but not an NHP Planner plan.")
            applied = {
                r[0]
                for r in conn.execute(
                    "select name from _sqlite_migrations where migration_set = 'nhp_planner'"
                )
            }
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION or applied - MIGRATION_NAMES:
                raise PlanFileError(
                    f"{path}: was written by a newer release of NHP Planner "
                    f"(plan file version {version}; this release reads up to {SCHEMA_VERSION}). "
                    "Update NHP Planner to open it."
                )
            conn.execute("select count(*) from deliverables").fetchone()
            return len(applied)
        finally:
            conn.close()
    except sqlite3.DatabaseError as error:
        raise file_error(path, error) from error


def file_error(path: Path | None, error: sqlite3.DatabaseError) -> NhpError:
    """Tell the environment failing (disk full, locked) from a damaged file, in one sentence."""
    message = str(error).lower()
    where = f"{path}: " if path else ""
    if "locked" in message or "busy" in message:
        return PlanFileError(f"{where}the plan is busy in another program; try again in a moment.")
    if "full" in message:
        return PlanFileError(f"{where}the disk is full, so the change was not saved.")
    if "readonly" in message or "read-only" in message:
        return PlanFileError(f"{where}the plan file cannot be written (it is read-only).")
    if "malformed" in message or "not a database" in message or "corrupt" in message:
        return PlanFileError(f"{where}is damaged ({error}).")
    if isinstance(error, sqlite3.IntegrityError):
        return ValidationError(f"{where}the change breaks a rule of the plan ({error}).")
    return PlanFileError(f"{where}could not be read or written ({error}).")
