"""Merging another copy of the plan into this one, in one transaction.

:func:`nhp_planner.model.merge.plan_merge` decides what comes in from both
change histories; this part applies that plan to the file: their new periods
and rows, their field changes, their deletions, their history rows, and a
conflict wherever a change cannot land here as it is.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, replace
from pathlib import Path

from nhp_planner.model.errors import ValidationError
from nhp_planner.model.merge import EXISTS, MergePlan, MergeResult, RowKey, clash, plan_merge
from nhp_planner.model.plan_file import now_iso
from nhp_planner.model.store import register_rows
from nhp_planner.model.store.connection import HistoryWriter, PlanConnection
from nhp_planner.model.store.copies import private_copy
from nhp_planner.model.store.measures import ENTITY as MEASURE
from nhp_planner.model.store.measures import insert_measure
from nhp_planner.model.store.reads import PlanReads
from nhp_planner.model.store.register_rows import REGISTERS
from nhp_planner.model.store.row_writes import RowWrites
from nhp_planner.model.store.rows import row_label


class MergeApplication:
    """Bringing in a copy's changes since the copies parted."""

    def __init__(self, conn: PlanConnection, reads: PlanReads, rows: RowWrites) -> None:
        self._conn = conn
        self._reads = reads
        self._rows = rows

    def merge_from(self, other: str | os.PathLike[str], *, dry_run: bool = False) -> MergeResult:
        """Merge another copy of this plan into this one, in one transaction.

        Their changes since the copies parted come in field by field; where both
        changed a field differently, this plan keeps its value and records a
        conflict to resolve. Their change records join this plan's history, so
        merging the same copy again changes nothing. Their file is not touched.
        """
        source = Path(other)
        mine = self._reads
        with private_copy(source, user=self._conn.user) as theirs:
            if theirs.plan_id != mine.plan_id:
                raise ValidationError(
                    f"{source}: is a copy of a different plan ('{theirs.plan().title}'), "
                    "so it cannot be merged into this one."
                )
            merge = plan_merge(
                mine.changes(),
                theirs.changes(),
                mine.row_values,
                theirs.row_values,
                source=source.name,
                now=now_iso(),
                mine_periods=[p.key for p in mine.periods()],
            )
            result = MergeResult(source, merge)
            rows = {*merge.inserts, *(u.row for u in merge.updates), *merge.deletes}
            result.labels = {
                row: row_label(row, mine.row_values(row) or theirs.row_values(row)) for row in rows
            }
            if not (dry_run or merge.is_empty):
                with self._conn.writing() as write:
                    self._apply_merge(write, merge, theirs, result)
        merge.conflicts = [replace(c, label=mine.conflict_label(c)) for c in merge.conflicts]
        result.conflicts = [replace(c, label=mine.conflict_label(c)) for c in result.conflicts]
        return result

    def _apply_merge(
        self, write: HistoryWriter, merge: MergePlan, theirs: PlanReads, result: MergeResult
    ) -> None:
        for key in merge.new_periods:
            _copy_period(write, theirs, key)
        order = {"objective": 0, "deliverable": 1}  # registers after: they link to deliverables
        for row in sorted(merge.inserts, key=lambda r: order.get(r[0], 2)):
            if self._insert_their_row(write, theirs, row):
                their_row = json.dumps(theirs.row_values(row), ensure_ascii=False, sort_keys=True)
                merge.conflicts.append(
                    clash(row, EXISTS, None, their_row, source=result.source.name, now=write.at)
                )
            else:
                result.added.append(row)
        for update in merge.updates:
            refused = self._rows.apply_field(
                write, update.row, update.field, update.value, record=False, theirs=theirs
            )
            if refused:
                old = (self._reads.row_values(update.row) or {}).get(update.field)
                merge.conflicts.append(
                    clash(
                        update.row,
                        update.field,
                        old,
                        update.value,
                        source=result.source.name,
                        now=write.at,
                    )
                )
            else:
                result.updated.append(update)
        for row in merge.deletes:
            self._rows.delete_row(write, row)
            result.deleted.append(row)
        for row in merge.touched:
            if row[0] == "deliverable":
                write.db.execute(
                    "update deliverables set updated_at = max(coalesce(updated_at, ''), ?) "
                    "where id = ? and period = ?",
                    [(theirs.row_values(row) or {}).get("updated_at") or "", row[1], row[2]],
                )
        write.db.table("changes").insert_all({**asdict(record)} for record in merge.imported)
        write.db.table("conflicts").insert_all(
            {k: v for k, v in asdict(c).items() if k != "label"} for c in merge.conflicts
        )
        result.conflicts.extend(merge.conflicts)

    def _insert_their_row(self, write: HistoryWriter, theirs: PlanReads, row: RowKey) -> str | None:
        """Copy a row they added; returns why not when this plan already uses its ref."""
        entity, entity_id, period = row
        if entity in REGISTERS:
            values = theirs.row_values(row) or {}
            register_rows.insert(
                write, REGISTERS[entity], entity_id, str(period), values, record=False
            )
            return None
        if entity == MEASURE:
            return insert_measure(write, entity_id, theirs.row_values(row) or {})
        table = {"deliverable": "deliverables", "objective": "objectives"}.get(entity)
        if table is None:
            return None
        data = theirs.stored_row(table, (entity_id, str(period)))
        objective_ids = self._reads.objective_ids(str(period))
        if entity == "deliverable":
            if self._reads.ref_holder(str(period), data["ref"]) is not None:
                return f"both copies added a deliverable {data['ref']}"
            number = (theirs.row_values(("objective", data["objective_id"], period)) or {}).get(
                "number"
            )
            if number is not None and data["objective_id"] not in objective_ids.values():
                data["objective_id"] = objective_ids.get(int(number), data["objective_id"])
        elif int(data["number"]) in objective_ids:
            return None  # both added objective n: theirs' deliverables use ours (see above)
        write.db.table(table).insert(data)
        return None


def _copy_period(write: HistoryWriter, theirs: PlanReads, key: str) -> None:
    """Bring over a period they started, as it stands in their copy."""
    write.db.table("periods").insert(theirs.stored_row("periods", key))
    write.db.table("objectives").insert_all(theirs.period_rows("objectives", key))
    write.db.table("deliverables").insert_all(theirs.period_rows("deliverables", key))
    for register in REGISTERS.values():
        write.db.table(register.table).insert_all(theirs.period_rows(register.table, key))
    write.db.execute("update plan set current_period = (select max(period) from periods)")
