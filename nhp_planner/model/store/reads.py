"""Reading the plan: its header, periods, objectives, deliverables, history and conflicts.

Reads default to the current reporting period. The other parts of the store
read through here too (a row's values as the history writes them, objective
ids by number), so the plan is read one way everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from nhp_planner.model.entities import (
    DELETED,
    DELIVERABLE_FIELDS,
    DUPLICATE,
    EXISTS,
    Conflict,
    CoverReport,
    Deliverable,
    Objective,
    Plan,
    PlanSnapshot,
)
from nhp_planner.model.errors import ValidationError
from nhp_planner.model.periods import ReportingPeriod
from nhp_planner.model.rag import RagKey
from nhp_planner.model.refs import ref_sort_key
from nhp_planner.model.store.connection import PlanConnection, reports_damage
from nhp_planner.model.store.rows import (
    DELIVERABLE_SELECT,
    PLAN_COLUMNS,
    RAG_COLUMNS,
    deliverable_from_row,
    row_label,
)

TYPE_CHECKING = False  # typing is for mypy only: start-up (see docs/ARCHITECTURE.md, Rules)
if TYPE_CHECKING:
    from typing import Any

    from nhp_planner.model.changes import ChangeRecord
    from nhp_planner.model.merge import RowKey


class PlanReads:
    """Everything read from an open plan, in domain objects."""

    def __init__(self, conn: PlanConnection) -> None:
        self._conn = conn
        self._db = conn.db

    @reports_damage
    def plan(self) -> Plan:
        """The plan, with the cover of the current period's paper."""
        row = self._conn.one("select * from plan")
        return Plan(
            title=row["title"],
            rag_key=RagKey(row["rag_green"], row["rag_amber"], row["rag_red"]),
            force=row["force"],
            owner=row["owner"],
            cover=_cover(self._db.query("select field, value from cover")),
            id=row["id"],
        )

    def cover(self, period: ReportingPeriod | None) -> CoverReport:
        """The cover of a period's paper: the current one's, or the one an earlier period was
        filed with when the next began.

        An earlier period from before covers were kept per period has none of
        its own: it gets the current cover without the fields that belong to
        one meeting (its date, reference and Summary), so it claims no meeting.
        """
        current = _cover(self._db.query("select field, value from cover"))
        if period is None or period == self.current_period:
            return current
        rows = list(
            self._db.query("select field, value from period_covers where period = ?", [period.key])
        )
        return _cover(rows) if rows else replace(current.for_next_meeting(), review="")

    def last_updated(self, period: ReportingPeriod) -> dict[str, ReportingPeriod]:
        """For each deliverable, the latest period before ``period`` in which it was updated."""
        rows = self._db.conn.execute(
            "select id, max(period) from deliverables "
            "where period < ? and updated_at is not null group by id",
            [period.key],
        )
        return {row[0]: ReportingPeriod.parse(row[1]) for row in rows}

    @property
    @reports_damage
    def plan_id(self) -> str:
        return str(self._conn.meta("plan_id"))

    @property
    def replica_id(self) -> str:
        return str(self._conn.replica)

    @reports_damage
    def periods(self) -> list[ReportingPeriod]:
        """Every reporting period, oldest first."""
        return [
            ReportingPeriod.parse(r["period"])
            for r in self._db.query("select period from periods order by period")
        ]

    @property
    @reports_damage
    def current_period(self) -> ReportingPeriod | None:
        """The latest period: where edits go unless an earlier one is reopened."""
        value = self._conn.one("select current_period from plan")["current_period"]
        return ReportingPeriod.parse(value) if value else None

    def previous_period(self, period: ReportingPeriod | None = None) -> ReportingPeriod | None:
        """The period before ``period`` (default: the current one), if the plan has one."""
        chosen = period or self.current_period
        earlier = [p for p in self.periods() if chosen is not None and p < chosen]
        return earlier[-1] if earlier else None

    @reports_damage
    def has_measures(self) -> bool:
        """Whether the plan has any performance measure (asked before their code is loaded)."""
        return self._db.execute("select 1 from measures limit 1").fetchone() is not None

    @reports_damage
    def is_reopened(self, period: ReportingPeriod) -> bool:
        """Whether an earlier period was deliberately reopened for edits."""
        rows = list(self._db.query("select reopened from periods where period = ?", [period.key]))
        return bool(rows and rows[0]["reopened"])

    @reports_damage
    def objectives(self, period: ReportingPeriod | None = None) -> list[Objective]:
        key = self.period_key(period)
        return [
            Objective(number=r["number"], title=r["title"], id=r["id"])
            for r in self._db.query(
                "select id, number, title from objectives where period = ? order by number, id",
                [key],
            )
        ]

    @reports_damage
    def deliverables(
        self, period: ReportingPeriod | None = None, *, in_order: bool = True
    ) -> list[Deliverable]:
        """Every deliverable in the period, in reference order (1.9 before 1.10).

        ``in_order=False`` skips the natural sort (a third of reading 10,000)
        for callers that only look deliverables up.
        """
        key = self.period_key(period)
        rows = self._db.conn.execute(DELIVERABLE_SELECT + " where d.period = ?", [key])
        found = list(map(deliverable_from_row, rows))
        # By id among equals: two copies' 1.16 list the same way on every copy.
        return sorted(found, key=lambda d: (d.sort_key, d.id)) if in_order else found

    @reports_damage
    def deliverable(
        self, deliverable_id: str, period: ReportingPeriod | None = None
    ) -> Deliverable:
        key = self.period_key(period)
        row = self._db.conn.execute(
            DELIVERABLE_SELECT + " where d.period = ? and d.id = ?", [key, deliverable_id]
        ).fetchone()
        if row is None:
            raise ValidationError(f"No deliverable with id {deliverable_id} in {key}.")
        return deliverable_from_row(row)

    @reports_damage
    def deliverable_history(self, deliverable_id: str) -> list[tuple[ReportingPeriod, Deliverable]]:
        """A deliverable as it stood in every period it was in, oldest first."""
        rows = self._db.conn.execute(
            DELIVERABLE_SELECT + " where d.id = ? order by d.period",
            [deliverable_id],
        )
        return [(ReportingPeriod.parse(r[-1]), deliverable_from_row(r)) for r in rows]

    @reports_damage
    def snapshot(self, period: ReportingPeriod | None = None) -> PlanSnapshot:
        """The whole plan as it stands (or stood) in a period, with its open conflicts."""
        chosen = period or self.current_period
        plan = self.plan()
        if chosen is not None and chosen != self.current_period:
            plan = replace(plan, cover=self.cover(chosen))
        return PlanSnapshot(
            plan=plan,
            period=chosen,
            objectives=tuple(self.objectives(chosen)) if chosen else (),
            deliverables=tuple(self.deliverables(chosen)) if chosen else (),
            conflicts=tuple(self.conflicts(chosen)),
        )

    @reports_damage
    def snapshot_and_previous(
        self, period: ReportingPeriod | None = None
    ) -> tuple[PlanSnapshot, PlanSnapshot | None]:
        """The plan in a period, and in the period before it (if any): what movement compares."""
        snapshot = self.snapshot(period)
        earlier = self.previous_period(snapshot.period)
        return snapshot, self.snapshot(earlier) if earlier else None

    @reports_damage
    def changes(self, entity_id: str | None = None) -> list[ChangeRecord]:
        """The change history, oldest first; for one entity when ``entity_id`` is given."""
        from nhp_planner.model.changes import ChangeRecord

        where, params = ("where entity_id = ?", [entity_id]) if entity_id else ("", [])
        # Plain tuples: a merge reads two whole histories, and a dict per row doubled that.
        rows = self._db.conn.execute(f"{_CHANGES} {where} order by seq", params)
        return [ChangeRecord(*row) for row in rows]

    def change_ids(self) -> set[str]:
        """The id of every change record: what two copies have in common is what both hold."""
        return {row[0] for row in self._db.conn.execute("select id from changes")}

    def changes_except(self, ids: set[str]) -> list[ChangeRecord]:
        """The change records whose ids are not in ``ids``, oldest first."""
        from nhp_planner.model.changes import ChangeRecord

        rows = self._db.conn.execute(f"{_CHANGES} order by seq")
        return [ChangeRecord(*row) for row in rows if row[9] not in ids]

    def changes_about(self, deliverable_ids: set[str] | None) -> list[ChangeRecord]:
        """Every record but those of deliverables outside ``deliverable_ids`` (None: all)."""
        from nhp_planner.model.changes import ChangeRecord

        if deliverable_ids is None:
            return self.changes()
        found = [
            ChangeRecord(*row)
            for row in self._db.conn.execute(f"{_CHANGES} where entity != 'deliverable'")
        ]
        listed = sorted(deliverable_ids)
        for start in range(0, len(listed), 500):
            chunk = listed[start : start + 500]
            found.extend(
                ChangeRecord(*row)
                for row in self._db.conn.execute(
                    f"{_CHANGES} where entity_id in ({', '.join('?' * len(chunk))})", chunk
                )
            )
        return found

    @reports_damage
    def conflicts(
        self, period: ReportingPeriod | None = None, *, resolved: bool = False
    ) -> list[Conflict]:
        """Merge conflicts (unresolved ones by default); for one period and the plan if given."""
        where = "resolved_at is not null" if resolved else "resolved_at is null"
        params: list[str] = []
        if period is not None:
            where += " and (period = ? or period is null)"
            params.append(period.key)
        rows = self._db.query(f"select * from conflicts where {where} order by found_at", params)
        # In people's order within each merge: by what they are about (1.9 before 1.10).
        recorded = sorted(
            (self._conflict(r) for r in rows), key=lambda c: (c.found_at, ref_sort_key(c.label))
        )
        return recorded if resolved else [*recorded, *self.duplicate_refs(period)]

    def duplicate_refs(self, period: ReportingPeriod | None = None) -> list[Conflict]:
        """Deliverables a merge left sharing a reference (two leads each added 1.16): each but
        the first added is flagged, with the next free reference under its objective to take."""
        where, params = ("where period = ?", [period.key]) if period is not None else ("", [])
        rows = self._db.conn.execute(
            "select d.period, d.ref, d.id, d.objective_id, "
            "(select min(c.lamport || ' ' || c.at) from changes c where c.entity_id = d.id "
            "and c.period = d.period and c.field = 'created') as added, "
            "(select c.by from changes c where c.entity_id = d.id and c.period = d.period "
            "and c.field = 'created' order by c.lamport limit 1) as added_by "
            "from deliverables d where (d.period, d.ref) in (select period, ref from deliverables "
            f"{where} group by period, ref having count(*) > 1) order by d.period, d.ref",
            params,
        ).fetchall()
        groups: dict[tuple[str, str], list[tuple[Any, ...]]] = {}
        for row in rows:
            groups.setdefault((row[0], row[1]), []).append(row)
        flags: list[Conflict] = []
        for (key, ref), holders in groups.items():
            holders.sort(key=lambda r: (r[4] or "", r[2]))
            first = holders[0]
            taken = {
                r[0]
                for r in self._db.conn.execute(
                    "select ref from deliverables where period = ? and objective_id = ?",
                    [key, first[3]],
                )
            }
            for _, _, deliverable_id, _, _, added_by in holders[1:]:
                free = _next_free(ref, taken)
                taken.add(free)
                flag = Conflict(
                    entity="deliverable",
                    entity_id=deliverable_id,
                    period=key,
                    field=DUPLICATE,
                    base=ref,
                    mine=ref,
                    theirs=free,
                    mine_by=first[5],
                    mine_at=None,
                    theirs_by=added_by,
                    theirs_at=None,
                    source="",
                    found_at="",
                    id=f"duplicate:{key}:{deliverable_id}",
                )
                flags.append(replace(flag, label=self.conflict_label(flag)))
        return flags

    def unresolved_conflict(self, conflict_id: str) -> Conflict:
        """A conflict still to settle, by id."""
        rows = list(self._db.query("select * from conflicts where id = ?", [conflict_id]))
        if not rows or rows[0]["resolved_at"]:
            raise ValidationError(f"No unresolved conflict with id {conflict_id}.")
        return self._conflict(rows[0])

    def conflict_label(self, conflict: Conflict) -> str:
        """How people name what a conflict is about: "Deliverable 2.5 (February 2024)"."""
        return label_of(conflict, self.row_values(_row_of(conflict)))

    def _conflict(self, row: dict[str, Any]) -> Conflict:
        conflict = Conflict(**{k: row[k] for k in row if k not in ("resolved_at", "resolution")})
        current = self.row_values(_row_of(conflict))  # read once, for its label and shown side
        return replace(
            conflict, label=label_of(conflict, current), shown=shown_side(conflict, current)
        )

    # ------------------------------------------- what the other parts read

    @reports_damage
    def row_values(self, row: RowKey) -> dict[str, str | None] | None:
        """A row's current field values as the change history writes them; None if absent."""
        # What only merging and conflicts read, imported on their first read.
        from nhp_planner.model.diff import field_text
        from nhp_planner.model.store import register_rows
        from nhp_planner.model.store.measure_rows import ENTITY as MEASURE
        from nhp_planner.model.store.measure_rows import measure_fields

        entity, entity_id, period = row
        found: list[dict[str, Any]]
        if entity == MEASURE:
            return measure_fields(self._db, entity_id)
        if entity == "deliverable":
            match = self._db.conn.execute(
                DELIVERABLE_SELECT + " where d.id = ? and d.period = ?", [entity_id, period]
            ).fetchone()
            if match is None:
                return None
            deliverable = deliverable_from_row(match)
            values = {name: field_text(deliverable, name) for name in DELIVERABLE_FIELDS}
            return {**values, "updated_at": deliverable.updated_at}
        if entity == "objective":
            found = list(
                self._db.query(
                    "select number, title from objectives where id = ? and period = ?",
                    [entity_id, period],
                )
            )
            return (
                {"number": str(found[0]["number"]), "title": found[0]["title"]} if found else None
            )
        if entity == "plan":
            row_data = self._conn.one("select * from plan")
            return {k: row_data[k] for k in (*PLAN_COLUMNS, *RAG_COLUMNS)}
        if entity == "cover":
            return {
                r["field"]: r["value"] for r in self._db.query("select field, value from cover")
            }
        if entity == "period":
            found = list(
                self._db.query("select reopened from periods where period = ?", [entity_id])
            )
            return {"reopened": str(bool(found[0]["reopened"])).lower()} if found else None
        if entity in register_rows.REGISTERS:
            return register_rows.values(
                self._db, register_rows.REGISTERS[entity], entity_id, period
            )
        return None

    def seen_writes(self, entity_id: str, period: str | None) -> str:
        """The ids of the field writes to a row in a period, as JSON: what a deletion saw."""
        import json  # only a deletion, a writer, asks

        rows = self._db.conn.execute(
            "select id from changes where entity_id = ? and period is ? "
            "and field not in ('deleted', 'updated')",
            [entity_id, period],
        )
        return json.dumps(sorted(row[0] for row in rows))

    def period_key(self, period: ReportingPeriod | None) -> str:
        """The key of ``period``, or of the current one; blank when the plan has none."""
        chosen = period or self.current_period
        if chosen is None:
            return ""
        return chosen.key

    def objective_ids(self, key: str) -> dict[int, str]:
        """Objective ids by number in a period."""
        return {
            r["number"]: r["id"]
            for r in self._db.query("select id, number from objectives where period = ?", [key])
        }

    def objective(self, objective_id: str, key: str) -> Objective:
        rows = list(
            self._db.query(
                "select id, number, title from objectives where id = ? and period = ?",
                [objective_id, key],
            )
        )
        if not rows:
            raise ValidationError(f"No objective with id {objective_id} in {key}.")
        return Objective(rows[0]["number"], rows[0]["title"], rows[0]["id"])

    def ref_holder(self, key: str, ref: str, *, other_than: str | None = None) -> str | None:
        """The id of the deliverable (other than ``other_than``) that is ``ref`` in a period."""
        sql = "select id from deliverables where period = ? and ref = ?"
        params = [key, ref]
        if other_than is not None:
            sql += " and id != ?"
            params.append(other_than)
        rows = list(self._db.query(sql, params))
        return str(rows[0]["id"]) if rows else None


#: The columns of a :class:`ChangeRecord`, in its order.
_CHANGES = (
    "select entity, entity_id, field, old, new, at, by, period, replica, id, lamport, "
    "target, marks from changes"
)


def _next_free(ref: str, taken: set[str]) -> str:
    """The first reference after the highest under the same objective: 1.17 when 1.16 is taken."""
    objective = ref.split(".", 1)[0]
    numbers = [
        int(tail)
        for r in taken
        if (tail := r.split(".", 1)[-1]).isdigit() and r.split(".", 1)[0] == objective
    ]
    return f"{objective}.{max(numbers, default=0) + 1}"


def _cover(rows: Iterable[dict[str, Any]]) -> CoverReport:
    """A cover from its (field, value) rows; fields of later releases are left out."""
    names = CoverReport.field_names()
    return CoverReport(**{r["field"]: r["value"] for r in rows if r["field"] in names})


def _row_of(conflict: Conflict) -> RowKey:
    return (conflict.entity, conflict.entity_id, conflict.period)


def label_of(conflict: Conflict, current: dict[str, str | None] | None) -> str:
    """How people name what a conflict is about, from its row's values as they stand (None: the
    row is gone, named from the side that kept it)."""
    import json  # only a plan with conflicts reads one

    fallback = None
    if conflict.field == EXISTS:
        for side in (conflict.mine, conflict.theirs):
            if side and side != DELETED:
                fallback = json.loads(side)
    return row_label(_row_of(conflict), current or fallback)


def shown_side(conflict: Conflict, current: dict[str, str | None] | None) -> str:
    """The side of a conflict the plan holds now (the later change), from its row's values as
    they stand (None: the row is gone): "mine", "theirs", or "" when the plan holds neither
    side's value or the conflict is a flag."""
    if conflict.field == DUPLICATE:
        return ""
    if conflict.field == EXISTS:  # the row is kept, or gone: the side that did that
        kept = {"mine": conflict.mine != DELETED, "theirs": conflict.theirs != DELETED}
        sides = [side for side, keeps in kept.items() if keeps == (current is not None)]
        return sides[0] if len(sides) == 1 else ""
    if current is None:
        return ""
    value = current.get(conflict.field)
    return next(
        (
            side
            for side, held in (("mine", conflict.mine), ("theirs", conflict.theirs))
            if value == held
        ),
        "",
    )
