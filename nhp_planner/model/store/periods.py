"""Reporting periods: starting the next one, and which periods edits may go to.

A plan holds a copy of every objective and deliverable per monthly period; the
latest is where edits go, and an earlier one only once deliberately reopened.
"""

from __future__ import annotations

from nhp_planner.model.entities import CoverReport
from nhp_planner.model.errors import PeriodClosedError, ValidationError
from nhp_planner.model.periods import ReportingPeriod
from nhp_planner.model.store import register_rows
from nhp_planner.model.store.connection import HistoryWriter, PlanConnection
from nhp_planner.model.store.reads import PlanReads


class PeriodEdits:
    """Starting, reopening and closing reporting periods; the guard on every edit's period."""

    def __init__(self, conn: PlanConnection, reads: PlanReads) -> None:
        self._conn = conn
        self._reads = reads

    def start(self, period: ReportingPeriod, *, after: ReportingPeriod | None = None) -> None:
        """Open a new reporting period after the latest one.

        Every objective, deliverable and register item carries forward as the starting point,
        marked not yet updated; the earlier periods stay exactly as they were.
        The cover is filed with the period it belonged to, and the new period's
        starts from it with its date, reference and Summary cleared for review.
        ``after`` is the latest period the caller saw: if another program
        started one since, nothing is started (two requests, one period each).
        The latest period is read again inside the transaction, which takes the
        write lock first (``BEGIN IMMEDIATE``), so no other program starts one
        in between.
        """
        with self._conn.writing(immediate=True) as write:
            latest = self._reads.current_period
            if after is not None and latest != after:
                raise ValidationError(
                    f"{latest.label if latest else 'A period'} was started by another program "
                    f"meanwhile, so {period.label} was not started; look at the plan again."
                )
            if latest is not None and period <= latest:
                raise ValidationError(
                    f"A new period must come after {latest.label}; {period.label} does not."
                )
            self.insert(write, period)
            if latest is not None:
                # After the start's record: a merge files the cover as it stood at the start.
                self._file_cover(write, latest)
                write.db.execute(
                    "insert into objectives (id, period, number, title) "
                    "select id, ?, number, title from objectives where period = ?",
                    [period.key, latest.key],
                )
                write.db.execute(
                    "insert into deliverables (id, period, objective_id, ref, commitment, lead, "
                    "summary_position, rag, date_text, updated_at, updated_by) "
                    "select id, ?, objective_id, ref, commitment, lead, summary_position, rag, "
                    "date_text, null, null from deliverables where period = ?",
                    [period.key, latest.key],
                )
                register_rows.carry_forward(write, latest.key, period.key)

    def _file_cover(self, write: HistoryWriter, latest: ReportingPeriod) -> None:
        """Keep the cover with the period it was written for; start the next meeting's."""
        plan = self._reads.plan()
        cover = plan.cover
        write.db.table("period_covers").insert_all(
            (
                {"period": latest.key, "field": name, "value": getattr(cover, name)}
                for name in CoverReport.field_names()
            ),
            replace=True,
        )
        following = cover.for_next_meeting()
        for name in CoverReport.field_names():
            old, new = getattr(cover, name), getattr(following, name)
            if old != new:
                write.db.table("cover").upsert({"field": name, "value": new}, pk="field")
                write.record("cover", plan.id, name, old, new)

    def insert(self, write: HistoryWriter, period: ReportingPeriod) -> None:
        """Add an empty period and make it the current one."""
        write.db.table("periods").insert(
            {"period": period.key, "started_at": write.at, "started_by": write.user, "reopened": 0}
        )
        write.db.execute("update plan set current_period = ?", [period.key])
        write.record("period", period.key, "created", None, period.key, period.key)

    def is_editable(self, period: ReportingPeriod) -> bool:
        """Edits go to the current period, or to an earlier one someone deliberately reopened."""
        if self._conn.read_only:
            return False
        try:
            self.editable_key(period)
        except ValidationError:
            return False
        return True

    def reopen(self, period: ReportingPeriod, *, reopen: bool = True) -> None:
        """Let an earlier period be edited again (``reopen=False`` closes it once more)."""
        if period not in self._reads.periods():
            raise ValidationError(f"The plan has no {period.label} period.")
        if period == self._reads.current_period:
            return
        if self._reads.is_reopened(period) == reopen:
            return
        with self._conn.writing() as write:
            write.db.table("periods").update(period.key, {"reopened": int(reopen)})
            write.record(
                "period",
                period.key,
                "reopened",
                str(not reopen).lower(),
                str(reopen).lower(),
                period.key,
            )

    def editable_key(self, period: ReportingPeriod | None) -> str:
        """The key of the period an edit goes to; earlier periods are closed unless reopened."""
        latest = self._reads.current_period
        if latest is None:
            raise ValidationError("The plan has no reporting period yet; start one first.")
        chosen = period or latest
        if chosen != latest:
            rows = list(
                self._conn.db.query("select reopened from periods where period = ?", [chosen.key])
            )
            if not rows:
                raise ValidationError(f"The plan has no {chosen.label} period.")
            if not rows[0]["reopened"]:
                raise PeriodClosedError(
                    f"{chosen.label} is closed; edits go to {latest.label} "
                    f"unless you reopen {chosen.label}."
                )
        return chosen.key
