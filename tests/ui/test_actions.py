"""The action set: specs become actions where they say, enabled when they say."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QListView, QMainWindow, QToolBar
from pytestqt.qtbot import QtBot

from nhp_planner.ui.actions import ActionSet, ActionSpec, ActionState


def _state(*, chosen: bool) -> ActionState:
    return ActionState(session=None, chosen=chosen, current=None, objective=None, typing=False)


def test_specs_fill_menus_toolbar_and_context_menus_in_group_order(qtbot: QtBot) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    rows = QListView(window)
    actions = ActionSet(window, {"rows": rows})
    called: list[str] = []
    actions.add(
        [
            ActionSpec("late", "&Late", lambda: called.append("late"), menu="m", group=2),
            ActionSpec(
                "local",
                "L&ocal",
                lambda: called.append("local"),
                menu="m",
                group=0,
                shortcut="Ctrl+L",
                toolbar=1,
                widget="rows",
                local=True,
                enabled_when=lambda state: state.chosen,
            ),
        ]
    )
    actions.add([ActionSpec("early", "&Early", None, menu="m", group=0, toolbar=0)])
    actions.fill_menus(window.menuBar(), [("m", "&Menu"), ("empty", "E&mpty")])
    toolbar = QToolBar(window)
    actions.fill_toolbar(toolbar)

    menu = window.menuBar().actions()[0].menu()
    assert [a.text() or "|" for a in menu.actions()] == ["L&ocal", "&Early", "|", "&Late"]
    assert [a.text() or "|" for a in toolbar.actions()] == ["&Early", "|", "L&ocal"]
    # A local action's shortcut belongs to its widget, not the window.
    assert actions["local"] in rows.actions() and actions["local"] not in window.actions()
    assert actions["late"] in window.actions()
    actions.update(_state(chosen=False))
    assert not actions["local"].isEnabled() and actions["late"].isEnabled()
    actions.update(_state(chosen=True))
    assert actions["local"].isEnabled()
    actions["late"].trigger()
    assert called == ["late"]


def test_a_misnamed_menu_or_a_second_name_is_refused(qtbot: QtBot) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    actions = ActionSet(window, {})
    actions.add([ActionSpec("one", "One", None, menu="flie")])
    with pytest.raises(ValueError, match="Two actions are named 'one'"):
        actions.add([ActionSpec("one", "Again", None)])
    with pytest.raises(ValueError, match="flie"):
        actions.fill_menus(window.menuBar(), [("file", "&File")])
