"""Edits to the plan's header, objectives and deliverables, one transaction each.

Each edit checks its period is open for edits, then writes the rows and their
history through one :class:`HistoryWriter`; deletions return what they removed
so the window can undo them exactly.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import fields, replace
from typing import Any

from nhp_planner.model.diff import FieldChange, diff_deliverable, field_text
from nhp_planner.model.entities import DELIVERABLE_FIELDS, CoverReport, Deliverable, Objective, Plan
from nhp_planner.model.errors import ValidationError
from nhp_planner.model.periods import ReportingPeriod
from nhp_planner.model.plan_file import now_iso
from nhp_planner.model.rag import Rag, RagKey, parse_rag
from nhp_planner.model.refs import objective_number, parse_ref, ref_tail
from nhp_planner.model.store.connection import HistoryWriter, PlanConnection
from nhp_planner.model.store.periods import PeriodEdits
from nhp_planner.model.store.reads import PlanReads
from nhp_planner.model.store.rows import RAG_WORDS


class _Now:
    """An edit's "updated" mark is the time it is made: as against putting an earlier one back."""


NOW = _Now()


class PlanEdits:
    """Changing the plan, its objectives and deliverables; the row writers other parts reuse."""

    def __init__(self, conn: PlanConnection, reads: PlanReads, periods: PeriodEdits) -> None:
        self._conn = conn
        self._reads = reads
        self._periods = periods

    def rag_words(self) -> dict[str, Rag]:
        """The RAG words the plan owner said the meaning of on an earlier import."""
        stored = self._conn.meta(RAG_WORDS)
        if not stored:
            return {}
        return {word: Rag(value) for word, value in json.loads(stored).items()}

    def remember_rag_words(self, words: Mapping[str, Rag]) -> None:
        """Keep what the owner said status words mean ("On track" = GREEN) for the next import."""
        current = self.rag_words()
        merged = {**current, **{" ".join(w.lower().split()): r for w, r in words.items()}}
        if merged == current:
            return
        old = json.dumps({w: r.value for w, r in sorted(current.items())}) if current else None
        new = json.dumps({w: r.value for w, r in sorted(merged.items())})
        with self._conn.writing() as write:
            write.db.table("meta").upsert({"key": RAG_WORDS, "value": new}, pk="key")
            write.record("plan", self._reads.plan().id, RAG_WORDS, old, new)

    def update_plan(
        self,
        *,
        title: str | None = None,
        force: str | None = None,
        owner: str | None = None,
        rag_key: RagKey | None = None,
        cover: CoverReport | None = None,
    ) -> Plan:
        """Change the plan's own fields; those left as None stay as they are."""
        current = self._reads.plan()
        if title is not None and not title.strip():
            raise ValidationError("The plan needs a title.")
        with self._conn.writing() as write:
            row: dict[str, Any] = {}
            for name, value in (("title", title), ("force", force), ("owner", owner)):
                if value is not None and value != getattr(current, name):
                    row[name] = value
                    write.record("plan", current.id, name, getattr(current, name), value)
            if rag_key is not None:
                for rag, column in (
                    (Rag.GREEN, "rag_green"),
                    (Rag.AMBER, "rag_amber"),
                    (Rag.RED, "rag_red"),
                ):
                    old, new = current.rag_key.meaning(rag), rag_key.meaning(rag)
                    if old != new:
                        row[column] = new
                        write.record("plan", current.id, column, old, new)
            if row:
                write.db.table("plan").update(current.id, row)
            if cover is not None:
                for name in CoverReport.field_names():
                    old, new = getattr(current.cover, name), getattr(cover, name)
                    if old != new:
                        write.db.table("cover").upsert({"field": name, "value": new}, pk="field")
                        write.record("cover", current.id, name, old, new)
        return self._reads.plan()

    # -------------------------------------------------------------- objectives

    def add_objective(
        self, objective: Objective, period: ReportingPeriod | None = None
    ) -> Objective:
        key = self._periods.editable_key(period)
        if any(o.number == objective.number for o in self._reads.objectives(_period(key))):
            raise ValidationError(f"Objective {objective.number} already exists.")
        with self._conn.writing() as write:
            self.insert_objective(write, objective, key)
        return objective

    def update_objective(
        self, objective_id: str, period: ReportingPeriod | None = None, **fields: Any
    ) -> Objective:
        """Retitle (``title``, None for untitled) or renumber (``number``) an objective."""
        unknown = set(fields) - {"title", "number"}
        if unknown:
            raise ValueError(f"Not objective fields: {sorted(unknown)}")
        key = self._periods.editable_key(period)
        current = self._reads.objective(objective_id, key)
        incoming = replace(current, **fields)
        if incoming.number != current.number and incoming.number in self._reads.objective_ids(key):
            raise ValidationError(f"Objective {incoming.number} already exists.")
        changed = {name: value for name, value in fields.items() if getattr(current, name) != value}
        if changed:
            with self._conn.writing() as write:
                write.db.table("objectives").update((objective_id, key), changed)
                for name, value in changed.items():
                    old = getattr(current, name)
                    write.record(
                        "objective",
                        objective_id,
                        name,
                        None if old is None else str(old),
                        None if value is None else str(value),
                        key,
                    )
        return incoming

    def delete_objective(
        self, objective_id: str, period: ReportingPeriod | None = None
    ) -> tuple[Objective, list[Deliverable]]:
        """Remove an objective and its deliverables from the period; returns them for undo."""
        key = self._periods.editable_key(period)
        objective = self._reads.objective(objective_id, key)
        removed = [
            d for d in self._reads.deliverables(_period(key)) if d.objective == objective.number
        ]
        with self._conn.writing() as write:
            for deliverable in removed:
                self.remove_deliverable(write, deliverable, key)
            write.db.execute(
                "delete from objectives where id = ? and period = ?", [objective_id, key]
            )
            write.record(
                "objective",
                objective_id,
                "deleted",
                entity_json(objective),
                None,
                key,
                target=self._reads.seen_writes(objective_id, key),
            )
        return objective, removed

    def restore_objective(
        self,
        objective: Objective,
        deliverables: Iterable[Deliverable],
        period: ReportingPeriod | None = None,
    ) -> None:
        """Put back what :meth:`delete_objective` removed, with the same ids."""
        key = self._periods.editable_key(period)
        with self._conn.writing() as write:
            self.insert_objective(write, objective, key)
            for deliverable in deliverables:
                self.insert_deliverable(write, deliverable, key, updated=False)

    # ------------------------------------------------------------ deliverables

    def add_deliverable(
        self, deliverable: Deliverable, period: ReportingPeriod | None = None
    ) -> Deliverable:
        """Add a deliverable (its objective is created, untitled, if the plan lacks it)."""
        key = self._periods.editable_key(period)
        with self._conn.writing() as write:
            return self.insert_deliverable(write, deliverable, key, updated=True)

    def update_deliverable(
        self, deliverable_id: str, period: ReportingPeriod | None = None, **fields: Any
    ) -> Deliverable:
        """Change some of a deliverable's fields in a period; marks it updated there.

        Args:
            fields: any of ``ref``, ``objective``, ``commitment``, ``lead``,
                ``summary_position``, ``rag`` (a :class:`Rag`), ``date_text``.
        """
        unknown = set(fields) - set(DELIVERABLE_FIELDS)
        if unknown:
            raise ValueError(f"Not deliverable fields: {sorted(unknown)}")
        if "ref" in fields:
            fields["ref"] = parse_ref(fields["ref"])
        if isinstance(fields.get("rag"), str):
            rag = parse_rag(fields["rag"])
            if rag is None:
                raise ValidationError(
                    f"'{fields['rag']}' is not a RAG rating (GREEN, AMBER, RED or blank)."
                )
            fields["rag"] = rag
        for name in ("commitment", "summary_position", "date_text"):
            if name in fields and fields[name] is None:
                fields[name] = ""
        return self._update(deliverable_id, period, fields, NOW)

    def revert_deliverable(
        self,
        deliverable_id: str,
        updated_at: str | None,
        period: ReportingPeriod | None = None,
        **fields: Any,
    ) -> Deliverable:
        """Undo an edit: put fields back and, with them, when it was last updated before
        (None: "not yet updated" again). The history records the fields' change, as for
        any edit; the mark goes with the row."""
        return self._update(deliverable_id, period, fields, updated_at)

    def confirm_unchanged(
        self, deliverable_id: str, period: ReportingPeriod | None = None
    ) -> Deliverable:
        """Reviewed, no change: mark a deliverable updated for the period, changing nothing
        else, so "not yet updated" can honestly reach none. The history records it (as an
        import's confirmation does) and :meth:`restore_update_mark` takes it back."""
        return self.restore_update_mark(deliverable_id, now_iso(), period)

    def restore_update_mark(
        self, deliverable_id: str, updated_at: str | None, period: ReportingPeriod | None = None
    ) -> Deliverable:
        """Set when a deliverable was last updated in the period (None: not yet updated),
        recorded in the history: what undoing a review puts back."""
        key = self._periods.editable_key(period)
        current = self._reads.deliverable(deliverable_id, _period(key))
        if current.updated_at != updated_at:
            with self._conn.writing() as write:
                write.record(
                    "deliverable",
                    current.id,
                    "updated",
                    current.updated_at,
                    updated_at,
                    key,
                    marks=updated_at or "",
                )
                by = None if updated_at is None else write.user
                write.db.table("deliverables").update(
                    (current.id, key), {"updated_at": updated_at, "updated_by": by}
                )
        return self._reads.deliverable(deliverable_id, _period(key))

    def _update(
        self,
        deliverable_id: str,
        period: ReportingPeriod | None,
        fields: dict[str, Any],
        mark: str | _Now | None,
    ) -> Deliverable:
        key = self._periods.editable_key(period)
        current = self._reads.deliverable(deliverable_id, _period(key))
        incoming = _ref_names_objective(replace(current, **fields), fields)
        changes = diff_deliverable(current, incoming, {*fields, "ref", "objective"})
        if changes:
            with self._conn.writing() as write:
                self.write_changes(write, current, incoming, changes, key, mark)
        return self._reads.deliverable(deliverable_id, _period(key))

    def delete_deliverable(
        self, deliverable_id: str, period: ReportingPeriod | None = None
    ) -> Deliverable:
        """Remove a deliverable from the period (earlier periods keep it); returns it for undo."""
        key = self._periods.editable_key(period)
        current = self._reads.deliverable(deliverable_id, _period(key))
        with self._conn.writing() as write:
            self.remove_deliverable(write, current, key)
        return current

    def restore_deliverable(
        self, deliverable: Deliverable, period: ReportingPeriod | None = None
    ) -> None:
        """Put back a deleted deliverable exactly as it was, same id and all."""
        key = self._periods.editable_key(period)
        with self._conn.writing() as write:
            self.insert_deliverable(write, deliverable, key, updated=False)

    # ------------------------------- row writers (used by import and merge too)

    def write_changes(
        self,
        write: HistoryWriter,
        current: Deliverable,
        incoming: Deliverable,
        changes: Iterable[FieldChange],
        key: str,
        mark: str | _Now | None = NOW,
    ) -> None:
        """Write a deliverable's changed fields and their history; marks it updated now, or
        (undoing an edit) with the ``mark`` it had before."""
        row: dict[str, Any] = {}
        # What the row's "updated" becomes, for the records ("": not yet updated).
        marks = write.at if isinstance(mark, _Now) else (mark or "")
        for change in changes:
            if change.field == "ref":
                self.check_ref_free(incoming.ref, key, incoming.id)
            target = None
            if change.field == "objective":
                target = row["objective_id"] = self.objective_id(write, incoming.objective, key)
            else:
                row[change.field] = field_text(incoming, change.field)
            write.record(
                "deliverable",
                current.id,
                change.field,
                change.old,
                field_text(incoming, change.field),
                key,
                target=target,
                marks=marks,
            )
        if isinstance(mark, _Now):
            row["updated_at"], row["updated_by"] = write.at, write.user
        else:
            row["updated_at"] = mark
            row["updated_by"] = None if mark is None else write.user
        write.db.table("deliverables").update((current.id, key), row)

    def insert_deliverable(
        self,
        write: HistoryWriter,
        deliverable: Deliverable,
        key: str,
        *,
        updated: bool,
        unique: bool = True,
    ) -> Deliverable:
        """Add a deliverable's row and its history; ``unique=False`` lets a resolution put back
        one whose reference is taken meanwhile (it is then flagged)."""
        deliverable = replace(deliverable, ref=parse_ref(deliverable.ref))
        if unique:
            self.check_ref_free(deliverable.ref, key, deliverable.id)
        objective_id = self.objective_id(write, deliverable.objective, key)
        row = self.deliverable_row(deliverable, key, objective_id, at=write.at if updated else None)
        write.db.table("deliverables").insert(row)
        write.record(
            "deliverable",
            deliverable.id,
            "created",
            None,
            entity_json(deliverable),
            key,
            target=objective_id,
            marks=row["updated_at"] if updated else None,
        )
        return self._reads.deliverable(deliverable.id, _period(key))

    def deliverable_row(
        self, d: Deliverable, key: str, objective_id: str, *, at: str | None
    ) -> dict[str, Any]:
        """The table row of a deliverable in a period; ``at`` marks it updated then."""
        updated = at is not None
        return {
            "id": d.id,
            "period": key,
            "objective_id": objective_id,
            "ref": d.ref,
            "commitment": d.commitment,
            "lead": d.lead,
            "summary_position": d.summary_position,
            "rag": d.rag.to_json(),
            "date_text": d.date_text,
            "updated_at": at if updated else d.updated_at,
            "updated_by": self._conn.user if updated else None,
        }

    def remove_deliverable(self, write: HistoryWriter, deliverable: Deliverable, key: str) -> None:
        write.db.execute(
            "delete from deliverables where id = ? and period = ?", [deliverable.id, key]
        )
        write.record(
            "deliverable",
            deliverable.id,
            "deleted",
            entity_json(deliverable),
            None,
            key,
            target=self._reads.seen_writes(deliverable.id, key),
        )

    def insert_objective(self, write: HistoryWriter, objective: Objective, key: str) -> None:
        write.db.table("objectives").insert(
            {
                "id": objective.id,
                "period": key,
                "number": objective.number,
                "title": objective.title,
            }
        )
        write.record("objective", objective.id, "created", None, entity_json(objective), key)

    def objective_id(self, write: HistoryWriter, number: int, key: str) -> str:
        """The id of objective ``number`` in the period, creating it untitled if missing."""
        found = self._reads.objective_ids(key).get(number)
        if found is None:
            objective = Objective(number)
            self.insert_objective(write, objective, key)
            found = objective.id
        return found

    def check_ref_free(self, ref: str, key: str, own_id: str) -> None:
        if self._reads.ref_holder(key, ref, other_than=own_id) is not None:
            raise ValidationError(f"Deliverable {ref} already exists; choose another reference.")


def _ref_names_objective(deliverable: Deliverable, given: Iterable[str]) -> Deliverable:
    """Keep a reference naming its objective: a new ref moves it, a move renumbers it.

    1.3 given the reference 2.3 moves to objective 2; 1.3 moved to objective 2
    becomes 2.3. Both given and disagreeing is refused.
    """
    named = objective_number(deliverable.ref)
    if named == deliverable.objective:
        return deliverable
    if "objective" not in given:
        return replace(deliverable, objective=named)
    if "ref" not in given:
        return replace(deliverable, ref=f"{deliverable.objective}.{ref_tail(deliverable.ref)}")
    raise ValidationError(
        f"Deliverable {deliverable.ref} cannot be under objective {deliverable.objective}: "
        "a reference names its objective."
    )


def _period(key: str) -> ReportingPeriod:
    return ReportingPeriod.parse(key)


def entity_json(entity: Deliverable | Objective) -> str:
    """An objective or deliverable as the change history records its creation or deletion."""
    # Every field is a plain value, so a shallow dict is what asdict's deep copy gives, 3x faster.
    data = {name: getattr(entity, name) for name in _FIELD_NAMES[type(entity)]}
    if isinstance(entity, Deliverable):
        data["rag"] = entity.rag.to_json()
    return _ENTITY_JSON.encode(data)


_FIELD_NAMES = {kind: tuple(f.name for f in fields(kind)) for kind in (Deliverable, Objective)}
#: One encoder for every history row: json.dumps with options builds a new one per call.
_ENTITY_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True)
