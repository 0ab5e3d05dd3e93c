"""The open plan database, its transactions, and the history writer every write goes through.

Every write runs in one transaction together with its change-history rows, so
an edit and the record of it land together or not at all. The parts of the
store read through :class:`PlanConnection` and write only inside
:meth:`PlanConnection.writing`, through the :class:`HistoryWriter` it yields.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from sqlite_utils import Database

from nhp_planner.model.entities import new_id
from nhp_planner.model.errors import PlanLockedError
from nhp_planner.model.plan_file import DamagedContent, damaged, file_error, now_iso


class PlanConnection:
    """One plan file's database, who is using it, and the transaction under way (if any)."""

    def __init__(self, db: Database, path: Path | None, *, read_only: bool, user: str) -> None:
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
            with self.db.atomic():
                if immediate and not self.db.conn.in_transaction:
                    self.db.execute("BEGIN IMMEDIATE")
                yield write
                write.flush()
        except sqlite3.DatabaseError as error:
            raise file_error(self.path, error) from error
        finally:
            self._current_write = None

    def close(self) -> None:
        self.db.close()


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

    def __init__(self, db: Database, user: str, replica: str | None) -> None:
        self.db = db
        self.user = user
        self._replica = replica
        self.at = now_iso()
        self._rows: list[dict[str, Any]] = []
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
            {
                "id": new_id(),
                "at": self.at,
                "by": self.user,
                "replica": self._replica,
                "entity": entity,
                "entity_id": entity_id,
                "period": period,
                "field": field,
                "old": old,
                "new": new,
                "lamport": self._lamport,
                "target": target,
                "marks": marks,
            }
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
            self.db.conn.executemany(_INSERT_CHANGE, [tuple(row.values()) for row in self._rows])
            self._rows = []


#: Column order of the rows ``HistoryWriter.record`` builds.
_INSERT_CHANGE = (
    "insert into changes (id, at, by, replica, entity, entity_id, period, field, old, new, "
    "lamport, target, marks) "
    "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
