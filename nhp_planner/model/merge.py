"""Merging two copies of a plan: what came in, and where both changed one field differently.

Every change record has a UUID, so whatever both copies hold is their common
history, and what only one holds is what that copy did since they last met.
What the plan says afterwards is worked out from the union of both histories
(:mod:`nhp_planner.model.convergence`), the same on every copy whatever the
order of merges. Where both sides wrote one field to different values since
they last met, or one deleted what the other changed (the pseudo-field
``exists``), the owner is shown both values, the original, who and when: a
conflict. Meanwhile every copy shows the later write; the owner's choice is an
ordinary edit that merges like any other.

This module works on plain data; the store reads both files and writes the
result in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from nhp_planner.model.changes import ChangeRecord
from nhp_planner.model.convergence import order_key
from nhp_planner.model.entities import DELETED, EXISTS, Conflict
from nhp_planner.model.plural import counted

#: A row of the plan: (entity, entity id, period key or None).
RowKey = tuple[str, str, str | None]


@dataclass(frozen=True, slots=True)
class FieldUpdate:
    """Take their value of one field (``old`` is what the plan holds until then)."""

    row: RowKey
    field: str
    value: str | None
    old: str | None


@dataclass(slots=True)
class MergePlan:
    """What merging their copy into this one does; empty when there is nothing new."""

    #: Periods they started that this plan lacks.
    new_periods: list[str] = field(default_factory=list)
    inserts: list[RowKey] = field(default_factory=list)
    updates: list[FieldUpdate] = field(default_factory=list)
    deletes: list[RowKey] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    #: Their change records this plan has not seen: copied into its history as they are.
    imported: list[ChangeRecord] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.imported


@dataclass(slots=True)
class MergeResult:
    """What a merge did (or, in a dry run, would do)."""

    source: Path
    plan: MergePlan
    added: list[RowKey] = field(default_factory=list)
    updated: list[FieldUpdate] = field(default_factory=list)
    deleted: list[RowKey] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    #: How people name each row the merge adds, updates or removes: "Deliverable 2.5 (May 2024)".
    labels: dict[RowKey, str] = field(default_factory=dict)

    @property
    def changed_nothing(self) -> bool:
        return self.plan.is_empty

    def describe(self, *, applied: bool) -> str:
        """One paragraph for people: what came in, and what needs a decision."""
        merge = self.plan
        if merge.is_empty:
            return f"{self.source.name} has no changes this plan has not already got."
        if applied:
            counts = (len(self.added), len(self.updated), len(self.deleted), len(self.conflicts))
        else:
            counts = (
                len(merge.inserts),
                len(merge.updates),
                len(merge.deletes),
                len(merge.conflicts),
            )
        verb = "Merged" if applied else "Would merge"
        text = (
            f"{verb} {self.source.name}: {counted(len(merge.imported), 'change')} from that copy; "
            f"{counts[0]} added, {counted(counts[1], 'field')} updated, {counts[2]} removed"
        )
        if merge.new_periods:
            periods = "period" if len(merge.new_periods) == 1 else "periods"
            text += f", new {periods} {', '.join(merge.new_periods)}"
        if counts[3]:
            text += (
                f"; {counted(counts[3], 'conflict')} to resolve (every copy shows the later change "
                "until then)"
            )
        return text + "."


def clash(
    row: RowKey, name: str, mine: str | None, theirs: str | None, *, source: str, now: str
) -> Conflict:
    """A conflict found while writing their change: it cannot go in as it is (two copies
    added a measure of one name)."""
    return Conflict(
        entity=row[0],
        entity_id=row[1],
        period=row[2],
        field=name,
        base=None,
        mine=mine,
        theirs=theirs,
        mine_by=None,
        mine_at=None,
        theirs_by=None,
        theirs_at=None,
        source=source,
        found_at=now,
    )


def row_of(record: ChangeRecord) -> RowKey:
    """The row a change record is about. Plan and cover fields have no period."""
    period = None if record.entity in ("plan", "cover") else record.period
    return (record.entity, record.entity_id, period)


def find_conflicts(
    mine_only: Sequence[ChangeRecord],
    theirs_only: Sequence[ChangeRecord],
    row_json: Callable[[RowKey, str], str | None],
    *,
    source: str,
    now: str,
) -> list[Conflict]:
    """Where both copies wrote one field differently since they last met, or one deleted a row
    the other changed.

    Args:
        row_json: a row as JSON from one side (``"mine"`` or ``"theirs"``), for
            an edit-versus-delete conflict to show what the row would be.
    """
    mine, theirs = _by_register(mine_only), _by_register(theirs_only)
    conflicts: list[Conflict] = []
    for register in sorted(mine.keys() & theirs.keys(), key=str):
        row, name = register[:3], register[3]
        if name == EXISTS:
            continue
        mine_records, theirs_records = mine[register], theirs[register]
        mine_last, theirs_last = mine_records[-1], theirs_records[-1]
        if _same(row[0], name, mine_last, theirs_last):
            continue
        first = min([*mine_records, *theirs_records], key=order_key)
        conflicts.append(_conflict(row, name, first.old, mine_last, theirs_last, source, now))
    for side, other, label in ((mine, theirs, "mine"), (theirs, mine, "theirs")):
        edited_rows: dict[RowKey, list[ChangeRecord]] = {}
        for key, records in other.items():
            if key[3] != EXISTS:
                edited_rows.setdefault(key[:3], []).extend(records)
        for register, records in side.items():
            row = register[:3]
            if register[3] != EXISTS or records[-1].field != "deleted" or row not in edited_rows:
                continue
            their_exists = other.get((*row, EXISTS))
            if their_exists and their_exists[-1].field == "deleted":
                continue
            kept = row_json(row, "theirs" if label == "mine" else "mine")
            deleted, edited = records[-1], max(edited_rows[row], key=order_key)
            mine_last, theirs_last = (deleted, edited) if label == "mine" else (edited, deleted)
            conflict = _conflict(row, EXISTS, None, mine_last, theirs_last, source, now)
            mine_value, theirs_value = (DELETED, kept) if label == "mine" else (kept, DELETED)
            conflicts.append(replace(conflict, mine=mine_value, theirs=theirs_value))
    return conflicts


def _same(entity: str, name: str, a: ChangeRecord, b: ChangeRecord) -> bool:
    if entity != "deliverable":  # an inspectorate item's "ref" is its own, not derived
        return a.new == b.new
    if name == "ref":
        return _tail(a.new) == _tail(b.new)
    if name == "objective" and a.target and b.target:
        return a.target == b.target
    return a.new == b.new


def _tail(ref: str | None) -> str | None:
    return ref.split(".", 1)[1] if ref and "." in ref else ref


def _by_register(
    records: Iterable[ChangeRecord],
) -> dict[tuple[str, str, str | None, str], list[ChangeRecord]]:
    registers: dict[tuple[str, str, str | None, str], list[ChangeRecord]] = {}
    for record in sorted(records, key=order_key):
        if record.entity == "conflict" or record.field == "updated":
            continue
        name = EXISTS if record.field in ("created", "deleted") else record.field
        if record.entity == "period" and name == EXISTS:
            continue
        registers.setdefault((*row_of(record), name), []).append(record)
    return registers


def _conflict(
    row: RowKey,
    name: str,
    base: str | None,
    mine_last: ChangeRecord,
    theirs_last: ChangeRecord,
    source: str,
    now: str,
) -> Conflict:
    return Conflict(
        entity=row[0],
        entity_id=row[1],
        period=row[2],
        field=name,
        base=base,
        mine=mine_last.new,
        theirs=theirs_last.new,
        mine_by=mine_last.by,
        mine_at=mine_last.at,
        theirs_by=theirs_last.by,
        theirs_at=theirs_last.at,
        source=source,
        found_at=now,
    )
