"""Copies of a plan for someone to update offline, and opening one to merge it back.

A copy holds the whole plan with its own replica id and remembers where it came
from; the lead it was sent to is what the window filters to when it opens.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database

from nhp_planner.model.entities import new_id
from nhp_planner.model.errors import PlanFileError, ValidationError
from nhp_planner.model.plan_file import connect, file_error, now_iso
from nhp_planner.model.store.connection import PlanConnection
from nhp_planner.model.store.opening import open_file
from nhp_planner.model.store.reads import PlanReads


class Copies:
    """Making offline copies, and what a copy knows of where it came from."""

    def __init__(self, conn: PlanConnection, reads: PlanReads) -> None:
        self._conn = conn
        self._reads = reads

    def make_copy(self, out: str | os.PathLike[str], *, lead: str | None = None) -> Path:
        """Write a copy of the plan for someone to update offline, to merge back later.

        The copy gets its own replica id and remembers where it came from; with
        ``lead``, it opens filtered to that lead's deliverables (it still holds
        the whole plan, so merging it back never looks like deletions).
        """
        target = Path(out)
        if target.exists():
            raise PlanFileError(f"{target}: a file of that name already exists.")
        deliverables = self._reads.deliverables()
        if lead is not None and lead not in {d.lead for d in deliverables}:
            leads = sorted({d.lead for d in deliverables if d.lead})
            raise ValidationError(
                f"No deliverable has the lead '{lead}'; leads are: {', '.join(leads) or 'none'}."
            )
        fd, temp_name = tempfile.mkstemp(prefix=".nhp-", suffix=".tmp", dir=target.parent)
        os.close(fd)
        temp = Path(temp_name)
        try:
            out_conn = sqlite3.connect(temp)
            self._conn.db.conn.backup(out_conn)
            out_conn.close()
            copy = Database(connect(temp), execute_plugins=False)
            with copy.atomic():
                lineage = {
                    "replica": self._reads.replica_id,
                    "path": str(self._conn.path or ""),
                    "at": now_iso(),
                }
                for key, value in (
                    ("replica_id", new_id()),
                    ("copied_from", json.dumps(lineage)),
                    ("lead", lead),
                ):
                    copy.table("meta").upsert({"key": key, "value": value}, pk="key")
            copy.close()
            os.replace(temp, target)
        except BaseException:
            temp.unlink(missing_ok=True)
            raise
        return target

    def save_copy(self, out: str | os.PathLike[str]) -> Path:
        """Write the plan exactly as it stands to another file (File ▸ Save a Copy).

        Unlike :meth:`make_copy` this is the same plan, not an offline copy to merge
        back: it keeps the replica id and its history. Read from the open connection,
        so it works after the plan's own file was moved or deleted. The file appears
        complete or not at all; an existing file is never written over.
        """
        target = Path(out)
        if target.exists():
            raise PlanFileError(f"{target}: a file of that name already exists.")
        if not target.parent.is_dir():
            raise PlanFileError(f"{target}: the folder {target.parent} does not exist.")
        fd, temp_name = tempfile.mkstemp(prefix=".nhp-", suffix=".tmp", dir=target.parent)
        os.close(fd)
        temp = Path(temp_name)
        try:
            out_conn = sqlite3.connect(temp)
            try:
                self._conn.db.conn.backup(out_conn)
            finally:
                out_conn.close()
            os.replace(temp, target)
        except sqlite3.DatabaseError as error:
            temp.unlink(missing_ok=True)
            raise file_error(target, error) from error
        except BaseException:
            temp.unlink(missing_ok=True)
            raise
        return target

    @property
    def copied_from(self) -> dict[str, str] | None:
        """Where this copy came from (replica id, path, time), if it was made as a copy."""
        value = self._conn.meta("copied_from")
        return dict(json.loads(value)) if value else None

    @property
    def lead_filter(self) -> str | None:
        """The lead a copy was sent to: the window opens filtered to their deliverables."""
        return self._conn.meta("lead")


@contextmanager
def private_copy(source: Path, *, user: str) -> Iterator[PlanReads]:
    """Read another plan file through a private copy, so reading (or upgrading) never touches it."""
    if not source.exists():
        raise PlanFileError(f"{source}: no such plan file.")
    with tempfile.TemporaryDirectory(prefix="nhp-merge-") as folder:
        copy = Path(folder) / "theirs.nhp"
        shutil.copyfile(source, copy)
        wal = Path(f"{source}-wal")
        if wal.exists():  # changes not yet checkpointed into the file
            shutil.copyfile(wal, Path(f"{copy}-wal"))
        try:
            conn = open_file(copy, read_only=False, user=user)
        except PlanFileError as error:
            raise PlanFileError(str(error).replace(str(copy), str(source))) from error
        try:
            yield PlanReads(conn)
        finally:
            conn.close()
