"""The rows of the registers around the plan, stored as deliverables are: one per item per period.

Both registers (inspectorate items, committee actions) keep their fields as
text columns named as the change history names the fields, so one set of
functions reads, writes, carries forward and merges them. The store parts
``findings.py`` and ``actions.py`` speak in domain objects over these.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from nhp_planner.model.actions import ACTION_FIELDS
from nhp_planner.model.findings import FINDING_FIELDS
from nhp_planner.model.store.connection import HistoryWriter, PlanDatabase

TYPE_CHECKING = False  # typing is for mypy only: start-up (see docs/ARCHITECTURE.md, Rules)
if TYPE_CHECKING:
    from typing import Any

#: A register row's field values as text, as the change history writes them.
Values = dict[str, str | None]


@dataclass(frozen=True, slots=True)
class RegisterTable:
    """One register's table: the history's entity name, the table, its content fields."""

    entity: str
    table: str
    fields: tuple[str, ...]
    #: How people name one of its rows, from its values: "Inspectorate item AFI 1".
    noun: str
    name_field: str

    @property
    def columns(self) -> str:
        return ", ".join(f'"{name}"' for name in self.fields)

    def label(self, values: Mapping[str, str | None]) -> str:
        return f"{self.noun} {values.get(self.name_field) or '?'}"


FINDINGS = RegisterTable("finding", "findings", FINDING_FIELDS, "Inspectorate item", "ref")
ACTIONS = RegisterTable("action", "actions", ACTION_FIELDS, "Committee action", "number")
#: The registers by the entity name the change history uses.
REGISTERS = {table.entity: table for table in (FINDINGS, ACTIONS)}


def values(
    db: PlanDatabase, register: RegisterTable, entity_id: str, period: str | None
) -> Values | None:
    """A row's field values and ``updated_at``; None if the row is not in that period."""
    row = db.conn.execute(
        f'select {register.columns}, updated_at from "{register.table}" '
        "where id = ? and period = ?",
        [entity_id, period],
    ).fetchone()
    if row is None:
        return None
    return dict(zip((*register.fields, "updated_at"), row, strict=True))


def period_values(
    db: PlanDatabase, register: RegisterTable, period: str
) -> list[tuple[str, Values]]:
    """Every row of a register in one period: (id, values with ``updated_at``)."""
    rows = db.conn.execute(
        f'select id, {register.columns}, updated_at from "{register.table}" where period = ?',
        [period],
    ).fetchall()
    names = (*register.fields, "updated_at")
    return [(row[0], dict(zip(names, row[1:], strict=True))) for row in rows]


def insert(
    write: HistoryWriter,
    register: RegisterTable,
    entity_id: str,
    period: str,
    row: Values,
    *,
    record: bool = True,
) -> None:
    """Add a row; recorded in the history as created, with its fields as JSON.

    ``row`` may carry the ``updated_at`` a file gave it (an import keeps it);
    else a recorded row is updated now.
    """
    content = {name: row.get(name) for name in register.fields}
    given = row.get("updated_at")
    stamp = (given or write.at, write.user) if record else (given, None)
    write.db.conn.execute(
        f'insert into "{register.table}" (id, period, {register.columns}, updated_at, updated_by) '
        f"values ({', '.join('?' * (len(register.fields) + 4))})",
        [entity_id, period, *content.values(), *stamp],
    )
    if record:
        write.record(
            register.entity, entity_id, "created", None, row_json(content), period, marks=stamp[0]
        )


def set_fields(
    write: HistoryWriter,
    register: RegisterTable,
    entity_id: str,
    period: str,
    changes: Mapping[str, str | None],
    *,
    record: bool = True,
    updated_at: str | None = None,
) -> None:
    """Set some fields of a row; with ``record``, each change goes in the history.

    A recorded change marks the row updated now, or at ``updated_at`` (the time
    a file gave it) when given.
    """
    unknown = set(changes) - set(register.fields)
    if unknown:
        raise ValueError(f"Not {register.entity} fields: {sorted(unknown)}")
    if not changes and updated_at is None:
        return
    old = (values(write.db, register, entity_id, period) or {}) if record else {}
    stamp: dict[str, Any] = (
        {"updated_at": updated_at or write.at, "updated_by": write.user} if record else {}
    )
    assignments = {**changes, **stamp}
    write.db.conn.execute(
        f'update "{register.table}" set '
        + ", ".join(f'"{name}" = ?' for name in assignments)
        + " where id = ? and period = ?",
        [*assignments.values(), entity_id, period],
    )
    if record:
        for name, value in changes.items():
            write.record(
                register.entity,
                entity_id,
                name,
                old.get(name),
                value,
                period,
                marks=stamp["updated_at"],
            )


def delete(
    write: HistoryWriter,
    register: RegisterTable,
    entity_id: str,
    period: str,
    *,
    record: bool = True,
    seen: str | None = None,
) -> None:
    """Remove a row from a period; recorded as deleted with what it held.

    Args:
        seen: the ids of the writes to the row the deletion had seen, as JSON
            (``PlanReads.seen_writes``): a merge keeps a row the other copy
            changed meanwhile.
    """
    old = values(write.db, register, entity_id, period)
    write.db.conn.execute(
        f'delete from "{register.table}" where id = ? and period = ?', [entity_id, period]
    )
    if record and old is not None:
        content = {name: old[name] for name in register.fields}
        write.record(
            register.entity, entity_id, "deleted", row_json(content), None, period, target=seen
        )


def put_rows(write: HistoryWriter, register: RegisterTable, rows: Iterable[Values]) -> None:
    """Write whole rows as a merge worked them out (``id``, ``period``, the fields and the
    "updated" mark), replacing what the file held; their records came with the merge."""
    names = ("id", "period", *register.fields, "updated_at", "updated_by")
    columns = ", ".join(f'"{name}"' for name in names)
    write.db.conn.executemany(
        f'insert or replace into "{register.table}" ({columns}) '
        f"values ({', '.join('?' * len(names))})",
        [tuple(row.get(name) for name in names) for row in rows],
    )


def carry_forward(write: HistoryWriter, from_period: str, to_period: str) -> None:
    """Start a period's registers from the last period's, marked not yet updated."""
    for register in REGISTERS.values():
        write.db.conn.execute(
            f'insert into "{register.table}" (id, period, {register.columns}, updated_at, '
            f"updated_by) select id, ?, {register.columns}, null, null "
            f'from "{register.table}" where period = ?',
            [to_period, from_period],
        )


def row_json(content: Mapping[str, str | None]) -> str:
    """A register row as the change history records its creation or deletion."""
    return json.dumps(dict(content), ensure_ascii=False, sort_keys=True)
