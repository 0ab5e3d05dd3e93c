"""Reporting periods: the period selector, starting a month, reopening an earlier one."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox

from nhp_planner.model.periods import ReportingPeriod
from nhp_planner.ui import messages
from nhp_planner.ui.actions import ActionSet, ActionSpec, ActionState, changeable
from nhp_planner.ui.window_context import WindowContext

START, EARLIER, CURRENT = 0, 1, 2


class PeriodActions:
    """The Period menu and the period selector above the table."""

    def __init__(self, context: WindowContext, period_box: QComboBox) -> None:
        self._context = context
        self._box = period_box
        period_box.activated.connect(self._on_period_box_activated)

    def action_specs(self) -> list[ActionSpec]:
        def reopen(state: ActionState) -> bool:
            return state.changeable and state.earlier and not state.reopened

        def close(state: ActionState) -> bool:
            return state.changeable and state.reopened

        return [
            ActionSpec(
                "start_period",
                "Start &New Period…",
                self._on_start_period,
                menu="period",
                group=START,
                tip="Carry every deliverable forward into the next month, marked not yet updated",
                enabled_when=changeable,
            ),
            ActionSpec(
                "reopen_period",
                "&Reopen for Edits…",
                self.reopen_period,
                menu="period",
                group=EARLIER,
                enabled_when=reopen,
            ),
            ActionSpec(
                "close_period",
                "&Close Again",
                self.close_period,
                menu="period",
                group=EARLIER,
                enabled_when=close,
            ),
            ActionSpec(
                "current_period",
                "&Go to Current Period",
                self.show_current_period,
                menu="period",
                group=CURRENT,
                enabled_when=lambda state: state.earlier,
            ),
        ]

    def refresh(self, actions: ActionSet, state: ActionState) -> None:
        """Reopen and Close name the period shown."""
        shown = state.session.period if state.session is not None else None
        name = shown.label if state.earlier and shown is not None else "Period"
        actions["reopen_period"].setText(f"&Reopen {name} for Edits…")
        actions["close_period"].setText(f"&Close {name} Again")

    def fill_selector(self) -> None:
        """The period selector: every period, each saying whether it is open."""
        box = self._box
        box.blockSignals(True)
        box.clear()
        session = self._context.session
        if session is not None:
            store = session.store
            for period in reversed(store.periods()):
                if period == session.current_period:
                    state = "current"
                elif store.is_reopened(period) and not session.read_only:
                    state = "reopened"
                else:
                    state = "closed"
                # The key as data: findData cannot match Python objects.
                box.addItem(f"{period.label} ({state})", period.key)
            shown = session.period.key if session.period else None
            box.setCurrentIndex(max(0, box.findData(shown)))
        box.setEnabled(box.count() > 1)
        box.blockSignals(False)

    def _on_period_box_activated(self, index: int) -> None:
        session = self._context.session
        if session is not None:
            self._context.editor.commit_pending()
            session.show_period(ReportingPeriod.parse(self._box.itemData(index)))

    def show_current_period(self) -> None:
        session = self._context.session
        if session is not None:
            self._context.editor.commit_pending()
            session.show_period(session.current_period)

    def _on_start_period(self) -> None:
        context = self._context
        session = context.session
        if session is None:
            return
        from nhp_planner.ui.period_dialog import ask_new_period

        context.editor.commit_pending()
        period = ask_new_period(context.parent, session.current_period, context.today())
        if period is None:
            return
        if not context.guarded(
            "The new period was not started.", lambda: session.start_period(period)
        ):
            return
        context.say(
            f"Started {period.label}: {session.deliverables.rowCount()} deliverables carried "
            "forward, not yet updated.",
            8000,
        )

    def reopen_period(self) -> None:
        context = self._context
        session = context.session
        if session is None or session.period is None:
            return
        shown = session.period
        current = session.current_period
        if messages.confirm(
            context.parent,
            f"Reopen {shown.label} for edits?",
            f"{shown.label} is the record of the plan as it was reported then. Reopen it only "
            "to correct that record; the change history keeps what it said before. Updates for "
            f"this month go in {current.label if current else ''}.",
            action="Reopen",
        ):
            context.guarded("The period was not reopened.", lambda: session.set_reopened(True))

    def close_period(self) -> None:
        context = self._context
        session = context.session
        if session is not None:
            context.editor.commit_pending()
            context.guarded("The period was not closed.", lambda: session.set_reopened(False))
