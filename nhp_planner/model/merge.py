"""Three-way merge of two copies of a plan, field by field, from their change histories.

Every change record has a UUID, so whatever both copies hold is their common
history, and what only one holds is what that copy did since they parted. For
each field: changed on their side only, take their value; on both sides to the
same value, nothing to do; to different values, a conflict (this plan keeps its
own value). Whole rows work the same way through a pseudo-field ``exists``: a
row they added comes in, a row they deleted goes unless this copy changed it,
and an edit on one side to something deleted on the other is a conflict.

This module only plans the merge from plain data; the store reads both files
and applies the plan in one transaction.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from nhp_planner.model.entities import ChangeRecord, Conflict

#: A row of the plan: (entity, entity id, period key or None).
RowKey = tuple[str, str, str | None]
#: The current values of a row's fields, as the change history writes them; None if absent.
RowReader = Callable[[RowKey], Mapping[str, str | None] | None]

EXISTS = "exists"
DELETED = "deleted"
_ROW_EVENTS = {"created": EXISTS, "deleted": EXISTS, "updated": "updated_at"}
#: Fields that are bookkeeping, not content: they follow the content, never conflict.
_METADATA = {"updated_at"}


@dataclass(frozen=True, slots=True)
class FieldUpdate:
    """Take their value of one field."""

    row: RowKey
    field: str
    value: str | None


@dataclass(slots=True)
class MergePlan:
    """What merging their copy into this one does; empty when there is nothing new."""

    #: Periods they started that this plan lacks: copied whole, before anything else.
    new_periods: list[str] = field(default_factory=list)
    inserts: list[RowKey] = field(default_factory=list)
    updates: list[FieldUpdate] = field(default_factory=list)
    deletes: list[RowKey] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    #: Their change records this plan has not seen: copied into its history as they are.
    imported: list[ChangeRecord] = field(default_factory=list)
    #: Rows whose "updated" time should follow the later of the two copies.
    touched: set[RowKey] = field(default_factory=set)

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
            f"{verb} {self.source.name}: {len(merge.imported)} change(s) from that copy; "
            f"{counts[0]} added, {counts[1]} field(s) updated, {counts[2]} removed"
        )
        if merge.new_periods:
            text += f", new period(s) {', '.join(merge.new_periods)}"
        if counts[3]:
            text += (
                f"; {counts[3]} conflict(s) to resolve (this plan keeps its own values until then)"
            )
        return text + "."


def clash(
    row: RowKey, name: str, mine: str | None, theirs: str | None, *, source: str, now: str
) -> Conflict:
    """A conflict found while applying their change: their value cannot go in as it is."""
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


def field_of(record: ChangeRecord) -> str:
    return _ROW_EVENTS.get(record.field, record.field)


def plan_merge(
    mine_changes: Sequence[ChangeRecord],
    theirs_changes: Sequence[ChangeRecord],
    mine_rows: RowReader,
    theirs_rows: RowReader,
    *,
    source: str,
    now: str,
    mine_periods: Iterable[str],
) -> MergePlan:
    """Work out the merge of their copy into mine. Pure: reads rows through the two readers."""
    mine_ids = {c.id for c in mine_changes}
    theirs_ids = {c.id for c in theirs_changes}
    theirs_only = [c for c in theirs_changes if c.id not in mine_ids]
    plan = MergePlan(imported=theirs_only)
    if not theirs_only:
        return plan
    mine_only = _by_row(c for c in mine_changes if c.id not in theirs_ids)
    known_periods = set(mine_periods)
    plan.new_periods = sorted(
        {c.entity_id for c in theirs_only if c.entity == "period" and c.field == "created"}
        - known_periods
    )
    new_periods = set(plan.new_periods)
    for row, records in _by_row(theirs_only).items():
        if row[0] == "period" or (row[2] in new_periods and row[0] != "plan"):
            # A period they started comes over whole; "reopened" is the one field to merge.
            if row[0] == "period" and row[1] not in new_periods:
                _merge_fields(
                    plan, row, records, mine_only.get(row, []), mine_rows, theirs_rows, source, now
                )
            continue
        mine_records = mine_only.get(row, [])
        mine_now, theirs_now = mine_rows(row), theirs_rows(row)
        if mine_now is not None and theirs_now is not None:
            _merge_fields(plan, row, records, mine_records, mine_rows, theirs_rows, source, now)
        elif theirs_now is not None:  # present there, absent here
            if any(field_of(r) == EXISTS for r in mine_records):
                plan.conflicts.append(
                    _conflict(
                        row,
                        EXISTS,
                        records,
                        mine_records,
                        DELETED,
                        _row_json(theirs_now),
                        source,
                        now,
                    )
                )
            else:
                plan.inserts.append(row)
        elif mine_now is not None:  # they deleted it
            edited_here = [r for r in mine_records if field_of(r) not in _METADATA]
            if edited_here:
                plan.conflicts.append(
                    _conflict(
                        row,
                        EXISTS,
                        records,
                        mine_records,
                        _row_json(mine_now),
                        DELETED,
                        source,
                        now,
                    )
                )
            else:
                plan.deletes.append(row)
    return plan


def _merge_fields(
    plan: MergePlan,
    row: RowKey,
    records: list[ChangeRecord],
    mine_records: list[ChangeRecord],
    mine_rows: RowReader,
    theirs_rows: RowReader,
    source: str,
    now: str,
) -> None:
    mine_now = mine_rows(row) or {}
    theirs_now = theirs_rows(row) or {}
    mine_fields = {field_of(r) for r in mine_records}
    # Their edits make the row "updated" there; the later of the two times wins,
    # which gives the same answer whatever order copies are merged in.
    plan.touched.add(row)
    for name in dict.fromkeys(field_of(r) for r in records):
        if name == EXISTS or name in _METADATA or name not in theirs_now:
            continue
        mine_value, theirs_value = mine_now.get(name), theirs_now.get(name)
        if mine_value == theirs_value:
            continue
        if name not in mine_fields:
            plan.updates.append(FieldUpdate(row, name, theirs_value))
        else:
            field_records = [r for r in records if field_of(r) == name]
            mine_field_records = [r for r in mine_records if field_of(r) == name]
            plan.conflicts.append(
                _conflict(
                    row,
                    name,
                    field_records,
                    mine_field_records,
                    mine_value,
                    theirs_value,
                    source,
                    now,
                )
            )


def _conflict(
    row: RowKey,
    name: str,
    theirs_records: list[ChangeRecord],
    mine_records: list[ChangeRecord],
    mine_value: str | None,
    theirs_value: str | None,
    source: str,
    now: str,
) -> Conflict:
    first = min([*theirs_records, *mine_records], key=lambda r: r.at)
    mine_last = max(mine_records, key=lambda r: r.at) if mine_records else None
    theirs_last = max(theirs_records, key=lambda r: r.at)
    return Conflict(
        entity=row[0],
        entity_id=row[1],
        period=row[2],
        field=name,
        base=first.old if name != EXISTS else None,
        mine=mine_value,
        theirs=theirs_value,
        mine_by=mine_last.by if mine_last else None,
        mine_at=mine_last.at if mine_last else None,
        theirs_by=theirs_last.by,
        theirs_at=theirs_last.at,
        source=source,
        found_at=now,
    )


def _by_row(records: Iterable[ChangeRecord]) -> dict[RowKey, list[ChangeRecord]]:
    rows: dict[RowKey, list[ChangeRecord]] = {}
    for record in records:
        rows.setdefault(row_of(record), []).append(record)
    return rows


def _row_json(values: Mapping[str, str | None]) -> str:
    return json.dumps(dict(values), ensure_ascii=False, sort_keys=True)
