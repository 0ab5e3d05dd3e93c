"""Setting one field of any row, or deleting a row, as a merge or a conflict's resolution does.

Edits in the window go through :class:`PlanEdits` with its checks per entity;
a merge works in the change history's terms instead (entity, id, period,
field, text value), so it writes rows through here.
"""

from __future__ import annotations

from typing import Any

from nhp_planner.model.merge import RowKey
from nhp_planner.model.store import register_rows
from nhp_planner.model.store.connection import HistoryWriter
from nhp_planner.model.store.measures import ENTITY as MEASURE
from nhp_planner.model.store.measures import apply_measure_field, delete_measure_rows
from nhp_planner.model.store.reads import PlanReads
from nhp_planner.model.store.register_rows import REGISTERS

_TABLES = {"deliverable": "deliverables", "objective": "objectives"}


class RowWrites:
    """Field-by-field writes in the change history's terms."""

    def __init__(self, reads: PlanReads) -> None:
        self._reads = reads

    def apply_field(
        self,
        write: HistoryWriter,
        row: RowKey,
        name: str,
        value: str | None,
        *,
        record: bool,
        theirs: PlanReads | None = None,
    ) -> str | None:
        """Set one field of a row; returns why not, instead, when the value clashes here.

        Args:
            record: write a history row (and mark a deliverable updated); a
                merge brings their history rows instead.
            theirs: the copy being merged, whose objective a deliverable may
                move to before this plan has it.
        """
        entity, entity_id, period = row
        old = (self._reads.row_values(row) or {}).get(name) if record else None
        if entity == MEASURE:
            refused = apply_measure_field(write, entity_id, name, value)
            if refused:
                return refused
        elif entity == "deliverable":
            if (
                name == "ref"
                and value is not None
                and self._reads.ref_holder(str(period), value, other_than=entity_id) is not None
            ):
                return f"another deliverable is already {value}"
            column, stored = name, value
            if name == "objective":
                column = "objective_id"
                stored = self._reads.objective_ids(str(period)).get(int(value or 0))
                if stored is None and theirs is not None:
                    stored = theirs.stored_row("deliverables", (entity_id, str(period)))[
                        "objective_id"
                    ]
                if stored is None:
                    return f"this plan has no objective {value}"
            changes: dict[str, Any] = {column: stored}
            if record:
                changes.update(updated_at=write.at, updated_by=write.user)
            # Plain SQL: sqlite-utils' update() inspects the table on every call,
            # which dominates a merge of a thousand fields.
            assignments = ", ".join(f"{column_name} = ?" for column_name in changes)
            write.db.execute(
                f"update deliverables set {assignments} where id = ? and period = ?",
                [*changes.values(), entity_id, period],
            )
        elif entity == "objective":
            numbers = self._reads.objective_ids(str(period))
            if name == "number" and value is not None and int(value) in numbers:
                return f"another objective is already number {value}"
            stored_value: Any = int(value) if name == "number" and value is not None else value
            write.db.table("objectives").update((entity_id, period), {name: stored_value})
        elif entity == "plan":
            write.db.table("plan").update(entity_id, {name: value})
        elif entity == "cover":
            write.db.table("cover").upsert({"field": name, "value": value}, pk="field")
        elif entity == "period":
            write.db.table("periods").update(entity_id, {"reopened": int(value == "true")})
        elif entity in REGISTERS:
            register_rows.set_fields(
                write, REGISTERS[entity], entity_id, str(period), {name: value}, record=False
            )
        if record:
            write.record(entity, entity_id, name, old, value, period)
        return None

    def delete_row(self, write: HistoryWriter, row: RowKey) -> None:
        """Delete an objective or deliverable from a period (the caller records why)."""
        entity, entity_id, period = row
        if entity in REGISTERS:
            register_rows.delete(write, REGISTERS[entity], entity_id, str(period), record=False)
        if entity == MEASURE:
            delete_measure_rows(write, entity_id)
        table = _TABLES.get(entity)
        if table is not None:
            write.db.execute(
                f"delete from {table} where id = ? and period = ?", [entity_id, period]
            )
