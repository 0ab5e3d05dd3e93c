"""The strip across the top of the window: the sample plan, read-only, a closed period, a copy."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QEvent
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from nhp_planner.ui.session import PlanSession


class Banner(QFrame):
    """A strip across the top of the window: the sample plan, read-only, a closed period, a copy."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        self.text.setAccessibleName("Notice")
        self.new_plan = QPushButton("Start a Ne&w Plan…", self)
        self.import_tracker = QPushButton("Import an E&xcel Tracker…", self)
        # Named for the period when shown: "Go to February 2024".
        self.go_current = QPushButton(self)
        self.reopen = QPushButton(self)
        self.close_period = QPushButton(self)
        self._buttons = (
            self.new_plan,
            self.import_tracker,
            self.go_current,
            self.reopen,
            self.close_period,
        )
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.text, 1)
        for button in self._buttons:
            layout.addWidget(button)
        self._tint()

    def show_notice(self, text: str, buttons: tuple[QPushButton, ...] = ()) -> None:
        """Show ``text`` with just the ``buttons`` that fit it."""
        self.text.setText(text)
        for button in self._buttons:
            button.setVisible(button in buttons)
        self.show()

    def changeEvent(self, event: QEvent) -> None:
        # The application's palette changed (light to dark): tint afresh from it.
        if event.type() == QEvent.Type.ApplicationPaletteChange:
            self._tint()
        super().changeEvent(event)

    def _tint(self) -> None:
        """A wash of the highlight colour over the window colour: visible in light and dark."""
        palette = QApplication.palette(self)
        base = palette.color(QPalette.ColorRole.Window)
        accent = palette.color(QPalette.ColorRole.Highlight)
        palette.setColor(
            QPalette.ColorRole.Window,
            QColor(
                round(base.red() * 0.82 + accent.red() * 0.18),
                round(base.green() * 0.82 + accent.green() * 0.18),
                round(base.blue() * 0.82 + accent.blue() * 0.18),
            ),
        )
        self.setPalette(palette)

    def show_for(self, session: PlanSession) -> None:
        """What is special about what is shown, most important first; hidden if nothing is."""
        plan = session.plan
        shown, current = session.period, session.current_period
        lead = session.store.lead_filter
        if session.read_only and session.hold.reason:
            self.show_notice(
                f"<b>This plan is open read-only</b>: {html.escape(session.hold.reason)}. "
                "You can look, filter, print and export; to change it, save a copy somewhere "
                "you can write (File ▸ Save a Copy…) and open that."
            )
        elif session.read_only:
            self.show_notice(
                "This plan is open read-only: another window is changing it. You can look, "
                "filter, print and export; to make changes, use the window that has it open. "
                "Its changes appear here as they are saved."
            )
        elif shown is not None and current is not None and shown != current:
            # No Alt key of its own: Alt+G is the reporting period's (Period ▸ has it too).
            self.go_current.setText(f"Go to {current.label}")
            if session.editable:
                self.close_period.setText(f"Close {shown.label} Again")
                self.show_notice(
                    f"<b>{shown.label} is reopened for edits.</b> Changes made here alter the "
                    "record of that month as it was reported; the change history keeps what it "
                    f"said before. The current period is {current.label}.",
                    (self.go_current, self.close_period),
                )
            else:
                self.reopen.setText(f"Reopen {shown.label} for Edits…")
                self.show_notice(
                    f"<b>{shown.label} is closed</b>: this is the plan as it stood then, "
                    f"read-only. Edits go to {current.label}, the current period.",
                    (self.go_current, self.reopen),
                )
        elif lead:
            origin = session.store.copied_from or {}
            owner = html.escape(plan.owner or "the plan owner")
            into = f", who merges it into {html.escape(Path(origin['path']).name)}"
            self.show_notice(
                f"<b>Your copy for {html.escape(lead)}</b>: update your deliverables (the Lead "
                f"filter shows only yours) and send this file back to {owner}"
                f"{into if origin.get('path') else ''}.",
            )
        elif session.is_sample:
            force = f" of {plan.force}" if plan.force else ""
            self.show_notice(
                f"<b>This is the sample plan</b>{force}, a made-up force, for trying NHP "
                "Planner out; change anything you like. When you are ready, start your own "
                "plan or import the tracker you keep in Excel.",
                (self.new_plan, self.import_tracker),
            )
        else:
            self.hide()
