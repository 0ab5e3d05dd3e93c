"""What a plan says, worked out from its change records alone, so merged copies agree.

The change history is the replicated state: every record has a UUID, merging
copies is taking the union of their records, and every row of the plan is a
function of that set, whatever order the records arrived in. Each field of a
row in a period is a register; its value is the latest write to it, "latest"
by :func:`order_key` (a Lamport number, so a write orders after everything its
copy had seen, then time, replica and id to break ties the same way
everywhere). A period started later carries forward what the period before
it said when it was started (writes ordered before the start); a period both
copies started is one period, keyed by its month.

Identity is the id: a deliverable's objective is the objective's id, and its
reference is derived, the objective's number then the deliverable's own part
(``2.5`` is the 5th of objective 2), so a reference always names its
objective. Fields no record ever wrote (rows older than the history) keep the
value the plan file has, which every copy got from the same original.

Pure: the store reads the records and rows, and writes what this returns.
"""

from __future__ import annotations

import json
from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from nhp_planner.model.changes import ChangeRecord
from nhp_planner.model.entities import DELIVERABLE_FIELDS, EXISTS

TYPE_CHECKING = False  # typing is for mypy only: start-up (see docs/ARCHITECTURE.md, Rules)
if TYPE_CHECKING:
    from typing import Any

#: How records are ordered everywhere: the later write wins.
OrderKey = tuple[int, str, str, str]

#: Every field of a deliverable a person edits is a register of its own.
DELIVERABLE_REGISTERS = DELIVERABLE_FIELDS
OBJECTIVE_REGISTERS = ("number", "title")
UPDATED = "updated"


def order_key(record: ChangeRecord) -> OrderKey:
    return (record.lamport or 0, record.at, record.replica or "", record.id)


@dataclass(frozen=True, slots=True)
class Write:
    """One record's write to a register: its order and the value it wrote."""

    key: OrderKey
    value: Any


#: A row's writes: register -> period -> writes sorted by key.
Registers = dict[str, dict[str, list[Write]]]


@dataclass(slots=True)
class PeriodLine:
    """The plan's periods, oldest first, and when each was started (its earliest start record)."""

    keys: list[str]
    cutoffs: dict[str, OrderKey]

    @classmethod
    def of(cls, records: Iterable[ChangeRecord], known: Iterable[str] = ()) -> PeriodLine:
        starts: dict[str, OrderKey] = {}
        for record in records:
            if record.entity == "period" and record.field == "created":
                key = order_key(record)
                starts[record.entity_id] = max(starts.get(record.entity_id, key), key)
        return cls(sorted({*starts, *known}), starts)


@dataclass(slots=True)
class RowState:
    """A row in one period as the records say: present or not, and its fields."""

    exists: bool
    values: dict[str, Any] = field(default_factory=dict)
    #: (time, by) of the latest write that marked it updated in this period, if any.
    updated: tuple[str | None, str | None] | None = None


_MISSING = object()


def registers_of(
    records: Iterable[ChangeRecord], entity: str, names: Sequence[str] | None = None
) -> Registers:
    """One row's writes (all its records, any period) sorted into registers.

    Args:
        names: the row's fields, for rows other than deliverables and objectives
            (the registers around the plan: each field a register, per period).
    """
    registers: Registers = {}
    if names is None:
        names = DELIVERABLE_REGISTERS if entity == "deliverable" else OBJECTIVE_REGISTERS
    derived = entity in ("deliverable", "objective")

    def add(register: str, period: str, key: OrderKey, value: Any) -> None:
        registers.setdefault(register, {}).setdefault(period, []).append(Write(key, value))

    for record in records:
        key, period = order_key(record), record.period or ""
        if record.field == "created":
            add(EXISTS, period, key, True)
            data = json.loads(record.new or "{}")
            for name in names:
                if name in data:
                    value = data[name]
                    if name == "objective":
                        value = record.target or ("number", value)
                    add(name, period, key, _register_value(name, value) if derived else value)
        elif record.field == "deleted":
            seen = None if record.target is None else frozenset(json.loads(record.target))
            add(EXISTS, period, key, Deleted(seen))
        elif record.field in names:
            value = record.new
            if record.field == "objective":
                value = record.target or ("number", record.new)
            if derived:
                value = _register_value(record.field, value)
            add(record.field, period, key, value)
        if record.marks is not None:  # "" is "not yet updated" again (an undone review)
            add(UPDATED, period, key, (record.marks or None, record.by if record.marks else None))
    for by_period in registers.values():
        for writes in by_period.values():
            writes.sort(key=lambda w: w.key)
    return registers


def _register_value(name: str, value: Any) -> Any:
    if name == "ref" and isinstance(value, str) and "." in value:
        return value.split(".", 1)[1]
    if name == "number" and value is not None:
        return int(value)
    return value


@dataclass(frozen=True, slots=True)
class Deleted:
    """A deletion, and the writes to the row its copy had seen (None: an earlier release's)."""

    seen: frozenset[str] | None


def resolve(
    registers: Registers, name: str, line: PeriodLine, period: str, *, inherit: bool = True
) -> Any:
    """A register's value in a period; ``_MISSING`` if no record says, ``_NOT_YET`` if the
    records say it only after the period started."""
    found = _find(registers, name, line, period, inherit=inherit)
    return found if not isinstance(found, tuple) else found[0].value


def _find(registers: Registers, name: str, line: PeriodLine, period: str, *, inherit: bool) -> Any:
    """The latest write (with its period and the order limit it was read under), or a marker."""
    by_period = registers.get(name)
    if not by_period:
        return _MISSING
    limit: OrderKey | None = None
    index = line.keys.index(period)
    seen_any = False
    while index >= 0:
        here = line.keys[index]
        writes = by_period.get(here)
        if writes:
            seen_any = True
            usable = len(writes) if limit is None else bisect_left([w.key for w in writes], limit)
            if usable:
                return (writes[usable - 1], here, limit)
        if not inherit:
            break
        cutoff = line.cutoffs.get(here)
        if cutoff is not None:
            limit = cutoff if limit is None else min(limit, cutoff)
        index -= 1
    return _NOT_YET if seen_any else _MISSING


_NOT_YET = object()


def row_state(
    registers: Registers,
    line: PeriodLine,
    period: str,
    local: Mapping[str, Mapping[str, Any]],
    names: Sequence[str],
    *,
    new_period: bool = False,
) -> RowState:
    """A row in ``period`` from its registers; what no record says comes from the local rows.

    Args:
        local: the row as the plan file holds it, by period (periods it is in).
        new_period: the plan file did not have ``period`` before this merge.
    """
    fallback = local.get(period) or _latest_before(local, period)
    exists = _find(registers, EXISTS, line, period, inherit=True)
    if exists is _MISSING:  # a row older than the history: as the file has it
        present = period in local or (new_period and fallback is not None)
    elif isinstance(exists, tuple):
        present = _present(registers, names, *exists)
    else:
        present = False
    values: dict[str, Any] = {}
    for name in names:
        value = resolve(registers, name, line, period)
        if value is _MISSING or value is _NOT_YET:
            value = (fallback or {}).get(name)
        values[name] = value
    updated = resolve(registers, UPDATED, line, period, inherit=False)
    if updated is _MISSING or updated is _NOT_YET:
        mine = local.get(period)
        updated = (mine.get("updated_at"), mine.get("updated_by")) if mine else (None, None)
    return RowState(present, values, updated)


def _present(
    registers: Registers, names: Sequence[str], write: Write, period: str, limit: OrderKey | None
) -> bool:
    """Whether a row is there, given its latest creation or deletion.

    A deletion does not take away what its copy had not seen: a row one copy
    deleted while the other changed it stays (and the owner is asked).
    """
    if not isinstance(write.value, Deleted):
        return True
    seen = write.value.seen
    for name in names:
        for other in registers.get(name, {}).get(period, ()):
            if limit is not None and other.key >= limit:
                continue
            if (other.key[3] not in seen) if seen is not None else (other.key > write.key):
                return True
    return False


def _latest_before(local: Mapping[str, Mapping[str, Any]], period: str) -> Mapping[str, Any] | None:
    earlier = [p for p in local if p < period]
    return local[max(earlier)] if earlier else None


def latest_values(records: Iterable[ChangeRecord]) -> dict[tuple[str, str, str], str | None]:
    """The plan's own fields, the cover and period flags: (entity, id, field) -> latest value."""
    best: dict[tuple[str, str, str], tuple[OrderKey, str | None]] = {}
    for record in records:
        if record.field in ("created", "deleted"):
            continue
        slot = (record.entity, record.entity_id, record.field)
        key = order_key(record)
        if slot not in best or best[slot][0] < key:
            best[slot] = (key, record.new)
    return {slot: value for slot, (_, value) in best.items()}
