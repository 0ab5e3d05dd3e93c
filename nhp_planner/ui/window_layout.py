"""The window's size, panes and columns: as last left, or fitted to the screen the first time."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QMainWindow, QSplitter, QTableView

from nhp_planner.ui import settings
from nhp_planner.ui.deliverable_model import Column
from nhp_planner.ui.deliverable_table import date_width, size_columns

#: Narrower than this (in Qt's pixels, after scaling), the window starts filling the screen.
SMALL_SCREEN = 1100


class WindowLayout:
    """Restores the window's geometry, splitter and table header, and saves them on close."""

    def __init__(
        self, window: QMainWindow, splitter: QSplitter, table: QTableView, stored: QSettings
    ) -> None:
        self._window = window
        self._splitter = splitter
        self._table = table
        self._settings = stored
        self._splitter_restored = False
        self._columns_sized = False

    def _has_columns(self) -> bool:
        return self._table.model().columnCount() > 0

    def restore(self) -> None:
        """Geometry, toolbars and splitter as last left; the first time, most of the screen."""
        window = self._window
        geometry = self._settings.value(settings.GEOMETRY)
        if not (isinstance(geometry, QByteArray) and window.restoreGeometry(geometry)):
            # First start: most of the screen, centred, up to a size that reads well; all
            # of a small one (a laptop at 150% has 910 pixels across: each one counts).
            screen = window.screen().availableGeometry()
            share = 1.0 if screen.width() < SMALL_SCREEN else 0.92
            width = min(1600, round(screen.width() * share))
            height = min(1000, round(screen.height() * share))
            window.setGeometry(
                screen.x() + (screen.width() - width) // 2,
                screen.y() + (screen.height() - height) // 2,
                width,
                height,
            )
        state = self._settings.value(settings.WINDOW_STATE)
        if isinstance(state, QByteArray):
            window.restoreState(state)
        splitter = self._settings.value(settings.SPLITTER)
        self._splitter_restored = isinstance(splitter, QByteArray) and bool(
            self._splitter.restoreState(splitter)
        )

    def restore_columns(self) -> None:
        """Column widths and sort order as last left, once the table has its columns."""
        value = self._settings.value(settings.TABLE_HEADER)
        header = self._table.horizontalHeader()
        self._columns_sized = isinstance(value, QByteArray) and bool(header.restoreState(value))
        if not self._columns_sized:
            size_columns(self._table)
        else:  # widths kept from before, but never a date cut short
            date = max(header.sectionSize(Column.DATE), date_width(self._table))
            header.resizeSection(Column.DATE, date)
        # The rows in the order the header's arrow says, whatever state it came back in.
        self._table.sortByColumn(header.sortIndicatorSection(), header.sortIndicatorOrder())

    def fit_when_shown(self) -> None:
        """The first time, with no widths remembered, size the panes and columns to the window."""
        if not self._splitter_restored:
            width = self._window.width()  # the splitter is not laid out yet; it fills the window
            # On a narrow window (a laptop at 150%) the side panes keep a width that reads,
            # and the table scrolls; on a wide one they take their share.
            font = self._window.fontMetrics().averageCharWidth()
            left = max(round(width * 0.15), 20 * font)
            right = max(round(width * 0.24), 32 * font)
            self._splitter.setSizes([left, max(width - left - right, 1), right])
            self._splitter_restored = True
        if not self._columns_sized and self._has_columns():
            size_columns(self._table)
            self._columns_sized = True

    def save(self) -> None:
        self._settings.setValue(settings.GEOMETRY, self._window.saveGeometry())
        self._settings.setValue(settings.WINDOW_STATE, self._window.saveState())
        self._settings.setValue(settings.SPLITTER, self._splitter.saveState())
        if self._has_columns():
            header = self._table.horizontalHeader().saveState()
            self._settings.setValue(settings.TABLE_HEADER, header)
        self._settings.sync()
