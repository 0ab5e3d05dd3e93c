"""Bringing a plan read from a file (a tracker, a JSON dump) into the open plan.

All of it lands, or none of it: the comparison is made first (a dry run stops
there, for the preview), then every new, changed and confirmed deliverable is
written in one transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace

from nhp_planner.model.diff import PlanDiff, diff_snapshots
from nhp_planner.model.entities import DELIVERABLE_FIELDS, PlanSnapshot
from nhp_planner.model.errors import ValidationError
from nhp_planner.model.periods import ReportingPeriod
from nhp_planner.model.refs import parse_ref
from nhp_planner.model.store.connection import HistoryWriter, PlanConnection
from nhp_planner.model.store.edits import PlanEdits, entity_json
from nhp_planner.model.store.periods import PeriodEdits
from nhp_planner.model.store.reads import PlanReads
from nhp_planner.model.store.rows import INSERT_DELIVERABLE


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

    def import_periods(
        self,
        snapshots: Sequence[PlanSnapshot],
        *,
        fields: Iterable[str] = DELIVERABLE_FIELDS,
        dry_run: bool = False,
    ) -> list[tuple[ReportingPeriod, PlanDiff]]:
        """Bring several months of one source (a tracker kept month by month) into the plan.

        ``snapshots`` are oldest first, each with its period; all of them land in one
        transaction, or none. A month after the plan's latest is started and filled;
        a month the plan already holds is compared, and left alone when nothing in it
        differs. A month the plan holds closed that the source would change, or one
        before the plan's latest that the plan lacks, stops the import with a sentence
        saying what to do. A dry run compares each month with the one before it as the
        source has it, since the plan does not hold it yet.
        """
        fields = tuple(fields)
        ordered = sorted(snapshots, key=lambda s: s.period or ReportingPeriod(1900, 1))
        if any(s.period is None for s in ordered):
            raise ValidationError("Each month imported needs its period.")
        results: list[tuple[ReportingPeriod, PlanDiff]] = []
        with self._conn.writing() if not dry_run else _nothing():
            previous: PlanSnapshot | None = None
            for snapshot in ordered:
                period = snapshot.period
                assert period is not None
                held = self._reads.periods()
                latest = held[-1] if held else None
                if period in held:
                    diff = diff_snapshots(self._reads.snapshot(period), snapshot, fields)
                    if period != latest and _changes(diff) and not self._is_open(period):
                        refs = [d.ref for d in diff.new] + [c.existing.ref for c in diff.changed]
                        raise ValidationError(
                            f"{period.label} is closed in the plan, and the file would change "
                            f"it ({', '.join(refs) or 'objectives'}); reopen {period.label} to "
                            "import it, or import one month only (--period)."
                        )
                    if period != latest and not _changes(diff):
                        results.append((period, diff))
                        previous = snapshot
                        continue
                elif latest is not None and period < latest:
                    raise ValidationError(
                        f"the file holds {period.label}, which comes before the plan's latest "
                        f"period ({latest.label}) and is not in the plan; import one month "
                        "only (--period)."
                    )
                if dry_run and previous is not None and period not in held:
                    diff = diff_snapshots(previous, snapshot, fields)
                else:
                    diff = self.import_snapshot(snapshot, fields=fields, dry_run=dry_run)
                results.append((period, diff))
                previous = snapshot
        return results

    def _is_open(self, period: ReportingPeriod) -> bool:
        rows = list(
            self._conn.db.query("select reopened from periods where period = ?", [period.key])
        )
        return bool(rows and rows[0]["reopened"])

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


def _changes(diff: PlanDiff) -> bool:
    """Whether a comparison finds anything to write besides "still as it was" marks."""
    return bool(diff.new or diff.changed or diff.new_objectives or diff.changed_objectives)


@contextmanager
def _nothing() -> Iterator[None]:
    yield
