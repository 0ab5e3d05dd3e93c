"""The plan file on disk: opening SQLite safely, telling a plan from anything else, and errors.

Kept apart from the store so the rules about files (what counts as a plan,
what a damaged or newer file looks like, which failures are the environment's)
read in one place.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import os
import re
import sqlite3
import stat
import sys
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from nhp_planner.model.errors import DiskFullError, NhpError, PlanFileError, ValidationError
from nhp_planner.model.schema import APPLICATION_ID, MIGRATION_NAMES, SCHEMA_VERSION

_SQLITE_MAGIC = b"SQLite format 3\x00"
#: The tables every plan has had since the first release (later ones come with migrations).
PLAN_TABLES = frozenset({"meta", "plan", "periods", "objectives", "deliverables", "changes"})


def now_iso() -> str:
    """The time of an edit, in UTC, to the millisecond: comparable across laptops."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def current_user() -> str:
    """Who is editing, for the change history: the login name."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name in some containers and services
        return "unknown"


def sync_folder(folder: Path) -> None:
    """Flush a folder's entries to disk, so a rename in it survives a power cut (POSIX)."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # Windows cannot open a folder; its renames need no flush there
    try:
        os.fsync(handle)
    except OSError:
        pass  # some file systems (network shares) cannot flush a folder
    finally:
        os.close(handle)


def process_running(pid: int) -> bool:
    """Whether a process of this id runs on this computer."""
    if pid <= 0:
        return False
    if sys.platform == "win32":  # os.kill(pid, 0) would end the process there
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # running, as another user
        return True
    return True


#: A temporary file this old whose process is gone is a leftover (on a shared folder, a
#: process of another computer with the same id may still be writing a newer one).
LEFTOVER_AGE_S = 60


def remove_leftovers(folder: Path, pattern: re.Pattern[str]) -> None:
    """Remove the temporary files in ``folder`` a killed process left (``pattern``'s group 1:
    the process id in the name)."""
    try:
        entries = [entry for entry in os.scandir(folder) if pattern.fullmatch(entry.name)]
    except OSError:
        return
    now = time.time()
    for entry in entries:
        match = pattern.fullmatch(entry.name)
        assert match is not None
        with contextlib.suppress(OSError):
            old = now - entry.stat().st_mtime > LEFTOVER_AGE_S
            if old and not process_running(int(match.group(1))):
                if entry.is_dir():
                    import shutil  # what a killed merge left: rare, and shutil costs some 2 ms

                    shutil.rmtree(entry.path, ignore_errors=True)
                else:
                    os.unlink(entry.path)


#: The temporary file a new plan or copy is written in, named after the process writing it.
_NEW_PLAN_TEMP = re.compile(r"\.nhp-(\d+)-[a-z0-9_]+\.tmp(?:-wal|-shm)?")


@contextmanager
def new_plan_file(target: Path) -> Iterator[Path]:
    """A temporary file beside ``target`` to write a new plan in; it becomes ``target`` at the end.

    The new plan appears complete or not at all: flushed to disk, renamed into
    place, its folder flushed. On any failure the temporary file (and the log
    SQLite kept beside it) is removed, and a full disk, a read-only folder or a
    failing SQLite is one sentence.
    """
    if target.exists():
        raise PlanFileError(f"{target}: a file of that name already exists.")
    if not target.parent.is_dir():
        raise PlanFileError(f"{target}: the folder {target.parent} does not exist.")
    import tempfile  # with random and hashlib behind it: only a new file needs it

    remove_leftovers(target.parent, _NEW_PLAN_TEMP)
    try:
        fd, temp_name = tempfile.mkstemp(
            prefix=f".nhp-{os.getpid()}-", suffix=".tmp", dir=target.parent
        )
        os.close(fd)
    except PermissionError as error:
        raise PlanFileError(
            f"{target}: cannot be written, because the folder {target.parent} is read-only "
            "for you; choose another folder."
        ) from error
    except OSError as error:
        raise PlanFileError(f"{target}: cannot be written ({reason(error)}).") from error
    temp = Path(temp_name)
    try:
        yield temp
        _seal(temp, target)
        with temp.open("rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(temp, target)
        sync_folder(target.parent)
    except OSError as error:
        raise PlanFileError(f"{target}: cannot be written ({reason(error)}).") from error
    except (sqlite3.DatabaseError, DiskFullError) as error:
        said = error if isinstance(error, DiskFullError) else file_error(target, error)
        if isinstance(said, DiskFullError):  # there is no change to speak of: no plan yet
            raise PlanFileError(f"{target}: cannot be written (the disk is full).") from error
        raise said from error
    finally:
        for leftover in (temp, Path(f"{temp}-wal"), Path(f"{temp}-shm")):
            leftover.unlink(missing_ok=True)


def _seal(temp: Path, target: Path) -> None:
    """Move what SQLite's log still holds into the new plan's file, or fail saying why.

    SQLite moves its write-ahead log into the file as its last connection closes,
    and says nothing if that fails (on a full disk it does): the file is then short
    of pages that only the log holds, and the log is removed with the temporary
    files. So the log is moved here, where a failure is raised, and the file must
    then hold every page it counts before it is given the plan's name.
    """
    conn = sqlite3.connect(temp)
    try:
        busy = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        size = pages * conn.execute("PRAGMA page_size").fetchone()[0]
    finally:
        conn.close()
    if busy or temp.stat().st_size < size:
        raise PlanFileError(f"{target}: cannot be written whole (is the disk full?).")


#: SQLite could not make the shared memory a write-ahead log is read through: no room on disk.
_NO_SHARED_MEMORY = frozenset(
    {sqlite3.SQLITE_IOERR_SHMOPEN, sqlite3.SQLITE_IOERR_SHMSIZE, sqlite3.SQLITE_IOERR_SHMMAP}
)


def connect(path: Path, *, read_only: bool = False) -> sqlite3.Connection:
    uri = f"file:{urllib.parse.quote(str(path.resolve()))}?mode={'ro' if read_only else 'rwc'}"
    if read_only and not (os.access(path, os.W_OK) and os.access(path.resolve().parent, os.W_OK)):
        # SQLite cannot make the shared-memory file a plan's write-ahead log needs in a
        # read-only folder; nothing here can change the plan there, so read it as fixed.
        # Nor beside a read-only file: SQLite would make its -wal and -shm read-only like
        # the file, and leave them, so whoever may write the plan could no longer do so.
        return _connected(f"{uri}&immutable=1")
    try:
        return _connected(uri)
    except sqlite3.OperationalError as error:
        log_file = Path(f"{path}-wal")
        if not read_only or getattr(error, "sqlite_errorcode", None) not in _NO_SHARED_MEMORY:
            raise
        if log_file.exists() and log_file.stat().st_size:
            raise
        # A full disk has no room for the shared memory. Nothing is open on the plan (what
        # is open has made it), and its log holds nothing: the file is all of the plan,
        # so it is read as fixed, and a full disk still lets the plan be read and printed.
        return _connected(f"{uri}&immutable=1")


def _connected(uri: str) -> sqlite3.Connection:
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
    """Refuse anything that is not a plan, without writing to it; returns its schema version.

    Everything past the first bytes is read through SQLite, read-only and in one
    read transaction, so a plan another program is writing (its log being
    copied into the file as this runs) reads as the plan it is, never as damaged.
    """
    try:
        status = path.stat()
    except FileNotFoundError:
        raise PlanFileError(f"{path}: no such plan file.") from None
    except OSError as error:
        raise PlanFileError(f"{path}: cannot be read ({error.strerror}).") from error
    if stat.S_ISDIR(status.st_mode):
        raise PlanFileError(f"{path}: is a folder, not a plan file.")
    if not stat.S_ISREG(status.st_mode):
        raise PlanFileError(
            f"{path}: is not an ordinary file (it is a device or a pipe), so it is not a plan file."
        )
    if status.st_size == 0:
        raise PlanFileError(f"{path}: is empty, so it is not an NHP Planner plan file.")
    try:
        with path.open("rb") as handle:
            magic = handle.read(len(_SQLITE_MAGIC))  # written once, when the file is made
    except OSError as error:
        raise PlanFileError(f"{path}: cannot be read ({error.strerror}).") from error
    if magic != _SQLITE_MAGIC:
        raise PlanFileError(
            f"{path}: is not an NHP Planner plan file (it is not an SQLite database)."
        )
    if not Path(f"{path}-wal").exists():
        # Nobody has it open: a plan cut short is refused before SQLite (even
        # read-only) writes the files it keeps beside a plan.
        _check_header_size(path)
    try:
        conn = connect(path, read_only=True)
        try:
            conn.execute("BEGIN")
            version = _check_schema(path, conn)
            _check_size(path, conn)
            conn.execute("select count(*) from deliverables").fetchone()
            conn.execute("COMMIT")
            return version
        finally:
            conn.close()
    except sqlite3.DatabaseError as error:
        raise file_error(path, error) from error


def _check_schema(path: Path, conn: sqlite3.Connection) -> int:
    """The plan's schema version, or why it is not a plan this release can read."""
    tables = {r[0] for r in conn.execute("select name from sqlite_master where type = 'table'")}
    if not {"meta", "deliverables", "_sqlite_migrations"} <= tables:
        raise PlanFileError(f"{path}: is an SQLite database, but not an NHP Planner plan.")
    missing = sorted(PLAN_TABLES - tables)
    if missing:
        raise PlanFileError(
            f"{path}: is damaged (its {' and '.join(missing)} "
            f"table{'s are' if len(missing) > 1 else ' is'} missing)."
        )
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
    return len(applied)


def _check_header_size(path: Path) -> None:
    """Refuse a file shorter than its header says, seen twice with no program writing it.

    A program that starts writing as this runs copies its log into the file
    and may grow it just after its header; so a short file is only damaged when
    it is still short, and still not being written, a moment later.
    """
    for _look in range(2):
        try:
            with path.open("rb") as handle:
                header = handle.read(100)
            size = path.stat().st_size
        except OSError as error:
            raise PlanFileError(f"{path}: cannot be read ({error.strerror}).") from error
        if len(header) < 100:
            short = f"{path}: is damaged (the file is truncated)."
        else:
            page_size = int.from_bytes(header[16:18], "big")
            page_size = 65536 if page_size == 1 else page_size
            page_count = int.from_bytes(header[28:32], "big")
            # The page count is valid when "version-valid-for" matches the change
            # counter (SQLite file format, section 1.3.7).
            valid = header[92:96] == header[24:28]
            if not (valid and page_size and size < page_size * page_count):
                return
            short = (
                f"{path}: is damaged (the file is truncated: {size} of "
                f"{page_size * page_count} bytes)."
            )
        if Path(f"{path}-wal").exists():
            return  # a program has it open: SQLite, in a read transaction, will say
    raise PlanFileError(short)


def _check_size(path: Path, conn: sqlite3.Connection) -> None:
    """A file shorter than SQLite says it is was cut short (a copy that stopped half-way).

    Inside the read transaction the size SQLite gives is the plan's as this
    reader sees it; pages still in the write-ahead log are not yet in the file,
    so the check is made only when no log holds any.
    """
    wal = Path(f"{path}-wal")
    if wal.exists() and wal.stat().st_size > 0:
        return
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    size = path.stat().st_size
    if size < pages * page_size:
        raise PlanFileError(
            f"{path}: is damaged (the file is truncated: {size} of {pages * page_size} bytes)."
        )


def leftover_log_note(path: Path) -> str:
    """For a damaged plan: name a left-over write-ahead log (``-wal``) beside it, and what to do.

    Only a log that holds something counts: SQLite makes an empty one (and a
    ``-shm``) whenever it opens a plan.
    """
    wal = Path(f"{path}-wal")
    try:
        if wal.stat().st_size == 0:
            return ""
    except OSError:
        return ""
    return (
        f"; {wal.name} beside it is left over from a program that stopped while writing and "
        "may belong to an earlier copy of the plan, so to put a backup back use Restore from "
        "Backup (nhp-planner restore BACKUP --plan PLAN) rather than copying it over the plan"
    )


class DamagedContent(Exception):
    """A plan file holds what no plan holds (an unknown RAG, bytes where text belongs).

    Raised where a row is read, which knows what is wrong but not the file;
    the store turns it into a PlanFileError naming the file (see :func:`damaged`).
    """


def damaged(path: Path | None, detail: str) -> PlanFileError:
    """The one sentence for a damaged plan, naming a left-over log beside it if there is one."""
    where = f"{path}: " if path else ""
    note = leftover_log_note(path) if path is not None else ""
    return PlanFileError(f"{where}is damaged ({detail}){note}.")


def reason(error: OSError) -> str:
    """Why a file operation failed, in words for people."""
    if isinstance(error, FileNotFoundError):
        return "the folder does not exist"
    if isinstance(error, PermissionError):
        return "permission denied (is the file open in another program?)"
    if isinstance(error, IsADirectoryError):
        return "that is a folder"
    return (error.strerror or str(error)).rstrip(".").lower()


def file_error(path: Path | None, error: sqlite3.DatabaseError) -> NhpError:
    """Tell the environment failing (disk full, locked) from a damaged file, in one sentence."""
    code = getattr(error, "sqlite_errorcode", None)
    error = type(error)(" ".join(str(error).split()))  # SQLite's own text may hold new lines
    message = str(error).lower()
    where = f"{path}: " if path else ""
    if "locked" in message or "busy" in message:
        return PlanFileError(f"{where}the plan is busy in another program; try again in a moment.")
    if "full" in message or code in _NO_SHARED_MEMORY:
        return DiskFullError(f"{where}the disk is full, so the change was not saved.")
    if "readonly" in message or "read-only" in message:
        return PlanFileError(f"{where}the plan file cannot be written (it is read-only).")
    if any(
        word in message
        for word in ("malformed", "not a database", "corrupt", "no such table", "could not decode")
    ):
        return damaged(path, str(error))
    if isinstance(error, sqlite3.IntegrityError):
        return ValidationError(f"{where}the change breaks a rule of the plan ({error}).")
    return PlanFileError(f"{where}could not be read or written ({error}).")


def write_blocker(path: Path) -> str | None:
    """Why the plan at ``path`` cannot be changed from here, in words; None if it can."""
    folder = path.resolve().parent
    if not os.access(folder, os.W_OK):
        return f"the folder {folder} is read-only"
    if path.exists() and not os.access(path, os.W_OK):
        return f"the file {path.name} is read-only"
    return None
