"""Copies of a plan for someone to update offline, and opening one to merge it back.

A copy holds the whole plan with its own replica id and remembers where it came
from; the lead it was sent to is what the window filters to when it opens.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from nhp_planner.model.entities import new_id
from nhp_planner.model.errors import PlanFileError, ValidationError
from nhp_planner.model.plan_file import (
    check_plan_file,
    connect,
    file_error,
    new_plan_file,
    now_iso,
    reason,
    remove_leftovers,
)
from nhp_planner.model.store.connection import PlanConnection, PlanDatabase
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
        if target.exists():  # said before the plan is read, as well as by new_plan_file
            raise PlanFileError(f"{target}: a file of that name already exists.")
        deliverables = self._reads.deliverables()
        if lead is not None and lead not in {d.lead for d in deliverables}:
            leads = sorted({d.lead for d in deliverables if d.lead})
            raise ValidationError(
                f"No deliverable has the lead '{lead}'; leads are: {'; '.join(leads) or 'none'}."
            )
        with new_plan_file(target) as temp:
            out_conn = sqlite3.connect(temp)
            try:
                self._conn.db.conn.backup(out_conn)
            finally:
                out_conn.close()
            copy = PlanDatabase(connect(temp))
            try:
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
                        copy.execute(
                            "insert into meta (key, value) values (?, ?) "
                            "on conflict (key) do update set value = excluded.value",
                            [key, value],
                        )
            finally:
                copy.close()
        return target

    def save_copy(self, out: str | os.PathLike[str]) -> Path:
        """Write the plan exactly as it stands to another file (File ▸ Save a Copy).

        Unlike :meth:`make_copy` this is the same plan, not an offline copy to merge
        back: it keeps the replica id and its history. Read from the open connection,
        so it works after the plan's own file was moved or deleted. The file appears
        complete or not at all; an existing file is never written over.
        """
        target = Path(out)
        with new_plan_file(target) as temp:
            out_conn = sqlite3.connect(temp)
            try:
                self._conn.db.conn.backup(out_conn)
            finally:
                out_conn.close()
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


#: The largest copy merged: five times a plan of 10,000 deliverables over two years.
MOST_COPY_BYTES = 1 << 30
#: The most change records a copy may bring: each is compared with this plan's history.
MOST_COPY_CHANGES = 2_000_000
_TEMP_PREFIX = "nhp-merge-"
_LEFTOVER_FOLDER = re.compile(rf"{_TEMP_PREFIX}(\d+)-\w+")


@contextmanager
def private_copy(source: Path, *, user: str) -> Iterator[PlanReads]:
    """Read another plan file through a private copy, so reading (or upgrading) never touches it.

    The file is checked to be a plan of a size worth reading before anything is
    copied (a pipe or a device would never end); the copy goes in a temporary
    folder named after this process, which the next merge removes if a kill
    left it behind.
    """
    check_plan_file(source)
    size = source.stat().st_size + _size(Path(f"{source}-wal"))
    if size > MOST_COPY_BYTES:
        raise PlanFileError(
            f"{source}: is {size / (1 << 20):,.0f} MB, more than the "
            f"{MOST_COPY_BYTES >> 20:,} MB a copy to merge may be, so it was not read."
        )
    remove_leftovers(Path(tempfile.gettempdir()), _LEFTOVER_FOLDER)
    with tempfile.TemporaryDirectory(prefix=f"{_TEMP_PREFIX}{os.getpid()}-") as folder:
        copy = Path(folder) / "theirs.nhp"
        try:
            shutil.copyfile(source, copy)
            wal = Path(f"{source}-wal")
            if wal.exists():  # changes not yet checkpointed into the file
                shutil.copyfile(wal, Path(f"{copy}-wal"))
        except OSError as error:
            raise PlanFileError(
                f"{source}: could not be copied to read it ({reason(error)})."
            ) from error
        try:
            conn = open_file(copy, read_only=False, user=user)
            try:
                changes = _count_changes(copy, conn)
                if changes > MOST_COPY_CHANGES:
                    raise PlanFileError(
                        f"{copy}: holds {changes:,} change records, more than the "
                        f"{MOST_COPY_CHANGES:,} a copy to merge may bring, so it was not merged."
                    )
                yield PlanReads(conn)
            finally:
                conn.close()
        except PlanFileError as error:  # said of the copy: say it of their file
            raise PlanFileError(str(error).replace(str(copy), str(source))) from error


def _count_changes(copy: Path, conn: PlanConnection) -> int:
    try:
        return int(conn.db.execute("select count(*) from changes").fetchone()[0])
    except sqlite3.DatabaseError as error:
        raise file_error(copy, error) from error


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
