"""Settling a merge conflict: keep this plan's value, take theirs, or give a new one.

Every copy shows the later of two conflicting changes until the owner
chooses; the choice is an ordinary edit, recorded in the change history, that
merges like any other. Resolving is deliberate, so it may change a closed
period. Two deliverables a merge left with one reference (two leads each added
1.16) are flagged too, and settled by renumbering the flagged one.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from nhp_planner.model.entities import (
    DELETED,
    DELIVERABLE_FIELDS,
    EXISTS,
    Conflict,
    Deliverable,
    Objective,
)
from nhp_planner.model.errors import ValidationError
from nhp_planner.model.merge import RowKey
from nhp_planner.model.rag import Rag
from nhp_planner.model.store import register_rows
from nhp_planner.model.store.connection import HistoryWriter, PlanConnection
from nhp_planner.model.store.edits import PlanEdits
from nhp_planner.model.store.reads import PlanReads
from nhp_planner.model.store.register_rows import REGISTERS
from nhp_planner.model.store.row_writes import RowWrites

TAKES = ("mine", "theirs", "value")


class ConflictResolution:
    """Resolving the conflicts a merge recorded, and the duplicate references it left."""

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

        A duplicate reference is settled by renumbering the flagged deliverable:
        to the next free reference ("mine" or "theirs"), or to ``value``.
        """
        self.resolve_conflicts([conflict_id], take=take, value=value)

    def resolve_conflicts(
        self, conflict_ids: Sequence[str], *, take: str = "mine", value: str | None = None
    ) -> None:
        """Settle several conflicts the same way, in one transaction: all of them, or none."""
        if take not in TAKES:
            raise ValueError(f"take must be mine, theirs or value, not {take!r}")
        flags = {c.id: c for c in self._reads.duplicate_refs()}
        with self._conn.writing() as write:
            for conflict_id in conflict_ids:
                flagged = flags.get(conflict_id)
                if flagged is not None:
                    self._renumber(write, flagged, take, value)
                    continue
                conflict = self._reads.unresolved_conflict(conflict_id)
                self._settle(write, conflict, take, value)
                write.db.table("conflicts").update(
                    conflict_id, {"resolved_at": write.at, "resolution": take}
                )
                write.record("conflict", conflict_id, "resolved", None, take, conflict.period)

    def _settle(
        self, write: HistoryWriter, conflict: Conflict, take: str, value: str | None
    ) -> None:
        chosen = {"mine": conflict.mine, "theirs": conflict.theirs}.get(take, value)
        row: RowKey = (conflict.entity, conflict.entity_id, conflict.period)
        if conflict.field == EXISTS:
            self._settle_existence(write, row, chosen)
            return
        current = (self._reads.row_values(row) or {}).get(conflict.field)
        if conflict.field == "ref" and chosen and current:
            # The reference keeps naming the objective the deliverable is under now.
            chosen = f"{current.split('.', 1)[0]}.{chosen.split('.', 1)[-1]}"
        # Written even when it is the value shown: the choice orders after both sides.
        refused = self._rows.apply_field(write, row, conflict.field, chosen, record=True)
        if refused:
            raise ValidationError(
                f"{conflict.label}: cannot use that value ({refused}); choose another."
            )

    def _renumber(
        self, write: HistoryWriter, flagged: Conflict, take: str, value: str | None
    ) -> None:
        ref = flagged.theirs if take != "value" else value
        if not ref:
            raise ValidationError(f"{flagged.label}: give the new reference.")
        row: RowKey = ("deliverable", flagged.entity_id, flagged.period)
        refused = self._rows.apply_field(write, row, "ref", ref, record=True, unique=True)
        if refused:
            raise ValidationError(f"{flagged.label}: cannot use {ref} ({refused}).")

    def _settle_existence(self, write: HistoryWriter, row: RowKey, chosen: str | None) -> None:
        """Resolve an edit-versus-delete conflict: delete the row, or put it back."""
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
                    target=self._reads.seen_writes(entity_id, period),
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
                self._edits.insert_deliverable(
                    write, deliverable, str(period), updated=True, unique=False
                )
            else:
                self._apply_each(write, row, values)
        elif entity in REGISTERS:
            register = REGISTERS[entity]
            current = self._reads.row_values(row)
            content = {name: values.get(name) for name in register.fields}
            if current is None:
                register_rows.insert(write, register, entity_id, str(period), content)
            else:
                changed = {k: v for k, v in content.items() if v != current.get(k)}
                register_rows.set_fields(write, register, entity_id, str(period), changed)
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
