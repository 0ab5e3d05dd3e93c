"""Settling a merge conflict: keep this plan's value, take theirs, or give a new one.

Resolving is deliberate, so it may change a closed period; it is recorded in
the change history like any edit.
"""

from __future__ import annotations

import json

from nhp_planner.model.entities import DELIVERABLE_FIELDS, Deliverable, Objective
from nhp_planner.model.errors import ValidationError
from nhp_planner.model.merge import DELETED, EXISTS, RowKey
from nhp_planner.model.rag import Rag
from nhp_planner.model.store.connection import HistoryWriter, PlanConnection
from nhp_planner.model.store.edits import PlanEdits
from nhp_planner.model.store.reads import PlanReads
from nhp_planner.model.store.row_writes import RowWrites


class ConflictResolution:
    """Resolving the conflicts a merge recorded."""

    def __init__(
        self, conn: PlanConnection, reads: PlanReads, edits: PlanEdits, rows: RowWrites
    ) -> None:
        self._conn = conn
        self._reads = reads
        self._edits = edits
        self._rows = rows

    def resolve_conflict(
        self, conflict_id: str, *, take: str = "mine", value: str | None = None
    ) -> None:
        """Settle a conflict: keep this plan's value, take theirs, or (``take="value"``) a new one.

        Resolving is deliberate, so it may change a closed period.
        """
        conflict = self._reads.unresolved_conflict(conflict_id)
        if take not in ("mine", "theirs", "value"):
            raise ValueError(f"take must be mine, theirs or value, not {take!r}")
        row: RowKey = (conflict.entity, conflict.entity_id, conflict.period)
        with self._conn.writing() as write:
            if take != "mine":
                chosen = conflict.theirs if take == "theirs" else value
                if conflict.field == EXISTS:
                    self._settle_existence(write, row, chosen)
                else:
                    refused = self._rows.apply_field(
                        write, row, conflict.field, chosen, record=True
                    )
                    if refused:
                        raise ValidationError(
                            f"{conflict.label}: cannot use that value ({refused}); choose another."
                        )
            write.db.table("conflicts").update(
                conflict_id, {"resolved_at": write.at, "resolution": take}
            )
            write.record("conflict", conflict_id, "resolved", None, take, conflict.period)

    def _settle_existence(self, write: HistoryWriter, row: RowKey, chosen: str | None) -> None:
        """Resolve an edit-versus-delete conflict: delete the row, or put theirs back."""
        entity, entity_id, period = row
        if chosen == DELETED or chosen is None:
            current = self._reads.row_values(row)
            if current is not None:
                self._rows.delete_row(write, row)
                write.record(
                    entity,
                    entity_id,
                    "deleted",
                    json.dumps(current, ensure_ascii=False),
                    None,
                    period,
                )
            return
        values = json.loads(chosen)
        if entity == "deliverable":
            deliverable = Deliverable(
                ref=values["ref"],
                objective=int(values["objective"]),
                commitment=values.get("commitment") or "",
                summary_position=values.get("summary_position") or "",
                rag=Rag(values["rag"]) if values.get("rag") else Rag.NOT_RATED,
                date_text=values.get("date_text") or "",
                lead=values.get("lead"),
                id=entity_id,
            )
            if self._reads.row_values(row) is None:
                self._edits.insert_deliverable(write, deliverable, str(period), updated=True)
            else:
                self._apply_each(write, row, values)
        elif entity == "objective" and self._reads.row_values(row) is None:
            self._edits.insert_objective(
                write,
                Objective(int(values["number"]), values.get("title"), entity_id),
                str(period),
            )

    def _apply_each(self, write: HistoryWriter, row: RowKey, values: dict[str, str | None]) -> None:
        for name in DELIVERABLE_FIELDS:
            if name in values and values[name] != (self._reads.row_values(row) or {}).get(name):
                self._rows.apply_field(write, row, name, values[name], record=True)
