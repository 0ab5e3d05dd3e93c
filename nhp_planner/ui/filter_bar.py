"""The filters above the deliverables table: text search, RAG toggles, overdue, updated, lead."""

from __future__ import annotations

import itertools

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from nhp_planner.model.rag import ALL_RAGS, Rag
from nhp_planner.ui.deliverable_filter import DeliverableFilter
from nhp_planner.ui.flow_layout import FlowLayout
from nhp_planner.ui.icons import icon
from nhp_planner.ui.rag_style import pill_icon

ALL_LEADS = "All leads"
NO_LEAD = "No lead named"


class FilterBar(QWidget):
    """Emits ``changed`` whenever a filter is set; the objective comes from the objective list."""

    changed = Signal()
    #: Enter in the search: the person wants to go to what it found.
    results_wanted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Search refs, deliverables and summary positions (Ctrl+F)")
        self.search.setAccessibleName("Search deliverables")
        self.search.setClearButtonEnabled(True)
        self._search_icon = self.search.addAction(
            icon("search", self.palette()), QLineEdit.ActionPosition.LeadingPosition
        )
        self.search.textChanged.connect(self.changed)
        # Esc clears the search (a second Esc has nothing to clear); Enter goes to the rows.
        clear = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.search)
        clear.setContext(Qt.ShortcutContext.WidgetShortcut)
        clear.activated.connect(self.search.clear)
        self.search.returnPressed.connect(self.results_wanted)
        # The search's own buttons (its sign and its clear button) are named for screen readers.
        for button in self.search.findChildren(QToolButton):
            clears = button.defaultAction() is not self._search_icon
            button.setAccessibleName("Clear the search" if clears else "Search")

        self.rag_buttons: dict[Rag, QToolButton] = {}
        for rag in ALL_RAGS:
            button = QToolButton(self)
            button.setText(rag.label)
            button.setIcon(pill_icon(rag, self.palette()))
            button.setCheckable(True)
            button.setAutoRaise(False)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            button.setAccessibleName(f"Show {rag.label}")
            button.setToolTip(f"Show only {rag.label} deliverables (with any other RAG chosen)")
            button.toggled.connect(self.changed)
            self.rag_buttons[rag] = button

        self.overdue = QCheckBox("Overd&ue only", self)
        self.overdue.setToolTip("Only deliverables whose date has passed and that are not GREEN")
        self.overdue.toggled.connect(self.changed)
        self.not_updated = QCheckBox("Not &yet updated", self)
        self.not_updated.setToolTip("Only deliverables not yet updated in this reporting period")
        self.not_updated.toggled.connect(self.changed)

        self.lead = QComboBox(self)
        self.lead.setAccessibleName("Lead")
        self.lead.setToolTip("Only one lead's deliverables")
        self.lead.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.lead.setMinimumContentsLength(16)
        self.lead.addItem(ALL_LEADS)
        self.lead.currentIndexChanged.connect(self.changed)
        lead_label = QLabel("Le&ad:", self)
        lead_label.setBuddy(self.lead)

        self.clear_button = QToolButton(self)
        self.clear_button.setText("Clear Filters")
        self.clear_button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.clear_button.setToolTip("Show every deliverable of the chosen objective again")
        self.clear_button.clicked.connect(self.clear)

        # The search and the lead on one line; groups of toggles below, which wrap
        # onto another line when the table is narrow.
        first = QHBoxLayout()
        first.setContentsMargins(0, 0, 0, 0)
        first.addWidget(self.search, 3)
        first.addSpacing(8)
        first.addWidget(lead_label)
        first.addWidget(self.lead, 1)
        rags = self._group(QLabel("RAG:", self), *self.rag_buttons.values())
        checks = self._group(self.overdue, self.not_updated)
        toggles = QWidget(self)
        flow = FlowLayout(toggles, spacing=14)
        for group in (rags, checks, self.clear_button):
            flow.addWidget(group)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(first)
        layout.addWidget(toggles)
        # Tab goes as the eye reads: the search, the lead, then the toggles.
        chain = [self.search, self.lead, *self.rag_buttons.values()]
        chain += [self.overdue, self.not_updated, self.clear_button]
        for before, after in itertools.pairwise(chain):
            self.setTabOrder(before, after)
        self.changed.connect(self._on_self_changed)
        self._on_self_changed()

    def _group(self, *widgets: QWidget) -> QWidget:
        group = QWidget(self)
        row = QHBoxLayout(group)
        row.setContentsMargins(0, 0, 0, 0)
        for widget in widgets:
            widget.setParent(group)
            row.addWidget(widget)
        return group

    def value(self, objective: int | None = None) -> DeliverableFilter:
        """The filter as set, for the objective chosen in the objective list."""
        return DeliverableFilter(
            text=self.search.text(),
            rags=frozenset(rag for rag, button in self.rag_buttons.items() if button.isChecked()),
            overdue_only=self.overdue.isChecked(),
            not_updated_only=self.not_updated.isChecked(),
            lead=self.chosen_lead(),
            objective=objective,
        )

    def chosen_lead(self) -> str | None:
        """The lead chosen ("" for no lead named), or None for everyone's deliverables."""
        return None if self.lead.currentIndex() <= 0 else self.lead.currentData()

    def set_leads(self, leads: list[str], *, any_unnamed: bool) -> None:
        """The leads to choose from; the one chosen stays chosen while it still exists."""
        chosen = self.chosen_lead()
        self.lead.blockSignals(True)
        self.lead.clear()
        self.lead.addItem(ALL_LEADS)
        for lead in leads:
            self.lead.addItem(lead, lead)
        if any_unnamed:
            self.lead.addItem(NO_LEAD, "")
        found = self.lead.findData(chosen) if chosen is not None else 0
        self.lead.setCurrentIndex(max(found, 0))
        self.lead.setEnabled(bool(leads))
        self.lead.blockSignals(False)
        if found < 0:
            self.changed.emit()

    def clear(self) -> None:
        """Back to every deliverable (one ``changed``, not one per control)."""
        controls = [
            self.search,
            self.overdue,
            self.not_updated,
            self.lead,
            *self.rag_buttons.values(),
        ]
        for control in controls:
            control.blockSignals(True)
        self.search.clear()
        self.overdue.setChecked(False)
        self.not_updated.setChecked(False)
        self.lead.setCurrentIndex(0)
        for button in self.rag_buttons.values():
            button.setChecked(False)
        for control in controls:
            control.blockSignals(False)
        self.changed.emit()

    def refresh_icons(self) -> None:
        """Redraw the icons for a new palette (light or dark)."""
        self._search_icon.setIcon(icon("search", self.palette()))
        for rag, button in self.rag_buttons.items():
            button.setIcon(pill_icon(rag, self.palette()))

    def _on_self_changed(self) -> None:
        self.clear_button.setEnabled(self.value().is_active)
