"""View ▸ Performance Measures: the chart beside its values, from the window and on its own."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QDialog, QLabel
from pytestqt.qtbot import QtBot

from nhp_planner.model.measures import Frequency, Measure, MeasurePeriod, Narrative
from nhp_planner.model.store import PlanStore
from nhp_planner.ui import screen_fit
from nhp_planner.ui.main_window import MainWindow
from nhp_planner.ui.measures_dialog import MeasuresDialog
from tests.io.test_spc_chart import crime_measure

Q = MeasurePeriod.quarter
DATED = dt.date(2024, 2, 22)


def measures() -> list[Measure]:
    crime = crime_measure(narratives={Q(2023, 3): Narrative("Up 9% (+38).", "Cycle Team.")})
    quiet = Measure(
        "Reduce VAWG",
        Frequency.QUARTERLY,
        values={Q(2022, 4): 148.0, Q(2023, 1): 148.0, Q(2023, 2): 152.0, Q(2023, 3): 159.0},
    )
    return [crime, quiet]


def test_each_measure_shows_its_chart_values_and_exceptions(qtbot: QtBot) -> None:
    dialog = MeasuresDialog(measures(), DATED)
    qtbot.addWidget(dialog)
    assert [dialog.measure_list.item(i).text() for i in range(2)] == [
        "Reduce Neighbourhood Crime (1 exception)",
        "Reduce VAWG (0 exceptions)",
    ]
    assert not dialog.chart.pixmap().isNull()
    assert dialog.chart.pixmap().width() > 600
    assert "Q2 2023/24 (371): below the lower limit (improvement)." in dialog.chart.toolTip()
    assert "below the lower limit (improvement)" in dialog.summary.text()
    values = dialog.values
    assert values.rowCount() == 13  # Q3 2020/21 to Q3 2023/24, the missing quarter included
    first = [values.item(0, c).text() for c in range(4)]
    assert first == ["Q3 2023/24", "409", "Up 9% (+38).", "Cycle Team."]
    missing = [
        values.item(r, 1).text() for r in range(13) if values.item(r, 0).text() == "Q1 2021/22"
    ]
    assert missing == ["no value"]

    dialog.measure_list.setCurrentRow(1)
    assert dialog.values.rowCount() == 4
    assert "No exceptions." in dialog.summary.text()
    assert dialog.chart.toolTip().endswith("No exceptions.")


def test_a_plan_without_measures_says_how_to_add_them(qtbot: QtBot) -> None:
    dialog = MeasuresDialog([], DATED)
    qtbot.addWidget(dialog)
    texts = [label.text() for label in dialog.findChildren(QLabel)]
    assert any("has no performance measures yet" in text for text in texts)


def test_the_view_menu_opens_it_on_the_plan_shown(
    qtbot: QtBot, make_window: object, plan_file: Path
) -> None:
    with PlanStore.open(plan_file) as store:
        for measure in measures():
            store.add_measure(measure)
    window: MainWindow = make_window(plan_file, DATED)  # type: ignore[operator]
    action = window.findChild(type(window.menuBar().actions()[0]), "measures")
    assert action is not None and action.isEnabled()
    action.trigger()
    qtbot.waitUntil(lambda: window.findChild(MeasuresDialog) is not None)
    dialog = window.findChild(MeasuresDialog)
    assert isinstance(dialog, QDialog)
    assert dialog.measure_list.count() == 2
    dialog.reject()


@pytest.mark.parametrize(
    "area",
    [QRect(0, 0, 1366, 728), QRect(0, 0, 910, 480), QRect(0, 0, 800, 800)],
    ids=["1366x768", "1366x768 at 150%", "offscreen"],
)
def test_the_whole_chart_and_its_legend_are_on_show_on_a_laptop(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, area: QRect
) -> None:
    """At 150% the chart sat at its own size in a scroll area: the legend's last entry, the
    limits' labels and the periods were scrolled out of sight, the dialog cramped."""
    monkeypatch.setattr(screen_fit, "_screen_area", lambda widget: area)
    dialog = MeasuresDialog(measures(), DATED)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    room = screen_fit.available_room(dialog)
    assert dialog.width() <= room.width() and dialog.height() <= room.height()
    chart = dialog.chart
    # All of the chart widget is on show: nothing scrolled away or clipped by the dialog.
    assert chart.visibleRegion().boundingRect() == chart.rect()
    assert QRect(0, 0, dialog.width(), dialog.height()).contains(
        QRect(chart.mapTo(dialog, QPoint(0, 0)), chart.size())
    )
    # The picture (legend along its top, limits' labels at its right) is drawn whole inside
    # it, in its own shape, and large enough to read.
    drawn = chart.picture_rect()
    natural = chart.pixmap().deviceIndependentSize()
    assert chart.rect().contains(drawn)
    assert drawn.width() / drawn.height() == pytest.approx(natural.width() / natural.height(), 0.02)
    assert drawn.width() >= natural.width() * 0.6
    # The values keep room for a few rows under it.
    values = dialog.values
    assert values.viewport().height() >= 3 * values.rowHeight(0)
