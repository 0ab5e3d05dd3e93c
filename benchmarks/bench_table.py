"""Benchmark (issue 6): the window on a plan of 10,000 deliverables.

Run: .venv/bin/python benchmarks/bench_table.py [COUNT]
Measures opening the plan in the window, a filter keystroke and a sort (each
until the table has repainted), against, in the same run, Qt's own
QSortFilterProxyModel filtering (fixed string, all columns) and sorting the
same table model. Aim: a keystroke and a sort each under 50 ms.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_HOME = tempfile.mkdtemp(prefix="nhp-bench-home-")
for _name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
    os.environ[_name] = str(Path(_HOME) / _name.lower())

from PySide6.QtCore import QEvent, QObject, QSortFilterProxyModel, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QHeaderView, QTableView, QWidget

from benchmarks._common import big_snapshot
from nhp_planner.model.store import PlanStore
from nhp_planner.ui import settings
from nhp_planner.ui.deliverable_model import Column
from nhp_planner.ui.main_window import MainWindow


class _PaintCounter(QObject):
    """Counts the paint events a widget gets, so a timing can include exactly one repaint."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.paints = 0
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.paints += 1
        return False


def _settle(app: QApplication, window: MainWindow) -> None:
    """Let Qt finish the work a change queued, and make sure the table has painted it.

    Qt paints a changed table while processing events; if it did not (nothing
    was queued yet), paint now, so every timing includes one repaint, not two.
    """
    counter = window.findChild(_PaintCounter) or _PaintCounter(window.table.viewport())
    before = counter.paints
    app.processEvents()
    if counter.paints == before:
        window.table.viewport().repaint()


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    app = QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.nhp"
        snapshot = big_snapshot(count)
        with PlanStore.create(path, snapshot.plan, period=snapshot.period) as store:
            store.import_snapshot(snapshot)

        window = MainWindow(settings.app_settings())
        window.resize(1600, 1000)
        start = time.perf_counter()
        window.open_plan(path)
        window.show()
        _settle(app, window)
        opened = time.perf_counter() - start
        print(f"{count} deliverables: the window opened the plan in {_ms(opened)}")

        search = window.filter_bar.search
        search.setFocus()
        keystrokes = []
        for text in ("problem", "\b\b\b\b\b\b\b", "council housing", "\b" * 15):
            for key in text:
                begin = time.perf_counter()
                if key == "\b":
                    QTest.keyClick(search, Qt.Key.Key_Backspace)
                else:
                    QTest.keyClicks(search, key)
                _settle(app, window)
                keystrokes.append(time.perf_counter() - begin)
        shown = window.table.model().rowCount()
        sorts = []
        for column in (Column.DELIVERABLE, Column.RAG, Column.DATE, Column.LEAD, Column.REF):
            for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
                begin = time.perf_counter()
                window.table.sortByColumn(column, order)
                _settle(app, window)
                sorts.append(time.perf_counter() - begin)

        source = window.session.deliverables  # type: ignore[union-attr]
        reference = QSortFilterProxyModel()
        reference.setSourceModel(source)
        reference.setFilterKeyColumn(-1)
        reference.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        qt_filters = []
        for text in ("p", "pr", "pro", "prob", "probl", ""):
            begin = time.perf_counter()
            reference.setFilterFixedString(text)
            qt_filters.append(time.perf_counter() - begin)
        qt_sorts = []
        for column in (Column.DELIVERABLE, Column.RAG, Column.REF):
            begin = time.perf_counter()
            reference.sort(column)
            qt_sorts.append(time.perf_counter() - begin)
        # The floor for painting: Qt's own table and model (all C++), same rows and widths.
        bare_model = QStandardItemModel(source.rowCount(), source.columnCount())
        for row in range(min(source.rowCount(), 200)):
            for column in range(source.columnCount()):
                text = source.index(row, column).data() or ""
                bare_model.setItem(row, column, QStandardItem(text))
        bare = QTableView()
        bare.setModel(bare_model)
        bare.setWordWrap(False)
        bare.setShowGrid(False)
        bare.setAlternatingRowColors(True)
        bare.verticalHeader().hide()
        bare.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        bare.verticalHeader().setDefaultSectionSize(
            window.table.verticalHeader().defaultSectionSize()
        )
        bare.resize(window.table.size())
        for column in range(source.columnCount()):
            bare.horizontalHeader().resizeSection(
                column, window.table.horizontalHeader().sectionSize(column)
            )
        bare.show()
        app.processEvents()
        bare_paints, our_paints = [], []
        for _ in range(20):
            begin = time.perf_counter()
            bare.viewport().repaint()
            bare_paints.append(time.perf_counter() - begin)
            begin = time.perf_counter()
            window.table.viewport().repaint()
            our_paints.append(time.perf_counter() - begin)
        window.close()

    key_median, key_90 = statistics.median(keystrokes), _percentile(keystrokes, 90)
    sort_median, sort_90 = statistics.median(sorts), _percentile(sorts, 90)
    qt_filter, qt_sort = statistics.median(qt_filters), statistics.median(qt_sorts)
    print(
        f"filter keystroke (until the table has repainted, {len(keystrokes)} keys): "
        f"median {_ms(key_median)}, 90th percentile {_ms(key_90)}, slowest {_ms(max(keystrokes))}"
    )
    print(
        f"sort by a column (until the table has repainted, {len(sorts)} sorts): "
        f"median {_ms(sort_median)}, 90th percentile {_ms(sort_90)}, slowest {_ms(max(sorts))}"
    )
    print(
        f"repainting the table alone: ours {_ms(statistics.median(our_paints))}, "
        f"Qt's own table and model {_ms(statistics.median(bare_paints))}"
    )
    print(f"  rows shown after the search was cleared: {shown}")
    print(
        f"reference, QSortFilterProxyModel on the same model: filter {_ms(qt_filter)}, "
        f"sort {_ms(qt_sort)}"
    )
    print(
        f"ratio (ours / Qt's proxy): filter {key_median / qt_filter:.2f}, "
        f"sort {sort_median / qt_sort:.2f}; aim: each under 50 ms "
        f"({'met' if max(key_90, sort_90) < 0.05 else 'NOT met'} at the 90th percentile, "
        f"{'met' if max(*keystrokes, *sorts) < 0.05 else 'NOT met'} by the slowest)"
    )


def _percentile(values: list[float], percent: int) -> float:
    return statistics.quantiles(values, n=100)[percent - 1]


if __name__ == "__main__":
    main()
