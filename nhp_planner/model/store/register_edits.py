"""Reading and editing one register around the plan, in domain objects, one transaction each.

:class:`RegisterEdits` holds what both registers do alike: read a period's
items, add, change, delete and restore one (each edit checked against the
period, written with its history through the :class:`HistoryWriter`), and
bring in a whole imported register all-or-nothing, matched by each item's key.
``findings.py`` and ``actions.py`` say what differs.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any, Generic, Protocol, TypeVar

from nhp_planner.model.errors import ValidationError
from nhp_planner.model.periods import ReportingPeriod
from nhp_planner.model.plan_file import DamagedContent
from nhp_planner.model.store import register_rows
from nhp_planner.model.store.connection import PlanConnection, reports_damage
from nhp_planner.model.store.periods import PeriodEdits
from nhp_planner.model.store.reads import PlanReads
from nhp_planner.model.store.register_rows import RegisterTable, Values


class RegisterItem(Protocol):
    """What a register's entity offers the store (InspectorateItem, CommitteeAction)."""

    @property
    def id(self) -> str: ...

    @property
    def sort_key(self) -> Any: ...

    @property
    def label(self) -> str: ...

    @property
    def updated_at(self) -> str | None: ...

    def to_fields(self) -> dict[str, str | None]: ...


T = TypeVar("T", bound=RegisterItem)


@dataclass(slots=True)
class RegisterImport(Generic[T]):
    """What importing a register did (or, in a dry run, would do), item by item."""

    added: list[T] = field(default_factory=list)
    #: Items changed, each with the names of the fields that changed.
    changed: list[tuple[T, tuple[str, ...]]] = field(default_factory=list)
    unchanged: list[T] = field(default_factory=list)

    def describe(self) -> str:
        return (
            f"{len(self.added)} new, {len(self.changed)} changed, {len(self.unchanged)} unchanged"
        )


class RegisterEdits(ABC, Generic[T]):
    """One register's reads and edits; subclasses give the table, the entity and its key."""

    register: RegisterTable

    def __init__(self, conn: PlanConnection, reads: PlanReads, periods: PeriodEdits) -> None:
        self._conn = conn
        self._reads = reads
        self._periods = periods

    # ------------------------------------------------- what each register says

    @abstractmethod
    def build(self, values: Values, entity_id: str) -> T:
        """The entity from its stored values."""

    @abstractmethod
    def key(self, item: T) -> str:
        """What identifies an item in a tracker, so an import updates it rather than adds one."""

    def check(self, item: T) -> None:
        """Refuse an item that cannot be kept, with one sentence saying why."""

    def changed(self, current: T, fields: dict[str, Any]) -> T:
        """``current`` with ``fields`` (entity attribute names) set."""
        return replace(current, **fields)  # type: ignore[type-var]

    # ------------------------------------------------------------------- reads

    @reports_damage
    def items(self, period: ReportingPeriod | None = None) -> list[T]:
        key = self._reads.period_key(period)
        found = [
            self._built(v, i)
            for i, v in register_rows.period_values(self._conn.db, self.register, key)
        ]
        return sorted(found, key=lambda item: item.sort_key)

    @reports_damage
    def item(self, entity_id: str, period: ReportingPeriod | None = None) -> T:
        key = self._reads.period_key(period)
        values = register_rows.values(self._conn.db, self.register, entity_id, key)
        if values is None:
            raise ValidationError(f"No such {self.register.noun.lower()} in this period.")
        return self._built(values, entity_id)

    # ------------------------------------------------------------------- edits

    def add(self, item: T, period: ReportingPeriod | None = None) -> T:
        key = self._periods.editable_key(period)
        self.check(item)
        self._refuse_duplicate(item, key)
        with self._conn.writing() as write:
            register_rows.insert(write, self.register, item.id, key, item.to_fields())
        return self.item(item.id, _period(key))

    def update(self, entity_id: str, period: ReportingPeriod | None = None, **fields: Any) -> T:
        """Set some of an item's fields (entity attribute names); the others stay."""
        key = self._periods.editable_key(period)
        current = self.item(entity_id, _period(key))
        incoming = self.changed(current, fields)
        self.check(incoming)
        self._refuse_duplicate(incoming, key)
        changes = _changed_fields(current, incoming)
        if changes:
            with self._conn.writing() as write:
                register_rows.set_fields(write, self.register, entity_id, key, changes)
        return self.item(entity_id, _period(key))

    def delete(self, entity_id: str, period: ReportingPeriod | None = None) -> T:
        """Remove an item from the period; returns it so the window can undo exactly."""
        key = self._periods.editable_key(period)
        removed = self.item(entity_id, _period(key))
        with self._conn.writing() as write:
            register_rows.delete(
                write, self.register, entity_id, key, seen=self._reads.seen_writes(entity_id, key)
            )
        return removed

    def restore(self, item: T, period: ReportingPeriod | None = None) -> None:
        """Put back what :meth:`delete` removed, with the same id."""
        key = self._periods.editable_key(period)
        with self._conn.writing() as write:
            register_rows.insert(write, self.register, item.id, key, item.to_fields())

    def import_items(
        self, incoming: Iterable[T], period: ReportingPeriod | None = None, *, dry_run: bool = False
    ) -> RegisterImport[T]:
        """Bring in a register read from a file, all in one transaction, matched by key.

        An item whose key the register holds updates it (keeping its id and its
        links unless the file gives some); a new key adds one. Items the file
        does not mention stay as they are. When the file says when an item was
        last updated (plan JSON does), that time is kept.
        """
        key = self._periods.editable_key(period)
        existing = {self.key(item): item for item in self.items(_period(key))}
        result: RegisterImport[T] = RegisterImport()
        writes: list[tuple[T, dict[str, str | None] | None, str | None]] = []
        seen: set[str] = set()
        for item in incoming:
            self.check(item)
            name = self.key(item)
            if name in seen:
                raise ValidationError(f"The file gives {item.label} twice; keep one of them.")
            seen.add(name)
            stamp = item.updated_at
            current = existing.get(name)
            if current is None:
                result.added.append(item)
                writes.append((item, None, stamp))
                continue
            merged = self._imported_over(current, item)
            changes = _changed_fields(current, merged)
            if changes:
                result.changed.append((merged, tuple(changes)))
            else:
                result.unchanged.append(current)
            if changes or (stamp is not None and stamp != current.updated_at):
                writes.append((merged, changes, stamp))
        if not dry_run and writes:
            with self._conn.writing() as write:
                for item, fields, stamp in writes:
                    if fields is None:
                        row = {**item.to_fields(), "updated_at": stamp}
                        register_rows.insert(write, self.register, item.id, key, row)
                    else:
                        register_rows.set_fields(
                            write, self.register, item.id, key, fields, updated_at=stamp
                        )
        return result

    # ----------------------------------------------------------------- helpers

    def _built(self, values: Values, entity_id: str) -> T:
        """The entity from stored values; values no release writes mean a damaged file."""
        try:
            return self.build(values, entity_id)
        except (ValueError, TypeError) as error:
            raise DamagedContent(f"a {self.register.noun.lower()} holds {error}") from error

    def _imported_over(self, current: T, item: T) -> T:
        """The stored item with the file's fields; links kept where the file has none."""
        fields = item.to_fields()
        kept = current.to_fields()
        for name in ("deliverables", "findings", "due_history"):
            if name in fields and not _has_value(fields[name]):
                fields[name] = kept[name]
        return self.build(fields, current.id)

    def _refuse_duplicate(self, item: T, key: str) -> None:
        name = self.key(item)
        for other in self.items(_period(key)):
            if other.id != item.id and self.key(other) == name:
                raise ValidationError(f"The register already has {item.label}.")


def _changed_fields(current: RegisterItem, incoming: RegisterItem) -> dict[str, str | None]:
    before, after = current.to_fields(), incoming.to_fields()
    return {name: value for name, value in after.items() if before.get(name) != value}


def _has_value(text: str | None) -> bool:
    return bool(text) and text != "[]"


def _period(key: str) -> ReportingPeriod:
    return ReportingPeriod.parse(key)
