"""Bringing a plan read from a file (a tracker, a JSON dump) into the open plan.

All of it lands, or none of it: the comparison is made first (a dry run stops
there, for the preview), then every new, changed and confirmed deliverable is
written in one transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import replace

from nhp_planner.model.diff import PlanDiff, diff_snapshots
from nhp_planner.model.entities import DELIVERABLE_FIELDS, PlanSnapshot
from nhp_planner.model.periods import ReportingPeriod
from nhp_planner.model.refs import parse_ref
from nhp_planner.model.store.connection import HistoryWriter, PlanConnection
from nhp_planner.model.store.edits import PlanEdits
from nhp_planner.model.store.periods import PeriodEdits
from nhp_planner.model.store.reads import PlanReads
from nhp_planner.model.store.rows import INSERT_DELIVERABLE, entity_json


class SnapshotImport:
    """Comparing a snapshot with the plan, and writing what differs."""

    def __init__(
        self, conn: PlanConnection, reads: PlanReads, periods: PeriodEdits, edits: PlanEdits
    ) -> None:
        self._conn = conn
        self._reads = reads
        self._periods = periods
        self._edits = edits

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
        target = period or incoming.period or self._reads.current_period
        if target is None:
            target = ReportingPeriod.containing(dt.date.today())
        latest = self._reads.current_period
        starts_period = latest is None or target > latest
        if not starts_period:
            self._periods.editable_key(target)
        existing = (
            self._reads.snapshot(target if not starts_period else latest)
            if latest
            else PlanSnapshot(self._reads.plan(), target)
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
        with self._conn.writing() as write:
            if starts_period:
                self._periods.start(target)
            if adopt_header:
                self._edits.update_plan(
                    title=incoming.plan.title,
                    rag_key=incoming.plan.rag_key,
                    force=incoming.plan.force,
                    owner=incoming.plan.owner,
                )
            self._write(write, incoming, diff, target.key, keeps_marks=keeps_marks)
        return diff

    def _write(
        self,
        write: HistoryWriter,
        incoming: PlanSnapshot,
        diff: PlanDiff,
        key: str,
        *,
        keeps_marks: bool,
    ) -> None:
        for objective in diff.new_objectives:
            self._edits.insert_objective(write, objective, key)
        for retitled in diff.changed_objectives:
            write.db.table("objectives").update(
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
        objective_ids = self._reads.objective_ids(key)
        for deliverable in diff.new:
            parse_ref(deliverable.ref)
        # executemany: sqlite-utils' insert_all checks every value of every row in
        # Python, a third of the time of importing a 10,000-row tracker.
        write.db.conn.executemany(
            INSERT_DELIVERABLE,
            [
                tuple(
                    self._edits.deliverable_row(
                        d, key, objective_ids[d.objective], at=None if keeps_marks else write.at
                    ).values()
                )
                for d in diff.new
            ],
        )
        write.record_many(
            [("deliverable", d.id, "created", None, entity_json(d), key) for d in diff.new],
            targets=[objective_ids[d.objective] for d in diff.new],
            marks=[d.updated_at if keeps_marks else write.at for d in diff.new],
        )
        for change in diff.changed:
            self._edits.write_changes(write, change.existing, change.incoming, change.changes, key)
        marks = {d.ref: d.updated_at if keeps_marks else write.at for d in incoming.deliverables}
        for deliverable in diff.confirmed:
            write.db.table("deliverables").update(
                (deliverable.id, key),
                {"updated_at": marks[deliverable.ref], "updated_by": write.user},
            )
        write.record_many(
            [("deliverable", d.id, "updated", None, marks[d.ref], key) for d in diff.confirmed],
            marks=[marks[d.ref] for d in diff.confirmed],
        )
        if keeps_marks:  # a dump read back keeps its own "updated" times
            write.db.conn.executemany(
                "update deliverables set updated_at = ? where id = ? and period = ?",
                [(marks[c.existing.ref], c.existing.id, key) for c in diff.changed],
            )
