"""Merging another copy of the plan into this one, in one transaction.

Their change records this plan has not got join its history, and every row
those records are about is worked out again from the whole history
(:mod:`nhp_planner.model.store.converged_rows`), so copies merged in any order
end up the same. Where both copies changed one field differently since they
last met, a conflict is recorded for the owner to settle.
"""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import asdict, replace
from pathlib import Path

from nhp_planner.model.entities import CONFLICT_READ_FIELDS, EXISTS
from nhp_planner.model.errors import ValidationError
from nhp_planner.model.merge import (
    MergePlan,
    MergeResult,
    RowKey,
    clash,
    find_conflicts,
)
from nhp_planner.model.plan_file import file_error, now_iso
from nhp_planner.model.refs import ref_sort_key
from nhp_planner.model.store.connection import PlanConnection
from nhp_planner.model.store.copies import private_copy
from nhp_planner.model.store.reads import PlanReads
from nhp_planner.model.store.rows import row_label


class MergeApplication:
    """Bringing in a copy's changes since the copies last met."""

    def __init__(self, conn: PlanConnection, reads: PlanReads) -> None:
        self._conn = conn
        self._reads = reads

    def merge_from(self, other: str | os.PathLike[str], *, dry_run: bool = False) -> MergeResult:
        """Merge another copy of this plan into this one, in one transaction.

        Their change records join this plan's history and the plan becomes what
        the whole history says, the same whichever copy merges which first;
        merging the same copy again changes nothing. Where both changed a field
        differently, every copy shows the later change and a conflict is
        recorded for the owner. Their file is not touched.
        """
        source = Path(other)
        mine = self._reads
        with private_copy(source, user=self._conn.user) as theirs:
            if theirs.plan_id != mine.plan_id:
                raise ValidationError(
                    f"{source}: is not a copy of this plan (it is the plan "
                    f"'{theirs.plan().title}'), so it cannot be merged into this one."
                )
            mine_ids = mine.change_ids()
            try:
                theirs_ids = theirs.change_ids()
                arrived = theirs.changes_except(mine_ids)
            except sqlite3.DatabaseError as error:  # a damaged copy: one sentence, nothing written
                raise file_error(source, error) from error
            merge = MergePlan(imported=arrived)
            result = MergeResult(source, merge)
            if not arrived:
                return result
            # Working out the rows (the registers' and measures' with them) is for records
            # that came in: a copy with nothing new does not load it.
            from nhp_planner.model.store.converged_rows import ConvergedRows, write_rows
            from nhp_planner.model.store.measure_rows import ENTITY as MEASURE

            sides = {"mine": mine, "theirs": theirs}

            def row_json(row: RowKey, side: str) -> str | None:
                values = sides[side].row_values(row)
                return (
                    None
                    if values is None
                    else json.dumps(values, ensure_ascii=False, sort_keys=True)
                )

            merge.conflicts = find_conflicts(
                mine.changes_except(theirs_ids),
                arrived,
                row_json,
                source=source.name,
                now=now_iso(),
            )
            everything = any(r.entity == "period" and r.field == "created" for r in arrived)
            about = None if everything else {r.entity_id for r in arrived}
            changes = ConvergedRows(self._conn).changes(
                [*mine.changes_about(about), *arrived], arrived
            )
            merge.new_periods = [p["period"] for p in changes.new_periods]
            merge.inserts, merge.updates, merge.deletes = (
                changes.inserts,
                changes.updates,
                changes.deletes,
            )
            rows = {*merge.inserts, *(u.row for u in merge.updates), *merge.deletes}
            result.labels = {
                row: row_label(
                    row,
                    changes.names[row]
                    if all(changes.names.get(row, {None: None}).values())
                    else mine.row_values(row) or theirs.row_values(row),
                )
                for row in rows
            }
            if not dry_run:
                with self._conn.writing() as write:
                    write.db.conn.executemany(
                        f"insert into changes ({', '.join(_CHANGE_COLUMNS)}) "
                        f"values ({', '.join('?' * len(_CHANGE_COLUMNS))})",
                        [tuple(getattr(r, c) for c in _CHANGE_COLUMNS) for r in arrived],
                    )
                    for measure_id, fields in write_rows(write, changes):
                        merge.conflicts.append(
                            clash(
                                (MEASURE, measure_id, None),
                                EXISTS,
                                None,
                                json.dumps(fields, ensure_ascii=False, sort_keys=True),
                                source=source.name,
                                now=write.at,
                            )
                        )
                    write.db.table("conflicts").insert_all(
                        {k: v for k, v in asdict(c).items() if k not in CONFLICT_READ_FIELDS}
                        for c in merge.conflicts
                    )
                result.added, result.updated, result.deleted = (
                    merge.inserts,
                    merge.updates,
                    merge.deletes,
                )
                result.conflicts = list(merge.conflicts)
        merge.conflicts = sorted(
            (replace(c, label=mine.conflict_label(c)) for c in merge.conflicts),
            key=lambda c: ref_sort_key(c.label),
        )
        if result.conflicts:
            result.conflicts = list(merge.conflicts)
        return result


_CHANGE_COLUMNS = (
    "id",
    "at",
    "by",
    "replica",
    "entity",
    "entity_id",
    "period",
    "field",
    "old",
    "new",
    "lamport",
    "target",
    "marks",
)
