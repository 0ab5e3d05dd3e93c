"""The open plan database, its transactions, and the history writer every write goes through.

Every write runs in one transaction together with its change-history rows, so
an edit and the record of it land together or not at all. The parts of the
store read through :class:`PlanConnection` and write only inside
:meth:`PlanConnection.writing`, through the :class:`HistoryWriter` it yields.

Reads and transactions go straight through :mod:`sqlite3`; sqlite-utils (and
the click, dateutil and pluggy it brings, some 50 ms to import) is imported only
when a write or a migration asks for its table helpers, so a command or window
that only reads never pays for it.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from nhp_planner.model.entities import new_id
from nhp_planner.model.errors import PlanLockedError
from nhp_planner.model.plan_file import DamagedContent, damaged, file_error, now_iso

TYPE_CHECKING = False  # typing is for mypy only: start-up (see docs/ARCHITECTURE.md, Rules)
if TYPE_CHECKING:
    from typing import Any, TypeVar

    from sqlite_utils import Database
    from sqlite_utils.db import Table


class PlanDatabase:
    """One SQLite connection to a plan file, with the few calls the store's parts make on it.

    ``query``, ``execute`` and ``atomic`` are plain sqlite3; ``table`` (inserts,
    updates, upserts, creating tables) hands over to a sqlite-utils ``Database``
    over the same connection, made on first use. ``conn`` is the connection itself.
    """

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._utils: Database | None = None

    @property
    def utils(self) -> Database:
        """sqlite-utils over this connection, for migrations and the table helpers."""
        if self._utils is None:
            from sqlite_utils import Database

            self._utils = Database(self.conn, execute_plugins=False)
        return self._utils

    def table(self, name: str) -> Table:
        """sqlite-utils's helpers for one table (insert, update, upsert, create)."""
        return self.utils.table(name)

    def execute(self, sql: str, parameters: Sequence[Any] = ()) -> sqlite3.Cursor:
        """Run one statement; a write outside a transaction is committed as its own."""
        outside = not self.conn.in_transaction
        try:
            cursor = self.conn.execute(sql, parameters)
        except BaseException:
            if outside and self.conn.in_transaction:
                self.conn.rollback()
            raise
        if outside and self.conn.in_transaction:
            self.conn.commit()
        return cursor

    def query(self, sql: str, parameters: Sequence[Any] = ()) -> Iterator[dict[str, Any]]:
        """The rows of a read, each a dict by column name (run now, fetched as iterated)."""
        cursor = self.conn.execute(sql, parameters)
        names = [column[0] for column in cursor.description]
        return (dict(zip(names, row, strict=True)) for row in cursor)

    @contextmanager
    def atomic(self, *, immediate: bool = False) -> Iterator[None]:
        """One transaction (a savepoint within one already open): all of it lands or none.

        ``immediate`` takes the write lock as the transaction begins.
        """
        if self.conn.in_transaction:
            name = f"nhp_{new_id().replace('-', '')}"
            self.conn.execute(f"SAVEPOINT {name}")
            try:
                yield
            except BaseException:
                if self.conn.in_transaction:  # an error may have ended the transaction already
                    self.conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
                    self.conn.execute(f"RELEASE SAVEPOINT {name}")
                raise
            self.conn.execute(f"RELEASE SAVEPOINT {name}")
            return
        self.conn.execute("BEGIN IMMEDIATE" if immediate else "BEGIN")
        try:
            yield
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.rollback()
            raise

    def close(self) -> None:
        self.conn.close()


class PlanConnection:
    """One plan file's database, who is using it, and the transaction under way (if any)."""

    def __init__(self, db: PlanDatabase, path: Path | None, *, read_only: bool, user: str) -> None:
        self.db = db
        self.path = path
        self.read_only = read_only
        self.user = user
        self.replica = self.meta("replica_id")
        self._current_write: HistoryWriter | None = None

    def meta(self, key: str) -> str | None:
        """A value of the plan file's ``meta`` table (plan id, replica id, lineage)."""
        rows = list(self.db.query("select value from meta where key = ?", [key]))
        return rows[0]["value"] if rows else None

    def one(self, sql: str) -> dict[str, Any]:
        """The first row a query returns (the plan's own row: a plan without one is damaged)."""
        row = next(iter(self.db.query(sql)), None)
        if row is None:
            raise DamagedContent("its plan table is empty")
        return row

    def changed_elsewhere(self) -> bool:
        """Whether another connection (another program) has changed the plan since last asked.

        SQLite's ``data_version`` changes whenever another connection commits;
        this connection's own commits leave it as it is.
        """
        version = int(self.db.execute("PRAGMA data_version").fetchone()[0])
        changed = self._data_version is not None and version != self._data_version
        self._data_version = version
        return changed

    _data_version: int | None = None

    @contextmanager
    def writing(self, *, immediate: bool = False) -> Iterator[HistoryWriter]:
        """One transaction with its change-history rows; nested calls join the outer one.

        ``immediate`` takes the write lock at once (``BEGIN IMMEDIATE``), for a
        write that decides from what it reads first (no other program can write
        between the read and the write).
        """
        if self.read_only:
            raise PlanLockedError(
                f"{self.path}: the plan is open read-only, so it cannot be changed."
            )
        outer = self._current_write
        if outer is not None:
            yield outer
            return
        write = HistoryWriter(self.db, self.user, self.replica)
        self._current_write = write
        try:
            with self.db.atomic(immediate=immediate):
                yield write
                write.flush()
        except sqlite3.DatabaseError as error:
            raise file_error(self.path, error) from error
        finally:
            self._current_write = None

    def close(self) -> None:
        self.db.close()


if TYPE_CHECKING:
    _Read = TypeVar("_Read", bound=Callable[..., Any])


def reports_damage(read: _Read) -> _Read:
    """Make a read of a part of the store say what a damaged plan file did to it, in a sentence.

    The part's ``_conn`` names the file; SQLite's errors (a page that will not
    read, text that is not UTF-8) and :class:`DamagedContent` become a
    PlanFileError saying the plan is damaged.
    """

    @functools.wraps(read)
    def guarded(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return read(self, *args, **kwargs)
        except sqlite3.DatabaseError as error:
            raise file_error(self._conn.path, error) from error
        except DamagedContent as error:
            raise damaged(self._conn.path, str(error)) from error

    return guarded  # type: ignore[return-value]


class HistoryWriter:
    """The change-history rows of one transaction, written in one go at its end.

    ``db`` is the database to write to: the parts write only through the writer
    of the transaction they are in, so no write goes unrecorded by accident.
    """

    def __init__(self, db: PlanDatabase, user: str, replica: str | None) -> None:
        self.db = db
        self.user = user
        self._replica = replica
        self.at = now_iso()
        self._rows: list[tuple[str | int | None, ...]] = []
        self._lamport: int | None = None

    def record(
        self,
        entity: str,
        entity_id: str,
        field: str,
        old: str | None,
        new: str | None,
        period: str | None = None,
        *,
        target: str | None = None,
        marks: str | None = None,
    ) -> None:
        """Record one write; it orders after every record this file holds (its lamport).

        Args:
            target: the objective id a deliverable goes under (``objective``, ``created``).
            marks: the "updated" time the write gives its row, if it marks it updated.
        """
        if self._lamport is None:
            self._lamport = self.db.conn.execute(
                "select coalesce(max(lamport), 0) from changes"
            ).fetchone()[0]
        self._lamport += 1
        self._rows.append(
            (
                new_id(),
                self.at,
                self.user,
                self._replica,
                entity,
                entity_id,
                period,
                field,
                old,
                new,
                self._lamport,
                target,
                marks,
            )
        )

    def record_many(
        self,
        records: Iterable[tuple[str, str, str, str | None, str | None, str | None]],
        *,
        targets: Iterable[str | None] | None = None,
        marks: Iterable[str | None] | None = None,
    ) -> None:
        """Record several writes; ``targets`` and ``marks``, if given, go with them in order."""
        listed = list(records)
        target_list = list(targets) if targets is not None else [None] * len(listed)
        mark_list = list(marks) if marks is not None else [None] * len(listed)
        for record, target, mark in zip(listed, target_list, mark_list, strict=True):
            self.record(*record, target=target, marks=mark)

    def flush(self) -> None:
        if self._rows:
            self.db.conn.executemany(_INSERT_CHANGE, self._rows)
            self._rows = []


#: The columns of the rows ``HistoryWriter.record`` builds, in their order.
_INSERT_CHANGE = (
    "insert into changes (id, at, by, replica, entity, entity_id, period, field, old, new, "
    "lamport, target, marks) "
    "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
