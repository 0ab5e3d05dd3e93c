"""The rows a plan file should hold once a merge has brought in more change records.

:mod:`nhp_planner.model.convergence` says what each row is from the records;
this part reads the rows the file holds, works out which to insert, change or
remove, and writes them. Only rows the new records are about are worked out
again (every row when a period's start came in, since what a period carries
forward depends on when it started).
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from nhp_planner.model.changes import ChangeRecord
from nhp_planner.model.convergence import (
    DELIVERABLE_REGISTERS,
    OBJECTIVE_REGISTERS,
    PeriodLine,
    RowState,
    latest_values,
    order_key,
    registers_of,
    row_state,
)
from nhp_planner.model.entities import CoverReport
from nhp_planner.model.merge import FieldUpdate, RowKey
from nhp_planner.model.store.connection import HistoryWriter, PlanConnection
from nhp_planner.model.store.measure_rows import ENTITY as MEASURE
from nhp_planner.model.store.measure_rows import (
    apply_measure_field,
    delete_measure_rows,
    insert_measure,
    measure_fields,
)
from nhp_planner.model.store.register_rows import REGISTERS, RegisterTable, delete, put_rows
from nhp_planner.model.store.rows import PLAN_COLUMNS, RAG_COLUMNS, RAG_WORDS

TYPE_CHECKING = False  # typing is for mypy only: start-up (see docs/ARCHITECTURE.md, Rules)
if TYPE_CHECKING:
    from typing import Any

_DELIVERABLE_COLUMNS = (
    "id",
    "period",
    "objective_id",
    "ref",
    "commitment",
    "lead",
    "summary_position",
    "rag",
    "date_text",
    "updated_at",
    "updated_by",
)
#: The columns people see change (what a merge reports as updated).
_SHOWN = {"objective_id": "objective", "number": "number", "title": "title"}
_SHOWN.update({name: name for name in DELIVERABLE_REGISTERS if name != "objective"})
#: The tables a merge writes rows of, each with how people name one of its rows.
_TABLES = ("objectives", "deliverables", *(r.table for r in REGISTERS.values()))


@dataclass(slots=True)
class RowChanges:
    """What to write to the file: rows to put (whole) and rows to take away, per table."""

    new_periods: list[dict[str, Any]] = field(default_factory=list)
    reopened: dict[str, int] = field(default_factory=dict)
    put: dict[str, list[dict[str, Any]]] = field(
        default_factory=lambda: {table: [] for table in _TABLES}
    )
    remove: dict[str, list[tuple[str, str]]] = field(
        default_factory=lambda: {table: [] for table in _TABLES}
    )
    #: Every objective's number and title in each period, present or not: a deliverable
    #: kept under an objective the other copy deleted brings its objective back.
    objectives: dict[tuple[str, str], tuple[int, str | None]] = field(default_factory=dict)
    #: (period, field, value): the cover each earlier period filed when the next one started.
    period_covers: list[tuple[str, str, str | None]] = field(default_factory=list)
    #: Measures the new records are about: (id, present or None if no record says, fields).
    measures: list[tuple[str, bool | None, dict[str, str | None]]] = field(default_factory=list)
    plan: dict[str, str | None] = field(default_factory=dict)
    #: Plan settings kept in ``meta`` (the RAG words the owner explained on an import).
    meta: dict[str, str | None] = field(default_factory=dict)
    cover: dict[str, str | None] = field(default_factory=dict)
    #: How people name each row that changes: its ref or number, here or as it comes in.
    names: dict[RowKey, dict[str, str | None]] = field(default_factory=dict)
    inserts: list[RowKey] = field(default_factory=list)
    updates: list[FieldUpdate] = field(default_factory=list)
    deletes: list[RowKey] = field(default_factory=list)


class ConvergedRows:
    """Working out, and writing, the rows that follow from a plan's change records."""

    def __init__(self, conn: PlanConnection) -> None:
        self._conn = conn

    def changes(
        self, records: Sequence[ChangeRecord], arrived: Sequence[ChangeRecord]
    ) -> RowChanges:
        """The rows that differ from what ``records`` (every record, ``arrived`` among them) say."""
        db = self._conn.db.conn
        local_periods = {row[0] for row in db.execute("select period from periods")}
        line = PeriodLine.of(records, local_periods)
        out = RowChanges()
        self._periods(records, arrived, line, local_periods, out)
        by_id: dict[str, list[ChangeRecord]] = {}
        for record in records:
            if record.entity in ("deliverable", "objective"):
                by_id.setdefault(record.entity_id, []).append(record)
        everything = any(r.entity == "period" and r.field == "created" for r in arrived)
        objective_ids = {r.entity_id for r in records if r.entity == "objective"}
        objective_ids |= {row[0] for row in db.execute("select distinct id from objectives")}
        if everything:
            deliverable_ids = {r.entity_id for r in records if r.entity == "deliverable"}
            deliverable_ids |= {
                row[0] for row in db.execute("select distinct id from deliverables")
            }
        else:
            deliverable_ids = {r.entity_id for r in arrived if r.entity == "deliverable"}
        new = set(line.keys) - local_periods
        objectives = self._objectives(sorted(objective_ids), by_id, line, new, out)
        self._deliverables(sorted(deliverable_ids), by_id, line, new, objectives, out)
        for register in REGISTERS.values():
            self._register(register, records, arrived if not everything else None, line, new, out)
        self._plan_and_cover(records, arrived, out)
        self._measures(records, arrived, out)
        return out

    def _measures(
        self, records: Sequence[ChangeRecord], arrived: Sequence[ChangeRecord], out: RowChanges
    ) -> None:
        """Each measure the new records are about: its latest creation or deletion, and the
        latest write of each field (settings, and each period's value and narrative)."""
        touched = {r.entity_id for r in arrived if r.entity == MEASURE}
        by_id: dict[str, list[ChangeRecord]] = {}
        for record in records:
            if record.entity == MEASURE and record.entity_id in touched:
                by_id.setdefault(record.entity_id, []).append(record)
        for measure_id in sorted(by_id):
            present: bool | None = None
            fields: dict[str, str | None] = {}
            for record in sorted(by_id[measure_id], key=order_key):
                if record.field in ("created", "deleted"):
                    present = record.field == "created"
                    if present:
                        fields["name"] = record.new
                else:
                    fields[record.field] = record.new
            out.measures.append((measure_id, present, fields))

    def _periods(
        self,
        records: Sequence[ChangeRecord],
        arrived: Sequence[ChangeRecord],
        line: PeriodLine,
        local_periods: set[str],
        out: RowChanges,
    ) -> None:
        first: dict[str, ChangeRecord] = {}
        for record in records:
            if record.entity == "period" and record.field == "created":
                known = first.get(record.entity_id)
                if known is None or order_key(record) < order_key(known):
                    first[record.entity_id] = record
        self._period_covers(records, arrived, line, first, out)
        latest = latest_values(r for r in records if r.entity == "period")
        for key in line.keys:
            reopened = int(latest.get(("period", key, "reopened")) == "true")
            if key not in local_periods:
                start = first[key]
                out.new_periods.append(
                    {
                        "period": key,
                        "started_at": start.at,
                        "started_by": start.by,
                        "reopened": reopened,
                    }
                )
            elif any(r.entity == "period" and r.entity_id == key for r in arrived):
                out.reopened[key] = reopened

    def _period_covers(
        self,
        records: Sequence[ChangeRecord],
        arrived: Sequence[ChangeRecord],
        line: PeriodLine,
        first: dict[str, ChangeRecord],
        out: RowChanges,
    ) -> None:
        """Each period's cover as it stood when the next period was first started."""
        if not any(r.entity == "cover" or r.entity == "period" for r in arrived):
            return
        covers = sorted((r for r in records if r.entity == "cover"), key=order_key)
        current = dict(self._conn.db.conn.execute("select field, value from cover").fetchall())
        for earlier, later in itertools.pairwise(line.keys):
            start = first.get(later)
            if start is None:
                continue
            limit = order_key(start)
            for name in CoverReport.field_names():
                writes = [r for r in covers if r.field == name]
                before = [r for r in writes if order_key(r) < limit]
                # Before any recorded change, the cover every copy started from.
                value = before[-1].new if before else writes[0].old if writes else current.get(name)
                out.period_covers.append((earlier, name, value))

    def _objectives(
        self,
        ids: Sequence[str],
        by_id: dict[str, list[ChangeRecord]],
        line: PeriodLine,
        new: set[str],
        out: RowChanges,
    ) -> dict[str, dict[str, RowState]]:
        """Every objective in every period (there are few); by period, then id."""
        local = self._local("select id, period, number, title from objectives", ids)
        states: dict[str, dict[str, RowState]] = {key: {} for key in line.keys}
        for objective_id in ids:
            registers = registers_of(by_id.get(objective_id, ()), "objective")
            rows = local.get(objective_id, {})
            for key in line.keys:
                state = row_state(
                    registers, line, key, rows, OBJECTIVE_REGISTERS, new_period=key in new
                )
                states[key][objective_id] = state
                if state.values.get("number") is not None:
                    number = int(state.values["number"])
                    out.objectives[(objective_id, key)] = (number, state.values.get("title"))
                wanted = None
                if state.exists and state.values.get("number") is not None:
                    wanted = {
                        "id": objective_id,
                        "period": key,
                        "number": int(state.values["number"]),
                        "title": state.values.get("title"),
                    }
                self._compare(
                    "objective", "objectives", wanted, rows.get(key), objective_id, key, out
                )
        return states

    def _deliverables(
        self,
        ids: Sequence[str],
        by_id: dict[str, list[ChangeRecord]],
        line: PeriodLine,
        new: set[str],
        objectives: dict[str, dict[str, RowState]],
        out: RowChanges,
    ) -> None:
        local = self._local(
            "select id, period, objective_id as objective, ref, commitment, lead, "
            "summary_position, rag, date_text, updated_at, updated_by from deliverables",
            ids,
        )
        numbers = {
            key: {
                number: objective_id
                for objective_id, state in sorted(by_period.items(), reverse=True)
                if state.exists and (number := state.values.get("number")) is not None
            }
            for key, by_period in objectives.items()
        }
        for deliverable_id in ids:
            registers = registers_of(by_id.get(deliverable_id, ()), "deliverable")
            rows = {
                key: {**row, "ref": _tail(row["ref"])}
                for key, row in local.get(deliverable_id, {}).items()
            }
            for key in line.keys:
                state = row_state(
                    registers, line, key, rows, DELIVERABLE_REGISTERS, new_period=key in new
                )
                wanted = None
                objective_id = state.values.get("objective")
                if isinstance(objective_id, tuple):  # an earlier release's record: by number
                    found = numbers[key].get(int(objective_id[1]))
                    objective_id = found or (rows.get(key) or {}).get("objective")
                objective = objectives.get(key, {}).get(str(objective_id))
                number = None if objective is None else objective.values.get("number")
                if state.exists and number is not None and state.values.get("ref"):
                    wanted = {
                        "id": deliverable_id,
                        "period": key,
                        "objective_id": objective_id,
                        "ref": f"{number}.{state.values['ref']}",
                        **{
                            name: state.values.get(name)
                            for name in ("commitment", "lead", "summary_position", "rag")
                        },
                        "date_text": state.values.get("date_text"),
                        "updated_at": (state.updated or (None, None))[0],
                        "updated_by": (state.updated or (None, None))[1],
                    }
                mine = local.get(deliverable_id, {}).get(key)
                self._compare("deliverable", "deliverables", wanted, mine, deliverable_id, key, out)

    def _register(
        self,
        register: RegisterTable,
        records: Sequence[ChangeRecord],
        arrived: Sequence[ChangeRecord] | None,
        line: PeriodLine,
        new: set[str],
        out: RowChanges,
    ) -> None:
        """A register around the plan (inspectorate items, committee actions) as deliverables
        are: a row per item per period, each field a register carried forward by period.

        Args:
            arrived: the new records, whose items are worked out again; None for every
                item (a period's start came in).
        """
        by_id: dict[str, list[ChangeRecord]] = {}
        for record in records:
            if record.entity == register.entity:
                by_id.setdefault(record.entity_id, []).append(record)
        if arrived is None:
            ids = set(by_id) | {
                row[0]
                for row in self._conn.db.conn.execute(f'select distinct id from "{register.table}"')
            }
        else:
            ids = {r.entity_id for r in arrived if r.entity == register.entity}
        local = self._local(
            f"select id, period, {register.columns}, updated_at, updated_by "
            f'from "{register.table}"',
            ids,
        )
        shown = {name: name for name in register.fields}
        for item_id in sorted(ids):
            registers = registers_of(by_id.get(item_id, ()), register.entity, register.fields)
            rows = local.get(item_id, {})
            for key in line.keys:
                state = row_state(
                    registers, line, key, rows, register.fields, new_period=key in new
                )
                wanted = None
                if state.exists:
                    updated_at, updated_by = state.updated or (None, None)
                    wanted = {
                        "id": item_id,
                        "period": key,
                        **state.values,
                        "updated_at": updated_at,
                        "updated_by": updated_by,
                    }
                self._compare(
                    register.entity,
                    register.table,
                    wanted,
                    rows.get(key),
                    item_id,
                    key,
                    out,
                    name=register.name_field,
                    shown=shown,
                )

    def _compare(
        self,
        entity: str,
        table: str,
        wanted: dict[str, Any] | None,
        mine: dict[str, Any] | None,
        entity_id: str,
        key: str,
        out: RowChanges,
        *,
        name: str | None = None,
        shown: dict[str, str] = _SHOWN,
    ) -> None:
        """What to write for one row: put it, take it away or leave it.

        Args:
            name: the field people name the row by (a deliverable's ref, else its number).
            shown: the columns people see change, by the field name a merge reports.
        """
        row: RowKey = (entity, entity_id, key)
        named = wanted or mine or {}
        name = name or ("ref" if entity == "deliverable" else "number")
        value = named.get(name)
        if entity == "deliverable" and wanted is None and mine is not None:
            value = None  # only its tail is at hand; the label then reads the file
        label = {name: _text(value)}
        if wanted is None:
            if mine is not None:
                out.remove[table].append((entity_id, key))
                out.deletes.append(row)
                out.names[row] = label
            return
        if mine is None:
            out.put[table].append(wanted)
            out.inserts.append(row)
            out.names[row] = label
            return
        as_stored = {**mine, "objective_id": mine.get("objective")}
        differs = [
            column
            for column in wanted
            if column not in ("id", "period") and wanted[column] != as_stored.get(column)
        ]
        if differs:
            out.names[row] = label
            out.put[table].append(wanted)
            out.updates.extend(
                FieldUpdate(row, shown[column], _text(wanted[column]), _text(as_stored.get(column)))
                for column in differs
                if column in shown
            )

    def _plan_and_cover(
        self, records: Sequence[ChangeRecord], arrived: Sequence[ChangeRecord], out: RowChanges
    ) -> None:
        touched = {(r.entity, r.field) for r in arrived if r.entity in ("plan", "cover")}
        if not touched:
            return
        latest = latest_values(r for r in records if r.entity in ("plan", "cover"))
        for (entity, _, name), value in latest.items():
            if (entity, name) not in touched:
                continue
            if entity == "plan" and name in (*PLAN_COLUMNS, *RAG_COLUMNS):
                out.plan[name] = value
            elif entity == "plan" and name == RAG_WORDS:
                # Each word is its own register: what either copy's owner explained is kept.
                words: dict[str, str] = {}
                for record in sorted(records, key=order_key):
                    if record.entity == "plan" and record.field == RAG_WORDS and record.new:
                        words.update(json.loads(record.new))
                out.meta[name] = json.dumps(dict(sorted(words.items())))
            elif entity == "cover" and name in CoverReport.field_names():
                out.cover[name] = value

    def _local(self, select: str, ids: Iterable[str]) -> dict[str, dict[str, dict[str, Any]]]:
        """Rows of the given ids as the file holds them: id -> period -> columns."""
        found: dict[str, dict[str, dict[str, Any]]] = {}
        listed = list(ids)
        db = self._conn.db.conn
        for start in range(0, len(listed), 500):
            chunk = listed[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            cursor = db.execute(f"{select} where id in ({marks})", chunk)
            names = [d[0] for d in cursor.description]
            for values in cursor:
                row = dict(zip(names, values, strict=True))
                found.setdefault(row.pop("id"), {})[row.pop("period")] = row
        return found


def write_rows(write: HistoryWriter, changes: RowChanges) -> list[tuple[str, dict[str, Any]]]:
    """Write what :meth:`ConvergedRows.changes` found, then keep every reference naming its
    objective and every deliverable's objective present.

    Returns the measures that could not come in (both copies added one name), with their
    fields, for the owner to settle.
    """
    db = write.db.conn
    refused = _write_measures(write, changes)
    db.executemany(
        "insert into periods (period, started_at, started_by, reopened) values (?, ?, ?, ?)",
        [tuple(p.values()) for p in changes.new_periods],
    )
    db.executemany(
        "update periods set reopened = ? where period = ?",
        [(value, key) for key, value in changes.reopened.items()],
    )
    for register in REGISTERS.values():
        for item_id, key in changes.remove[register.table]:
            delete(write, register, item_id, key, record=False)
        put_rows(write, register, changes.put[register.table])
    for table in ("deliverables", "objectives"):
        db.executemany(f"delete from {table} where id = ? and period = ?", changes.remove[table])
    db.executemany(
        "insert or replace into objectives (id, period, number, title) values (?, ?, ?, ?)",
        [tuple(row.values()) for row in changes.put["objectives"]],
    )
    db.executemany(
        f"insert or replace into deliverables ({', '.join(_DELIVERABLE_COLUMNS)}) "
        f"values ({', '.join('?' * len(_DELIVERABLE_COLUMNS))})",
        [tuple(row[c] for c in _DELIVERABLE_COLUMNS) for row in changes.put["deliverables"]],
    )
    db.executemany(
        "insert or replace into period_covers (period, field, value) values (?, ?, ?)",
        changes.period_covers,
    )
    for name, value in changes.plan.items():
        db.execute(f"update plan set {name} = ?", [value])
    for name, value in changes.meta.items():
        db.execute("insert or replace into meta (key, value) values (?, ?)", [name, value])
    for name, value in changes.cover.items():
        db.execute("insert or replace into cover (field, value) values (?, ?)", [name, value])
    orphans = db.execute(
        "select distinct d.objective_id, d.period from deliverables d left join objectives o "
        "on o.id = d.objective_id and o.period = d.period where o.id is null"
    ).fetchall()
    db.executemany(
        "insert into objectives (id, period, number, title) values (?, ?, ?, ?)",
        [
            (i, key, *changes.objectives[(i, key)])
            for i, key in orphans
            if (i, key) in changes.objectives
        ],
    )
    db.execute(_DERIVE_REFS)
    db.execute("update plan set current_period = (select max(period) from periods)")
    return refused


def _write_measures(write: HistoryWriter, changes: RowChanges) -> list[tuple[str, dict[str, Any]]]:
    refused: list[tuple[str, dict[str, Any]]] = []
    for measure_id, present, fields in changes.measures:
        here = measure_fields(write.db, measure_id)
        if present is False:
            if here is not None:
                delete_measure_rows(write, measure_id)
        elif here is None:
            if present and insert_measure(write, measure_id, fields):
                refused.append((measure_id, fields))
        else:
            for name, value in fields.items():
                if here.get(name) != value:
                    apply_measure_field(write, measure_id, name, value)
    return refused


#: A reference is its objective's number and its own part: renumbering 1 to 2 makes 1.5 2.5.
_DERIVE_REFS = (
    "update deliverables set ref = o.number || '.' || substr(deliverables.ref, "
    "instr(deliverables.ref, '.') + 1) from objectives o where o.id = deliverables.objective_id "
    "and o.period = deliverables.period and deliverables.ref != o.number || '.' || "
    "substr(deliverables.ref, instr(deliverables.ref, '.') + 1)"
)


def _tail(ref: str | None) -> str | None:
    return ref.split(".", 1)[1] if ref and "." in ref else ref


def _text(value: Any) -> str | None:
    """A column's value as the text a merge reports."""
    return None if value is None else str(value)
