"""What the window says about the rows shown: counts, RAG totals, who is not yet updated."""

from __future__ import annotations

import html
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import Qt
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QWidget

from nhp_planner.model.plural import counted
from nhp_planner.model.rag import ALL_RAGS
from nhp_planner.model.summary import UpdateProgress
from nhp_planner.ui.deliverable_proxy import DeliverableSortProxy
from nhp_planner.ui.filter_bar import NO_LEAD, FilterBar
from nhp_planner.ui.icons import warning_icon
from nhp_planner.ui.selection import Selection
from nhp_planner.ui.session import PlanSession


class ProgressLine(QLabel):
    """ "12 of 55 not yet updated for February 2024 · show them": a line of its own that
    wraps on a narrow window, never cut short and never widening the table's pane.

    Tab lands on its link (not on the line with nothing chosen), and Enter follows it.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Not yet updated")
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setWordWrap(True)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        if event.reason() in (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason):
            self.focusNextPrevChild(event.reason() == Qt.FocusReason.TabFocusReason)


class ConflictsNotice(QPushButton):
    """Stays in the status bar while merge conflicts wait to be resolved; a click opens them."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setFlat(True)
        self.setToolTip("Decide between the values two copies of the plan hold")
        self.hide()

    def setVisible(self, visible: bool) -> None:
        """Its warning sign is made when it is first shown (see :func:`warning_icon`)."""
        if visible and self.icon().isNull():
            self.setIcon(warning_icon())
        super().setVisible(visible)


class StatusLine:
    """Keeps the status bar's counts and the "not yet updated" line above the table current."""

    def __init__(
        self,
        *,
        current_session: Callable[[], PlanSession | None],
        proxy: DeliverableSortProxy,
        filter_bar: FilterBar,
        selection: Selection,
        shown_label: QLabel,
        totals_label: QLabel,
        progress_label: QLabel,
        conflicts_notice: QPushButton,
    ) -> None:
        self._session = current_session
        self._proxy = proxy
        self._filter_bar = filter_bar
        self._selection = selection
        self._shown = shown_label
        self._totals = totals_label
        self._progress = progress_label
        self._conflicts = conflicts_notice
        #: The lead and "not yet updated" choice the progress line was last worked out for.
        self._progress_for: tuple[str | None, bool] | None = None
        #: While :meth:`held`, what was asked for (``update_counts``...), done once at its end.
        self._asked: set[Callable[[], None]] | None = None
        progress_label.linkActivated.connect(self._on_progress_link)

    @contextmanager
    def held(self) -> Iterator[None]:
        """Work the lines out once, at the end, however often they are asked for within.

        Opening a plan asks for them at each step (the model reset, the filter cleared,
        the leads, the plan's details): some 3 ms each on the sample plan.
        """
        self._asked = set()
        try:
            yield
        finally:
            asked, self._asked = self._asked, None
            # A forced progress line makes the one "if stale" needless.
            if self.update_progress in asked:
                asked.discard(self.update_progress_if_stale)
            for update in (self.update_counts, self.update_progress, self.update_progress_if_stale):
                if update in asked:
                    update()

    def _deferred(self, update: Callable[[], None]) -> bool:
        """True (and ``update`` noted for later) while held."""
        if self._asked is None:
            return False
        self._asked.add(update)
        return True

    def update_counts(self) -> None:
        """Count what the table shows (the RAG totals follow the filter)."""
        if self._deferred(self.update_counts):
            return
        if self._session() is None:
            self._shown.clear()
            self._totals.clear()
            return
        shown_facts = list(self._proxy.shown_facts())
        # list.count compares by identity first: quicker than hashing each Rag (10,000 rows).
        rags = [facts.rag for facts in shown_facts]
        counts = {rag: rags.count(rag) for rag in ALL_RAGS}
        overdue = sum([facts.overdue for facts in shown_facts])
        words = " · ".join(f"{counts[rag]} {rag.label}" for rag in ALL_RAGS)
        self._totals.setText(f"{words} · {overdue} overdue")
        self.show_shown()

    def show_shown(self) -> None:
        """ "Showing 42 of 55 deliverables · 3 selected"."""
        if self._session() is None:
            return
        shown = self._proxy.rowCount()
        total = self._proxy.total_rows()
        selected = len(self._selection.selected_ids())
        chosen = f" · {selected} selected" if selected > 1 else ""
        noun = "deliverable" if total == 1 else "deliverables"
        self._shown.setText(
            f"Showing {shown} of {total} {noun}{chosen}"
            if shown != total
            else f"{total} {noun}{chosen}"
        )

    def _progress_key(self) -> tuple[str | None, bool]:
        return self._filter_bar.chosen_lead(), self._filter_bar.not_updated.isChecked()

    def update_progress_if_stale(self) -> None:
        """Work the progress line out again only when the lead or "not yet updated" changed."""
        if self._deferred(self.update_progress_if_stale):
            return
        if self._progress_for != self._progress_key():
            self.update_progress()

    def update_progress(self) -> None:
        """ "12 of 55 not yet updated for February 2024", for the lead chosen if one is."""
        if self._deferred(self.update_progress):
            return
        session = self._session()
        self._progress_for = self._progress_key()
        if session is None:
            self._progress.clear()
            self._conflicts.hide()
            return
        lead = self._filter_bar.chosen_lead()
        chosen = [
            d for d in session.deliverables.deliverables() if lead is None or (d.lead or "") == lead
        ]
        progress = UpdateProgress(
            session.period, len(chosen), tuple(d for d in chosen if d.updated_at is None)
        )
        text = html.escape(progress.describe())
        if lead is not None:
            text += f" ({html.escape(lead or NO_LEAD)})"
        if self._filter_bar.not_updated.isChecked():
            text += " · <a href='all'>show all</a>"
        elif progress.not_updated:
            text += " · <a href='chase'>show them</a>"
        self._progress.setText(text)
        count = session.open_conflicts
        self._conflicts.setText(counted(count, "unresolved merge conflict"))
        self._conflicts.setVisible(bool(count))

    def _on_progress_link(self, link: str) -> None:
        self._filter_bar.not_updated.setChecked(link == "chase")
