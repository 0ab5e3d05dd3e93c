"""The plan file: one SQLite database per plan, read and written in domain objects.

Every write runs in one transaction together with its change-history rows, so
an edit and the record of it land together or not at all.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import shutil
import sqlite3
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict, fields, replace
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from nhp_planner.model.diff import (
    FieldChange,
    PlanDiff,
    diff_deliverable,
    diff_snapshots,
    field_text,
)
from nhp_planner.model.entities import (
    DELIVERABLE_FIELDS,
    ChangeRecord,
    Conflict,
    CoverReport,
    Deliverable,
    Objective,
    Plan,
    PlanSnapshot,
    new_id,
)
from nhp_planner.model.errors import (
    PeriodClosedError,
    PlanFileError,
    PlanLockedError,
    ValidationError,
)
from nhp_planner.model.merge import (
    DELETED,
    EXISTS,
    MergePlan,
    MergeResult,
    RowKey,
    clash,
    plan_merge,
)
from nhp_planner.model.periods import ReportingPeriod
from nhp_planner.model.plan_file import check_plan_file, connect, current_user, file_error, now_iso
from nhp_planner.model.rag import Rag, RagKey, parse_rag
from nhp_planner.model.refs import parse_ref, ref_sort_key
from nhp_planner.model.schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION

log = logging.getLogger(__name__)

_PLAN_COLUMNS = ("title", "force", "owner")


class _Now:
    """An edit's "updated" mark is the time it is made: as against putting an earlier one back."""


NOW = _Now()
_RAG_COLUMNS = ("rag_green", "rag_amber", "rag_red")


class PlanStore:
    """An open plan file. Speaks in domain objects; owns the ``sqlite_utils.Database``.

    Open with :meth:`open`, create with :meth:`create`, or hold a throwaway plan
    with :meth:`in_memory`. Reads default to the current reporting period.
    """

    def __init__(self, db: Database, path: Path | None, *, read_only: bool, user: str) -> None:
        self._db = db
        self.path = path
        self.read_only = read_only
        self.user = user
        self._replica = self._meta("replica_id")

    # ----------------------------------------------------------------- opening

    @classmethod
    def create(
        cls,
        path: str | os.PathLike[str],
        plan: Plan,
        *,
        period: ReportingPeriod | None = None,
        user: str | None = None,
        populate: Callable[[PlanStore], object] | None = None,
    ) -> PlanStore:
        """Write a new plan file. It appears complete or not at all.

        Args:
            populate: fills the new plan (an import) before the file appears
                under its name; if it fails, no file is left behind.
        """
        target = Path(path)
        if target.exists():
            raise PlanFileError(f"{target}: a file of that name already exists.")
        if not target.parent.is_dir():
            raise PlanFileError(f"{target}: the folder {target.parent} does not exist.")
        fd, temp_name = tempfile.mkstemp(prefix=".nhp-", suffix=".tmp", dir=target.parent)
        os.close(fd)
        temp = Path(temp_name)
        try:
            temp.unlink()
            db = Database(connect(temp), execute_plugins=False)
            _initialise(db, plan, period, user or current_user())
            if populate is not None:
                populate(PlanStore(db, temp, read_only=False, user=user or current_user()))
            db.close()
            os.replace(temp, target)
        except BaseException:
            for leftover in (temp, Path(f"{temp}-wal"), Path(f"{temp}-shm")):
                leftover.unlink(missing_ok=True)
            raise
        return cls.open(target, user=user)

    @classmethod
    def in_memory(
        cls, plan: Plan, *, period: ReportingPeriod | None = None, user: str | None = None
    ) -> PlanStore:
        """A plan that lives only while the program runs (``--sample``, tests)."""
        db = Database(sqlite3.connect(":memory:"), execute_plugins=False)
        who = user or current_user()
        _initialise(db, plan, period, who)
        return cls(db, None, read_only=False, user=who)

    @classmethod
    def open(
        cls, path: str | os.PathLike[str], *, read_only: bool = False, user: str | None = None
    ) -> PlanStore:
        """Open a plan file, migrating it if an older release wrote it.

        Anything that is not a plan (a text file, another SQLite database, a
        truncated copy, a file from a newer release) raises :class:`PlanFileError`
        before anything is written to it.
        """
        target = Path(path)
        version = check_plan_file(target)
        if read_only:
            conn = connect(target, read_only=True)
            return cls(
                Database(conn, execute_plugins=False),
                target,
                read_only=True,
                user=user or current_user(),
            )
        if version < SCHEMA_VERSION:
            backup = target.with_name(f"{target.name}.schema{version}.bak")
            shutil.copy2(target, backup)
            log.info("Upgrading %s from schema %s; backup at %s", target, version, backup)
        conn = connect(target)
        db = Database(conn, execute_plugins=False)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            _migrate(db)
        except sqlite3.DatabaseError as error:
            db.close()
            raise file_error(target, error) from error
        return cls(db, target, read_only=False, user=user or current_user())

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> PlanStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------- reads

    def plan(self) -> Plan:
        row = self._one("select * from plan")
        cover = {r["field"]: r["value"] for r in self._db.query("select field, value from cover")}
        known = {k: v for k, v in cover.items() if k in CoverReport.field_names()}
        return Plan(
            title=row["title"],
            rag_key=RagKey(row["rag_green"], row["rag_amber"], row["rag_red"]),
            force=row["force"],
            owner=row["owner"],
            cover=CoverReport(**known),
            id=row["id"],
        )

    @property
    def plan_id(self) -> str:
        return str(self._meta("plan_id"))

    @property
    def replica_id(self) -> str:
        return str(self._replica)

    def periods(self) -> list[ReportingPeriod]:
        """Every reporting period, oldest first."""
        return [
            ReportingPeriod.parse(r["period"])
            for r in self._db.query("select period from periods order by period")
        ]

    @property
    def current_period(self) -> ReportingPeriod | None:
        """The latest period: where edits go unless an earlier one is reopened."""
        value = self._one("select current_period from plan")["current_period"]
        return ReportingPeriod.parse(value) if value else None

    def objectives(self, period: ReportingPeriod | None = None) -> list[Objective]:
        key = self._period_key(period)
        return [
            Objective(number=r["number"], title=r["title"], id=r["id"])
            for r in self._db.query(
                "select id, number, title from objectives where period = ? order by number", [key]
            )
        ]

    def deliverables(
        self, period: ReportingPeriod | None = None, *, in_order: bool = True
    ) -> list[Deliverable]:
        """Every deliverable in the period, in reference order (1.9 before 1.10).

        ``in_order=False`` skips the natural sort (a third of reading 10,000)
        for callers that only look deliverables up.
        """
        key = self._period_key(period)
        rows = self._db.conn.execute(_DELIVERABLE_SELECT + " where d.period = ?", [key])
        found = list(map(_deliverable, rows))
        return sorted(found, key=lambda d: d.sort_key) if in_order else found

    def deliverable(
        self, deliverable_id: str, period: ReportingPeriod | None = None
    ) -> Deliverable:
        key = self._period_key(period)
        row = self._db.conn.execute(
            _DELIVERABLE_SELECT + " where d.period = ? and d.id = ?", [key, deliverable_id]
        ).fetchone()
        if row is None:
            raise ValidationError(f"No deliverable with id {deliverable_id} in {key}.")
        return _deliverable(row)

    def snapshot(self, period: ReportingPeriod | None = None) -> PlanSnapshot:
        """The whole plan as it stands (or stood) in a period, with its open conflicts."""
        chosen = period or self.current_period
        return PlanSnapshot(
            plan=self.plan(),
            period=chosen,
            objectives=tuple(self.objectives(chosen)) if chosen else (),
            deliverables=tuple(self.deliverables(chosen)) if chosen else (),
            conflicts=tuple(self.conflicts(chosen)),
        )

    def snapshot_and_previous(
        self, period: ReportingPeriod | None = None
    ) -> tuple[PlanSnapshot, PlanSnapshot | None]:
        """The plan in a period, and in the period before it (if any): what movement compares."""
        snapshot = self.snapshot(period)
        earlier = self.previous_period(snapshot.period)
        return snapshot, self.snapshot(earlier) if earlier else None

    def changes(self, entity_id: str | None = None) -> list[ChangeRecord]:
        """The change history, oldest first; for one entity when ``entity_id`` is given."""
        where, params = ("where entity_id = ?", [entity_id]) if entity_id else ("", [])
        return [
            ChangeRecord(
                entity=r["entity"],
                entity_id=r["entity_id"],
                field=r["field"],
                old=r["old"],
                new=r["new"],
                at=r["at"],
                by=r["by"],
                period=r["period"],
                replica=r["replica"],
                id=r["id"],
            )
            for r in self._db.query(f"select * from changes {where} order by seq", params)
        ]

    # ------------------------------------------------------------------ writes

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
        current = self.plan()
        if title is not None and not title.strip():
            raise ValidationError("The plan needs a title.")
        with self._writing() as write:
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
                self._db.table("plan").update(current.id, row)
            if cover is not None:
                for name in CoverReport.field_names():
                    old, new = getattr(current.cover, name), getattr(cover, name)
                    if old != new:
                        self._db.table("cover").upsert({"field": name, "value": new}, pk="field")
                        write.record("cover", current.id, name, old, new)
        return self.plan()

    def add_objective(
        self, objective: Objective, period: ReportingPeriod | None = None
    ) -> Objective:
        key = self._editable_period(period)
        if any(o.number == objective.number for o in self.objectives(ReportingPeriod.parse(key))):
            raise ValidationError(f"Objective {objective.number} already exists.")
        with self._writing() as write:
            self._insert_objective(write, objective, key)
        return objective

    def update_objective(
        self,
        objective_id: str,
        period: ReportingPeriod | None = None,
        **fields: Any,
    ) -> Objective:
        """Retitle (``title``, None for untitled) or renumber (``number``) an objective."""
        unknown = set(fields) - {"title", "number"}
        if unknown:
            raise ValueError(f"Not objective fields: {sorted(unknown)}")
        key = self._editable_period(period)
        current = self._objective(objective_id, key)
        incoming = replace(current, **fields)
        if incoming.number != current.number and incoming.number in self._objective_ids(key):
            raise ValidationError(f"Objective {incoming.number} already exists.")
        changed = {name: value for name, value in fields.items() if getattr(current, name) != value}
        if changed:
            with self._writing() as write:
                self._db.table("objectives").update((objective_id, key), changed)
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
        key = self._editable_period(period)
        objective = self._objective(objective_id, key)
        removed = [
            d
            for d in self.deliverables(ReportingPeriod.parse(key))
            if d.objective == objective.number
        ]
        with self._writing() as write:
            for deliverable in removed:
                self._delete_deliverable(write, deliverable, key)
            self._db.execute(
                "delete from objectives where id = ? and period = ?", [objective_id, key]
            )
            write.record("objective", objective_id, "deleted", _to_json(objective), None, key)
        return objective, removed

    def restore_objective(
        self,
        objective: Objective,
        deliverables: Iterable[Deliverable],
        period: ReportingPeriod | None = None,
    ) -> None:
        """Put back what :meth:`delete_objective` removed, with the same ids."""
        key = self._editable_period(period)
        with self._writing() as write:
            self._insert_objective(write, objective, key)
            for deliverable in deliverables:
                self._insert_deliverable(write, deliverable, key, updated=False)

    def add_deliverable(
        self, deliverable: Deliverable, period: ReportingPeriod | None = None
    ) -> Deliverable:
        """Add a deliverable (its objective is created, untitled, if the plan lacks it)."""
        key = self._editable_period(period)
        with self._writing() as write:
            return self._insert_deliverable(write, deliverable, key, updated=True)

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

    def _update(
        self,
        deliverable_id: str,
        period: ReportingPeriod | None,
        fields: dict[str, Any],
        mark: str | _Now | None,
    ) -> Deliverable:
        key = self._editable_period(period)
        current = self.deliverable(deliverable_id, ReportingPeriod.parse(key))
        incoming = replace(current, **fields)
        changes = diff_deliverable(current, incoming, fields)
        if changes:
            with self._writing() as write:
                self._write_changes(write, current, incoming, changes, key, mark)
        return self.deliverable(deliverable_id, ReportingPeriod.parse(key))

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
        recorded in the history: what undoing an edit or a review puts back."""
        key = self._editable_period(period)
        current = self.deliverable(deliverable_id, ReportingPeriod.parse(key))
        if current.updated_at != updated_at:
            with self._writing() as write:
                write.record(
                    "deliverable", current.id, "updated", current.updated_at, updated_at, key
                )
                by = None if updated_at is None else self.user
                self._db.table("deliverables").update(
                    (current.id, key), {"updated_at": updated_at, "updated_by": by}
                )
        return self.deliverable(deliverable_id, ReportingPeriod.parse(key))

    def delete_deliverable(
        self, deliverable_id: str, period: ReportingPeriod | None = None
    ) -> Deliverable:
        """Remove a deliverable from the period (earlier periods keep it); returns it for undo."""
        key = self._editable_period(period)
        current = self.deliverable(deliverable_id, ReportingPeriod.parse(key))
        with self._writing() as write:
            self._delete_deliverable(write, current, key)
        return current

    def restore_deliverable(
        self, deliverable: Deliverable, period: ReportingPeriod | None = None
    ) -> None:
        """Put back a deleted deliverable exactly as it was, same id and all."""
        key = self._editable_period(period)
        with self._writing() as write:
            self._insert_deliverable(write, deliverable, key, updated=False)

    def renumber_deliverables(
        self, refs: Mapping[str, str], period: ReportingPeriod | None = None
    ) -> None:
        """Give deliverables new references in one transaction (reordering swaps them).

        Renumbering is a change to the plan's shape, not a status update, so the
        deliverables' "updated this period" marks stay as they are.

        Args:
            refs: the new reference of each deliverable, by id. The references
                must be unique once every change is made; they may be swapped.
        """
        key = self._editable_period(period)
        current = {d.id: d for d in self.deliverables(ReportingPeriod.parse(key))}
        wanted = {deliverable_id: parse_ref(ref) for deliverable_id, ref in refs.items()}
        for deliverable_id in wanted:
            if deliverable_id not in current:
                raise ValidationError(f"No deliverable with id {deliverable_id} in {key}.")
        moving = {i: ref for i, ref in wanted.items() if current[i].ref != ref}
        if not moving:
            return
        self._check_refs_unique(current, moving)
        with self._writing() as write:
            self._set_refs(write, current, moving, key)

    def renumber_objectives(
        self, numbers: Mapping[str, int], period: ReportingPeriod | None = None
    ) -> None:
        """Give objectives new numbers in one transaction; their deliverables' refs follow.

        Objective 2 becoming 3 turns its deliverable 2.5 into 3.5, so references
        always name their objective.

        Args:
            numbers: the new number of each objective, by id. The numbers must be
                unique once every change is made; they may be swapped.
        """
        key = self._editable_period(period)
        chosen = ReportingPeriod.parse(key)
        objectives = {o.id: o for o in self.objectives(chosen)}
        for objective_id, number in numbers.items():
            if objective_id not in objectives:
                raise ValidationError(f"No objective with id {objective_id} in {key}.")
            if number < 0:
                raise ValidationError(f"Objective numbers start at 0, not {number}.")
        moving = {i: n for i, n in numbers.items() if objectives[i].number != n}
        if not moving:
            return
        final = Counter(moving.get(o.id, o.number) for o in objectives.values())
        repeated = sorted(number for number, count in final.items() if count > 1)
        if repeated:
            raise ValidationError(f"Objective {repeated[0]} already exists.")
        ids_by_number = {o.number: o.id for o in objectives.values()}
        current = {d.id: d for d in self.deliverables(chosen)}
        refs = {
            d.id: f"{moving[ids_by_number[d.objective]]}.{d.ref.split('.', 1)[1]}"
            for d in current.values()
            if ids_by_number[d.objective] in moving
        }
        self._check_refs_unique(current, refs)
        with self._writing() as write:
            # Two steps because (period, number) is unique at every statement:
            # first out of the way (negative numbers are never real), then into place.
            for step, objective_id in enumerate(moving, start=1):
                self._db.execute(
                    "update objectives set number = ? where id = ? and period = ?",
                    [-step, objective_id, key],
                )
            for objective_id, number in moving.items():
                self._db.execute(
                    "update objectives set number = ? where id = ? and period = ?",
                    [number, objective_id, key],
                )
                old = objectives[objective_id].number
                write.record("objective", objective_id, "number", str(old), str(number), key)
            self._set_refs(write, current, refs, key)

    def _check_refs_unique(
        self, current: Mapping[str, Deliverable], refs: Mapping[str, str]
    ) -> None:
        final = Counter(refs.get(deliverable_id, d.ref) for deliverable_id, d in current.items())
        repeated = sorted((ref for ref, count in final.items() if count > 1), key=ref_sort_key)
        if repeated:
            raise ValidationError(
                f"Deliverable {repeated[0]} already exists; choose another reference."
            )

    def _set_refs(
        self, write: _Write, current: Mapping[str, Deliverable], refs: Mapping[str, str], key: str
    ) -> None:
        """Set references in two steps, since (period, ref) is unique at every statement."""
        for deliverable_id in refs:
            self._db.execute(
                "update deliverables set ref = ? where id = ? and period = ?",
                [f"#{deliverable_id}", deliverable_id, key],
            )
        for deliverable_id, ref in refs.items():
            self._db.execute(
                "update deliverables set ref = ? where id = ? and period = ?",
                [ref, deliverable_id, key],
            )
            write.record(
                "deliverable", deliverable_id, "ref", current[deliverable_id].ref, ref, key
            )

    def start_period(self, period: ReportingPeriod) -> None:
        """Open a new reporting period after the latest one.

        Every objective and deliverable carries forward as the starting point,
        marked not yet updated; the earlier periods stay exactly as they were.
        """
        latest = self.current_period
        if latest is not None and period <= latest:
            raise ValidationError(
                f"A new period must come after {latest.label}; {period.label} does not."
            )
        with self._writing() as write:
            self._insert_period(write, period)
            if latest is not None:
                self._db.execute(
                    "insert into objectives (id, period, number, title) "
                    "select id, ?, number, title from objectives where period = ?",
                    [period.key, latest.key],
                )
                self._db.execute(
                    "insert into deliverables (id, period, objective_id, ref, commitment, lead, "
                    "summary_position, rag, date_text, updated_at, updated_by) "
                    "select id, ?, objective_id, ref, commitment, lead, summary_position, rag, "
                    "date_text, null, null from deliverables where period = ?",
                    [period.key, latest.key],
                )

    def previous_period(self, period: ReportingPeriod | None = None) -> ReportingPeriod | None:
        """The period before ``period`` (default: the current one), if the plan has one."""
        chosen = period or self.current_period
        earlier = [p for p in self.periods() if chosen is not None and p < chosen]
        return earlier[-1] if earlier else None

    def is_editable(self, period: ReportingPeriod) -> bool:
        """Edits go to the current period, or to an earlier one someone deliberately reopened."""
        if self.read_only:
            return False
        try:
            self._editable_period(period)
        except ValidationError:
            return False
        return True

    def is_reopened(self, period: ReportingPeriod) -> bool:
        """Whether an earlier period was deliberately reopened for edits."""
        rows = list(self._db.query("select reopened from periods where period = ?", [period.key]))
        return bool(rows and rows[0]["reopened"])

    def reopen_period(self, period: ReportingPeriod, *, reopen: bool = True) -> None:
        """Let an earlier period be edited again (``reopen=False`` closes it once more)."""
        if period not in self.periods():
            raise ValidationError(f"The plan has no {period.label} period.")
        if period == self.current_period:
            return
        if self.is_reopened(period) == reopen:
            return
        with self._writing() as write:
            self._db.table("periods").update(period.key, {"reopened": int(reopen)})
            write.record(
                "period",
                period.key,
                "reopened",
                str(not reopen).lower(),
                str(reopen).lower(),
                period.key,
            )

    def deliverable_history(self, deliverable_id: str) -> list[tuple[ReportingPeriod, Deliverable]]:
        """A deliverable as it stood in every period it was in, oldest first."""
        rows = self._db.conn.execute(
            _DELIVERABLE_SELECT + " where d.id = ? order by d.period",
            [deliverable_id],
        )
        return [(ReportingPeriod.parse(r[-1]), _deliverable(r)) for r in rows]

    def import_snapshot(
        self,
        incoming: PlanSnapshot,
        *,
        fields: Iterable[str] = DELIVERABLE_FIELDS,
        period: ReportingPeriod | None = None,
        dry_run: bool = False,
    ) -> PlanDiff:
        """Bring a plan read from a file into this one, all of it or none of it.

        Deliverables are matched by ref; only ``fields`` (those the source
        carries) are compared and written. The target period is ``period``, else
        the file's own, else the plan's current one; a period after the latest
        is started first. A plan with no deliverables yet also takes the file's
        title and RAG key.

        When ``fields`` includes ``updated_at`` (a plan JSON dump carries it),
        new deliverables keep the file's "not yet updated" marks and those
        marks are not confirmed; otherwise everything imported counts as
        updated now.
        """
        target = period or incoming.period or self.current_period
        if target is None:
            target = ReportingPeriod.containing(dt.date.today())
        latest = self.current_period
        starts_period = latest is None or target > latest
        if not starts_period:
            self._editable_period(target)
        existing = (
            self.snapshot(target if not starts_period else latest)
            if latest
            else PlanSnapshot(self.plan(), target)
        )
        diff = diff_snapshots(existing, incoming, fields)
        # A return that repeats last month's words still counts as this month's update.
        keeps_marks = "updated_at" in set(fields)
        still_to_update = {d.ref for d in incoming.deliverables if d.updated_at is None}
        diff = replace(
            diff,
            confirmed=tuple(
                d
                for d in diff.unchanged
                if (starts_period or d.updated_at is None)
                and not (keeps_marks and d.ref in still_to_update)
            ),
        )
        if dry_run:
            return diff
        adopt_header = not existing.deliverables
        with self._writing() as write:
            if starts_period:
                self.start_period(target)
            key = target.key
            if adopt_header:
                self.update_plan(
                    title=incoming.plan.title,
                    rag_key=incoming.plan.rag_key,
                    force=incoming.plan.force,
                    owner=incoming.plan.owner,
                )
            for objective in diff.new_objectives:
                self._insert_objective(write, objective, key)
            for retitled in diff.changed_objectives:
                self._db.table("objectives").update(
                    (retitled.existing.id, key), {"title": retitled.incoming.title}
                )
                write.record(
                    "objective",
                    retitled.existing.id,
                    "title",
                    retitled.existing.title,
                    retitled.incoming.title,
                    key,
                )
            objective_ids = self._objective_ids(key)
            for deliverable in diff.new:
                parse_ref(deliverable.ref)
            # executemany: sqlite-utils' insert_all checks every value of every row in
            # Python, a third of the time of importing a 10,000-row tracker.
            self._db.conn.executemany(
                _INSERT_DELIVERABLE,
                [
                    tuple(
                        self._deliverable_row(
                            d, key, objective_ids[d.objective], updated=not keeps_marks
                        ).values()
                    )
                    for d in diff.new
                ],
            )
            write.record_many(
                ("deliverable", d.id, "created", None, _to_json(d), key) for d in diff.new
            )
            for change in diff.changed:
                self._write_changes(write, change.existing, change.incoming, change.changes, key)
            marks = {
                d.ref: d.updated_at if keeps_marks else write.at for d in incoming.deliverables
            }
            for deliverable in diff.confirmed:
                self._db.table("deliverables").update(
                    (deliverable.id, key),
                    {"updated_at": marks[deliverable.ref], "updated_by": self.user},
                )
            write.record_many(
                ("deliverable", d.id, "updated", None, marks[d.ref], key) for d in diff.confirmed
            )
            if keeps_marks:  # a dump read back keeps its own "updated" times
                self._db.conn.executemany(
                    "update deliverables set updated_at = ? where id = ? and period = ?",
                    [(marks[c.existing.ref], c.existing.id, key) for c in diff.changed],
                )
        return diff

    # ------------------------------------------------------------- merging

    def make_copy(self, out: str | os.PathLike[str], *, lead: str | None = None) -> Path:
        """Write a copy of the plan for someone to update offline, to merge back later.

        The copy gets its own replica id and remembers where it came from; with
        ``lead``, it opens filtered to that lead's deliverables (it still holds
        the whole plan, so merging it back never looks like deletions).
        """
        target = Path(out)
        if target.exists():
            raise PlanFileError(f"{target}: a file of that name already exists.")
        if lead is not None and lead not in {d.lead for d in self.deliverables()}:
            leads = sorted({d.lead for d in self.deliverables() if d.lead})
            raise ValidationError(
                f"No deliverable has the lead '{lead}'; leads are: {', '.join(leads) or 'none'}."
            )
        fd, temp_name = tempfile.mkstemp(prefix=".nhp-", suffix=".tmp", dir=target.parent)
        os.close(fd)
        temp = Path(temp_name)
        try:
            out_conn = sqlite3.connect(temp)
            self._db.conn.backup(out_conn)
            out_conn.close()
            copy = Database(connect(temp), execute_plugins=False)
            with copy.atomic():
                lineage = {
                    "replica": self.replica_id,
                    "path": str(self.path or ""),
                    "at": now_iso(),
                }
                for key, value in (
                    ("replica_id", new_id()),
                    ("copied_from", json.dumps(lineage)),
                    ("lead", lead),
                ):
                    copy.table("meta").upsert({"key": key, "value": value}, pk="key")
            copy.close()
            os.replace(temp, target)
        except BaseException:
            temp.unlink(missing_ok=True)
            raise
        return target

    def save_copy(self, out: str | os.PathLike[str]) -> Path:
        """Write the plan exactly as it stands to another file (File ▸ Save a Copy).

        Unlike :meth:`make_copy` this is the same plan, not an offline copy to merge
        back: it keeps the replica id and its history. Read from the open connection,
        so it works after the plan's own file was moved or deleted. The file appears
        complete or not at all; an existing file is never written over.
        """
        target = Path(out)
        if target.exists():
            raise PlanFileError(f"{target}: a file of that name already exists.")
        if not target.parent.is_dir():
            raise PlanFileError(f"{target}: the folder {target.parent} does not exist.")
        fd, temp_name = tempfile.mkstemp(prefix=".nhp-", suffix=".tmp", dir=target.parent)
        os.close(fd)
        temp = Path(temp_name)
        try:
            out_conn = sqlite3.connect(temp)
            try:
                self._db.conn.backup(out_conn)
            finally:
                out_conn.close()
            os.replace(temp, target)
        except sqlite3.DatabaseError as error:
            temp.unlink(missing_ok=True)
            raise file_error(target, error) from error
        except BaseException:
            temp.unlink(missing_ok=True)
            raise
        return target

    @property
    def copied_from(self) -> dict[str, str] | None:
        """Where this copy came from (replica id, path, time), if it was made as a copy."""
        value = self._meta("copied_from")
        return dict(json.loads(value)) if value else None

    @property
    def lead_filter(self) -> str | None:
        """The lead a copy was sent to: the window opens filtered to their deliverables."""
        return self._meta("lead")

    def merge_from(self, other: str | os.PathLike[str], *, dry_run: bool = False) -> MergeResult:
        """Merge another copy of this plan into this one, in one transaction.

        Their changes since the copies parted come in field by field; where both
        changed a field differently, this plan keeps its value and records a
        conflict to resolve. Their change records join this plan's history, so
        merging the same copy again changes nothing. Their file is not touched.
        """
        source = Path(other)
        with _private_copy(source) as theirs:
            if theirs.plan_id != self.plan_id:
                raise ValidationError(
                    f"{source}: is a copy of a different plan ('{theirs.plan().title}'), "
                    "so it cannot be merged into this one."
                )
            merge = plan_merge(
                self.changes(),
                theirs.changes(),
                self._row_values,
                theirs._row_values,
                source=source.name,
                now=now_iso(),
                mine_periods=[p.key for p in self.periods()],
            )
            result = MergeResult(source, merge)
            rows = {*merge.inserts, *(u.row for u in merge.updates), *merge.deletes}
            result.labels = {
                row: _row_label(row, self._row_values(row) or theirs._row_values(row))
                for row in rows
            }
            if not (dry_run or merge.is_empty):
                with self._writing() as write:
                    self._apply_merge(write, merge, theirs, result)
        merge.conflicts = [replace(c, label=self._label(c)) for c in merge.conflicts]
        result.conflicts = [replace(c, label=self._label(c)) for c in result.conflicts]
        return result

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
        return [self._conflict(r) for r in rows]

    def resolve_conflict(
        self, conflict_id: str, *, take: str = "mine", value: str | None = None
    ) -> None:
        """Settle a conflict: keep this plan's value, take theirs, or (``take="value"``) a new one.

        Resolving is deliberate, so it may change a closed period.
        """
        rows = list(self._db.query("select * from conflicts where id = ?", [conflict_id]))
        if not rows or rows[0]["resolved_at"]:
            raise ValidationError(f"No unresolved conflict with id {conflict_id}.")
        conflict = self._conflict(rows[0])
        if take not in ("mine", "theirs", "value"):
            raise ValueError(f"take must be mine, theirs or value, not {take!r}")
        row: RowKey = (conflict.entity, conflict.entity_id, conflict.period)
        with self._writing() as write:
            if take != "mine":
                chosen = conflict.theirs if take == "theirs" else value
                if conflict.field == EXISTS:
                    self._settle_existence(write, row, chosen)
                else:
                    refused = self._apply_field(write, row, conflict.field, chosen, record=True)
                    if refused:
                        raise ValidationError(
                            f"{conflict.label}: cannot use that value ({refused}); choose another."
                        )
            self._db.table("conflicts").update(
                conflict_id, {"resolved_at": write.at, "resolution": take}
            )
            write.record("conflict", conflict_id, "resolved", None, take, conflict.period)

    def _apply_merge(
        self, write: _Write, merge: MergePlan, theirs: PlanStore, result: MergeResult
    ) -> None:
        for key in merge.new_periods:
            self._copy_period(theirs, key)
        order = {"objective": 0, "deliverable": 1}
        for row in sorted(merge.inserts, key=lambda r: order.get(r[0], 2)):
            if self._insert_their_row(theirs, row):
                their_row = json.dumps(theirs._row_values(row), ensure_ascii=False, sort_keys=True)
                merge.conflicts.append(
                    clash(row, EXISTS, None, their_row, source=result.source.name, now=write.at)
                )
            else:
                result.added.append(row)
        for update in merge.updates:
            refused = self._apply_field(
                write, update.row, update.field, update.value, record=False, theirs=theirs
            )
            if refused:
                old = (self._row_values(update.row) or {}).get(update.field)
                merge.conflicts.append(
                    clash(
                        update.row,
                        update.field,
                        old,
                        update.value,
                        source=result.source.name,
                        now=write.at,
                    )
                )
            else:
                result.updated.append(update)
        for row in merge.deletes:
            self._delete_row(row)
            result.deleted.append(row)
        for row in merge.touched:
            if row[0] == "deliverable":
                self._db.execute(
                    "update deliverables set updated_at = max(coalesce(updated_at, ''), ?) "
                    "where id = ? and period = ?",
                    [(theirs._row_values(row) or {}).get("updated_at") or "", row[1], row[2]],
                )
        self._db.table("changes").insert_all({**asdict(record)} for record in merge.imported)
        self._db.table("conflicts").insert_all(
            {k: v for k, v in asdict(c).items() if k != "label"} for c in merge.conflicts
        )
        result.conflicts.extend(merge.conflicts)

    def _row_values(self, row: RowKey) -> dict[str, str | None] | None:
        """A row's current field values as the change history writes them; None if absent."""
        entity, entity_id, period = row
        found: list[dict[str, Any]]
        if entity == "deliverable":
            match = self._db.conn.execute(
                _DELIVERABLE_SELECT + " where d.id = ? and d.period = ?", [entity_id, period]
            ).fetchone()
            if match is None:
                return None
            deliverable = _deliverable(match)
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
            row_data = self._one("select * from plan")
            return {k: row_data[k] for k in (*_PLAN_COLUMNS, *_RAG_COLUMNS)}
        if entity == "cover":
            return {
                r["field"]: r["value"] for r in self._db.query("select field, value from cover")
            }
        if entity == "period":
            found = list(
                self._db.query("select reopened from periods where period = ?", [entity_id])
            )
            return {"reopened": str(bool(found[0]["reopened"])).lower()} if found else None
        return None

    def _apply_field(
        self,
        write: _Write,
        row: RowKey,
        name: str,
        value: str | None,
        *,
        record: bool,
        theirs: PlanStore | None = None,
    ) -> str | None:
        """Set one field of a row; returns why not, instead, when the value clashes here."""
        entity, entity_id, period = row
        old = (self._row_values(row) or {}).get(name) if record else None
        if entity == "deliverable":
            if name == "ref" and value is not None:
                taken = list(
                    self._db.query(
                        "select id from deliverables where period = ? and ref = ? and id != ?",
                        [period, value, entity_id],
                    )
                )
                if taken:
                    return f"another deliverable is already {value}"
            column, stored = name, value
            if name == "objective":
                column = "objective_id"
                stored = self._objective_ids(str(period)).get(int(value or 0))
                if stored is None and theirs is not None:
                    stored = theirs._db.table("deliverables").get((entity_id, period))[
                        "objective_id"
                    ]
                if stored is None:
                    return f"this plan has no objective {value}"
            changes: dict[str, Any] = {column: stored}
            if record:
                changes.update(updated_at=write.at, updated_by=self.user)
            # Plain SQL: sqlite-utils' update() inspects the table on every call,
            # which dominates a merge of a thousand fields.
            assignments = ", ".join(f"{column_name} = ?" for column_name in changes)
            self._db.execute(
                f"update deliverables set {assignments} where id = ? and period = ?",
                [*changes.values(), entity_id, period],
            )
        elif entity == "objective":
            numbers = self._objective_ids(str(period))
            if name == "number" and value is not None and int(value) in numbers:
                return f"another objective is already number {value}"
            stored_value: Any = int(value) if name == "number" and value is not None else value
            self._db.table("objectives").update((entity_id, period), {name: stored_value})
        elif entity == "plan":
            self._db.table("plan").update(entity_id, {name: value})
        elif entity == "cover":
            self._db.table("cover").upsert({"field": name, "value": value}, pk="field")
        elif entity == "period":
            self._db.table("periods").update(entity_id, {"reopened": int(value == "true")})
        if record:
            write.record(entity, entity_id, name, old, value, period)
        return None

    def _settle_existence(self, write: _Write, row: RowKey, chosen: str | None) -> None:
        """Resolve an edit-versus-delete conflict: delete the row, or put theirs back."""
        entity, entity_id, period = row
        if chosen == DELETED or chosen is None:
            current = self._row_values(row)
            if current is not None:
                self._delete_row(row)
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
            if self._row_values(row) is None:
                self._insert_deliverable(write, deliverable, str(period), updated=True)
            else:
                self._apply_each(write, row, values)
        elif entity == "objective" and self._row_values(row) is None:
            self._insert_objective(
                write,
                Objective(int(values["number"]), values.get("title"), entity_id),
                str(period),
            )

    def _apply_each(self, write: _Write, row: RowKey, values: dict[str, str | None]) -> None:
        for name in DELIVERABLE_FIELDS:
            if name in values and values[name] != (self._row_values(row) or {}).get(name):
                self._apply_field(write, row, name, values[name], record=True)

    def _copy_period(self, theirs: PlanStore, key: str) -> None:
        """Bring over a period they started, as it stands in their copy."""
        period_row = theirs._db.table("periods").get(key)
        self._db.table("periods").insert(period_row)
        self._db.table("objectives").insert_all(
            theirs._db.query("select * from objectives where period = ?", [key])
        )
        self._db.table("deliverables").insert_all(
            theirs._db.query("select * from deliverables where period = ?", [key])
        )
        self._db.execute("update plan set current_period = (select max(period) from periods)")

    def _insert_their_row(self, theirs: PlanStore, row: RowKey) -> str | None:
        """Copy a row they added; returns why not when this plan already uses its ref."""
        entity, entity_id, period = row
        table = {"deliverable": "deliverables", "objective": "objectives"}.get(entity)
        if table is None:
            return None
        data = theirs._db.table(table).get((entity_id, period))
        if entity == "deliverable":
            taken = list(
                self._db.query(
                    "select id from deliverables where period = ? and ref = ?",
                    [period, data["ref"]],
                )
            )
            if taken:
                return f"both copies added a deliverable {data['ref']}"
            number = (theirs._row_values(("objective", data["objective_id"], period)) or {}).get(
                "number"
            )
            if (
                number is not None
                and data["objective_id"] not in self._objective_ids(str(period)).values()
            ):
                data["objective_id"] = self._objective_ids(str(period)).get(
                    int(number), data["objective_id"]
                )
        elif int(data["number"]) in self._objective_ids(str(period)):
            return None  # both added objective n: theirs' deliverables use ours (see above)
        self._db.table(table).insert(data)
        return None

    def _delete_row(self, row: RowKey) -> None:
        entity, entity_id, period = row
        table = {"deliverable": "deliverables", "objective": "objectives"}.get(entity)
        if table is not None:
            self._db.execute(
                f"delete from {table} where id = ? and period = ?", [entity_id, period]
            )

    def _conflict(self, row: dict[str, Any]) -> Conflict:
        conflict = Conflict(**{k: row[k] for k in row if k not in ("resolved_at", "resolution")})
        return replace(conflict, label=self._label(conflict))

    def _label(self, conflict: Conflict) -> str:
        """How people name what a conflict is about: "Deliverable 2.5 (February 2024)"."""
        fallback = None
        if conflict.field == EXISTS:
            for side in (conflict.mine, conflict.theirs):
                if side and side != DELETED:
                    fallback = json.loads(side)
        row: RowKey = (conflict.entity, conflict.entity_id, conflict.period)
        return _row_label(row, self._row_values(row) or fallback)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Group several writes into one transaction: all of them land, or none."""
        with self._writing():
            yield

    # ------------------------------------------------------------- internals

    @contextmanager
    def _writing(self) -> Iterator[_Write]:
        """One transaction with its change-history rows; nested calls join the outer one."""
        if self.read_only:
            raise PlanLockedError(
                f"{self.path}: the plan is open read-only, so it cannot be changed."
            )
        outer = getattr(self, "_current_write", None)
        if outer is not None:
            yield outer
            return
        write = _Write(self._db, self.user, self._replica)
        self._current_write = write
        try:
            with self._db.atomic():
                yield write
                write.flush()
        except sqlite3.DatabaseError as error:
            raise file_error(self.path, error) from error
        finally:
            self._current_write = None

    _current_write: _Write | None = None

    def _write_changes(
        self,
        write: _Write,
        current: Deliverable,
        incoming: Deliverable,
        changes: Iterable[FieldChange],
        key: str,
        mark: str | _Now | None = NOW,
    ) -> None:
        """Write the changed fields with their history; the row is marked updated now, or
        (undoing an edit) with the ``mark`` it had before."""
        row: dict[str, Any] = {}
        for change in changes:
            if change.field == "ref":
                self._check_ref_free(incoming.ref, key, incoming.id)
            if change.field == "objective":
                row["objective_id"] = self._objective_id(write, incoming.objective, key)
            else:
                row[change.field] = field_text(incoming, change.field)
            write.record(
                "deliverable",
                current.id,
                change.field,
                change.old,
                field_text(incoming, change.field),
                key,
            )
        if isinstance(mark, _Now):
            row["updated_at"], row["updated_by"] = write.at, self.user
        else:
            row["updated_at"] = mark
            row["updated_by"] = None if mark is None else self.user
        self._db.table("deliverables").update((current.id, key), row)

    def _insert_deliverable(
        self, write: _Write, deliverable: Deliverable, key: str, *, updated: bool
    ) -> Deliverable:
        deliverable = replace(deliverable, ref=parse_ref(deliverable.ref))
        self._check_ref_free(deliverable.ref, key, deliverable.id)
        objective_id = self._objective_id(write, deliverable.objective, key)
        row = self._deliverable_row(deliverable, key, objective_id, updated=updated)
        self._db.table("deliverables").insert(row)
        write.record("deliverable", deliverable.id, "created", None, _to_json(deliverable), key)
        return self.deliverable(deliverable.id, ReportingPeriod.parse(key))

    def _deliverable_row(
        self, d: Deliverable, key: str, objective_id: str, *, updated: bool
    ) -> dict[str, Any]:
        """The table row of a deliverable in a period; ``updated`` marks it updated now."""
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
            "updated_at": now_iso() if updated else d.updated_at,
            "updated_by": self.user if updated else None,
        }

    def _delete_deliverable(self, write: _Write, deliverable: Deliverable, key: str) -> None:
        self._db.execute(
            "delete from deliverables where id = ? and period = ?", [deliverable.id, key]
        )
        write.record("deliverable", deliverable.id, "deleted", _to_json(deliverable), None, key)

    def _insert_objective(self, write: _Write, objective: Objective, key: str) -> None:
        self._db.table("objectives").insert(
            {
                "id": objective.id,
                "period": key,
                "number": objective.number,
                "title": objective.title,
            }
        )
        write.record("objective", objective.id, "created", None, _to_json(objective), key)

    def _insert_period(self, write: _Write, period: ReportingPeriod) -> None:
        self._db.table("periods").insert(
            {"period": period.key, "started_at": write.at, "started_by": self.user, "reopened": 0}
        )
        self._db.execute("update plan set current_period = ?", [period.key])
        write.record("period", period.key, "created", None, period.key, period.key)

    def _objective_ids(self, key: str) -> dict[int, str]:
        """Objective ids by number in a period."""
        return {
            r["number"]: r["id"]
            for r in self._db.query("select id, number from objectives where period = ?", [key])
        }

    def _objective_id(self, write: _Write, number: int, key: str) -> str:
        """The id of objective ``number`` in the period, creating it untitled if missing."""
        found = self._objective_ids(key).get(number)
        if found is None:
            objective = Objective(number)
            self._insert_objective(write, objective, key)
            found = objective.id
        return found

    def _objective(self, objective_id: str, key: str) -> Objective:
        rows = list(
            self._db.query(
                "select id, number, title from objectives where id = ? and period = ?",
                [objective_id, key],
            )
        )
        if not rows:
            raise ValidationError(f"No objective with id {objective_id} in {key}.")
        return Objective(rows[0]["number"], rows[0]["title"], rows[0]["id"])

    def _check_ref_free(self, ref: str, key: str, own_id: str) -> None:
        rows = list(
            self._db.query("select id from deliverables where period = ? and ref = ?", [key, ref])
        )
        if rows and rows[0]["id"] != own_id:
            raise ValidationError(f"Deliverable {ref} already exists; choose another reference.")

    def _period_key(self, period: ReportingPeriod | None) -> str:
        chosen = period or self.current_period
        if chosen is None:
            return ""
        return chosen.key

    def _editable_period(self, period: ReportingPeriod | None) -> str:
        """The key of the period an edit goes to; earlier periods are closed unless reopened."""
        latest = self.current_period
        if latest is None:
            raise ValidationError("The plan has no reporting period yet; start one first.")
        chosen = period or latest
        if chosen != latest:
            rows = list(
                self._db.query("select reopened from periods where period = ?", [chosen.key])
            )
            if not rows:
                raise ValidationError(f"The plan has no {chosen.label} period.")
            if not rows[0]["reopened"]:
                raise PeriodClosedError(
                    f"{chosen.label} is closed; edits go to {latest.label} "
                    f"unless you reopen {chosen.label}."
                )
        return chosen.key

    def _meta(self, key: str) -> str | None:
        rows = list(self._db.query("select value from meta where key = ?", [key]))
        return rows[0]["value"] if rows else None

    def _one(self, sql: str) -> dict[str, Any]:
        return next(iter(self._db.query(sql)))


class _Write:
    """The change-history rows of one transaction, written in one go at its end."""

    def __init__(self, db: Database, user: str, replica: str | None) -> None:
        self._db = db
        self._user = user
        self._replica = replica
        self.at = now_iso()
        self._rows: list[dict[str, Any]] = []

    def record(
        self,
        entity: str,
        entity_id: str,
        field: str,
        old: str | None,
        new: str | None,
        period: str | None = None,
    ) -> None:
        self._rows.append(
            {
                "id": new_id(),
                "at": self.at,
                "by": self._user,
                "replica": self._replica,
                "entity": entity,
                "entity_id": entity_id,
                "period": period,
                "field": field,
                "old": old,
                "new": new,
            }
        )

    def record_many(
        self, records: Iterable[tuple[str, str, str, str | None, str | None, str | None]]
    ) -> None:
        for record in records:
            self.record(*record)

    def flush(self) -> None:
        if self._rows:
            self._db.conn.executemany(_INSERT_CHANGE, [tuple(row.values()) for row in self._rows])
            self._rows = []


#: Read with ``conn.execute`` into plain tuples (for :func:`_deliverable`); the period is last.
_DELIVERABLE_SELECT = (
    "select d.id, d.ref, o.number as objective, d.commitment, d.lead, d.summary_position, "
    "d.rag, d.date_text, d.updated_at, d.period from deliverables d "
    "join objectives o on o.id = d.objective_id and o.period = d.period"
)


def _row_label(row: RowKey, values: Mapping[str, str | None] | None) -> str:
    """How people name a row of the plan: "Deliverable 2.5 (February 2024)", "Objective 3"."""
    entity, entity_id, period = row
    when = f" ({ReportingPeriod.parse(period).label})" if period else ""
    values = values or {}
    if entity == "deliverable":
        return f"Deliverable {values.get('ref') or '?'}{when}"
    if entity == "objective":
        return f"Objective {values.get('number') or '?'}{when}"
    if entity == "cover":
        return "Board pack cover"
    if entity == "period":
        return f"Period {ReportingPeriod.parse(entity_id).label}"
    return "Plan"


def _deliverable(row: tuple[Any, ...]) -> Deliverable:
    """A deliverable from a row of ``_DELIVERABLE_SELECT``.

    A whole period (10,000 rows) is read on every open and comparison, and
    sqlite-utils' dict per row and ``Rag(value)`` took a third of that time.
    """
    deliverable_id, ref, objective, commitment, lead, summary, rag, date_text, updated_at, _ = row
    return Deliverable(
        ref=ref,
        objective=objective,
        commitment=commitment or "",
        summary_position=summary or "",
        rag=_RAG_OF[rag],
        date_text=date_text or "",
        lead=lead,
        id=deliverable_id,
        updated_at=updated_at,
    )


#: A stored RAG value and what it means; blank or null is not rated.
_RAG_OF: dict[str | None, Rag] = {
    None: Rag.NOT_RATED,
    "": Rag.NOT_RATED,
    **{rag.value: rag for rag in Rag},
}


def _to_json(entity: Deliverable | Objective) -> str:
    # Every field is a plain value, so a shallow dict is what asdict's deep copy gives, 3x faster.
    data = {name: getattr(entity, name) for name in _FIELD_NAMES[type(entity)]}
    if isinstance(entity, Deliverable):
        data["rag"] = entity.rag.to_json()
    return _ENTITY_JSON.encode(data)


_FIELD_NAMES = {kind: tuple(f.name for f in fields(kind)) for kind in (Deliverable, Objective)}
#: One encoder for every history row: json.dumps with options builds a new one per call.
_ENTITY_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True)
#: Column order of the rows ``_Write.record`` and ``_deliverable_row`` build.
_INSERT_CHANGE = (
    "insert into changes (id, at, by, replica, entity, entity_id, period, field, old, new) "
    "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_INSERT_DELIVERABLE = (
    "insert into deliverables (id, period, objective_id, ref, commitment, lead, "
    "summary_position, rag, date_text, updated_at, updated_by) "
    "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def _initialise(db: Database, plan: Plan, period: ReportingPeriod | None, user: str) -> None:
    db.execute("PRAGMA journal_mode=WAL")
    _migrate(db)
    with db.atomic():
        db.table("meta").insert_all(
            [
                {"key": "application", "value": APPLICATION_ID},
                {"key": "plan_id", "value": plan.id},
                {"key": "replica_id", "value": new_id()},
                {"key": "created_at", "value": now_iso()},
            ]
        )
        db.table("plan").insert(
            {
                "id": plan.id,
                "title": plan.title,
                "force": plan.force,
                "owner": plan.owner,
                "rag_green": plan.rag_key.green,
                "rag_amber": plan.rag_key.amber,
                "rag_red": plan.rag_key.red,
                "current_period": None,
            }
        )
        db.table("cover").insert_all(
            {"field": name, "value": getattr(plan.cover, name)}
            for name in CoverReport.field_names()
        )
    store = PlanStore(db, None, read_only=False, user=user)
    with store._writing() as write:
        write.record("plan", plan.id, "created", None, plan.title)
        if period is not None:
            store._insert_period(write, period)


def _migrate(db: Database) -> None:
    MIGRATIONS.apply(db)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


@contextmanager
def _private_copy(source: Path) -> Iterator[PlanStore]:
    """Open another plan file through a private copy, so reading (or upgrading) never touches it."""
    if not source.exists():
        raise PlanFileError(f"{source}: no such plan file.")
    with tempfile.TemporaryDirectory(prefix="nhp-merge-") as folder:
        copy = Path(folder) / "theirs.nhp"
        shutil.copyfile(source, copy)
        wal = Path(f"{source}-wal")
        if wal.exists():  # changes not yet checkpointed into the file
            shutil.copyfile(wal, Path(f"{copy}-wal"))
        try:
            store = PlanStore.open(copy)
        except PlanFileError as error:
            raise PlanFileError(str(error).replace(str(copy), str(source))) from error
        try:
            yield store
        finally:
            store.close()
