"""Setting one field of any row, or deleting a row, as a merge or a conflict's resolution does.

Edits in the window go through :class:`PlanEdits` with its checks per entity;
a conflict's resolution works in the change history's terms instead (entity,
id, period, field, text value), so it writes rows through here.
"""

from __future__ import annotations

from typing import Any

from nhp_planner.model.merge import RowKey
from nhp_planner.model.store import register_rows
from nhp_planner.model.store.connection import HistoryWriter
from nhp_planner.model.store.measure_rows import ENTITY as MEASURE
from nhp_planner.model.store.measure_rows import apply_measure_field, delete_measure_rows
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
        unique: bool = False,
    ) -> str | None:
        """Set one field of a row; returns why not, instead, when the value cannot go in.

        Args:
            record: write a history row (and mark a deliverable updated).
            unique: refuse a reference another deliverable already has (a
                resolution may leave two, which are then flagged; a renumbering may not).
        """
        entity, entity_id, period = row
        old = (self._reads.row_values(row) or {}).get(name) if record else None
        target = None
        if entity == MEASURE:
            refused = apply_measure_field(write, entity_id, name, value)
            if refused:
                return refused
        elif entity == "deliverable":
            if (
                unique
                and name == "ref"
                and value is not None
                and self._reads.ref_holder(str(period), value, other_than=entity_id) is not None
            ):
                return f"another deliverable is already {value}"
            column, stored = name, value
            if name == "objective":
                column = "objective_id"
                stored = target = self._reads.objective_ids(str(period)).get(int(value or 0))
                if stored is None:
                    return f"this plan has no objective {value}"
            changes: dict[str, Any] = {column: stored}
            if name == "ref" and value is not None and old is not None:
                # A reference names the objective the deliverable is under.
                changes["ref"] = f"{old.split('.', 1)[0]}.{value.split('.', 1)[-1]}"
                value = changes["ref"]
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
            stored_value: Any = int(value) if name == "number" and value is not None else value
            write.db.table("objectives").update((entity_id, period), {name: stored_value})
            if name == "number":
                write.db.execute(
                    "update deliverables set ref = ? || '.' || substr(ref, instr(ref, '.') + 1) "
                    "where objective_id = ? and period = ?",
                    [stored_value, entity_id, period],
                )
        elif entity == "plan":
            write.db.table("plan").update(entity_id, {name: value})
        elif entity == "cover":
            write.db.table("cover").upsert({"field": name, "value": value}, pk="field")
        elif entity == "period":
            write.db.table("periods").update(entity_id, {"reopened": int(value == "true")})
        elif entity in REGISTERS:  # recorded there, marking the item updated
            register_rows.set_fields(
                write, REGISTERS[entity], entity_id, str(period), {name: value}, record=record
            )
            return None
        if record:
            marks = write.at if entity == "deliverable" else None
            write.record(entity, entity_id, name, old, value, period, target=target, marks=marks)
        return None

    def delete_row(self, write: HistoryWriter, row: RowKey) -> None:
        """Delete a row (the caller records why): from its period, or a measure altogether."""
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
