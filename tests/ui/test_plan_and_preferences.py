"""Plan ▸ Properties, Edit ▸ Preferences, Help ▸ User Guide and About (issue 17)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QKeySequence, QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from nhp_planner import __version__
from nhp_planner.model.rag import Rag
from nhp_planner.model.store import PlanStore
from nhp_planner.ui import screen_fit
from nhp_planner.ui.appearance import apply_theme
from nhp_planner.ui.main_window import MainWindow
from nhp_planner.ui.plan_properties import PlanPropertiesDialog
from nhp_planner.ui.preferences_dialog import PreferencesDialog
from nhp_planner.ui.text_dialog import TextDialog


def test_plan_properties_change_the_plan_and_undo(qtbot: QtBot, window: MainWindow) -> None:
    assert window.session is not None
    before = window.session.plan
    window.action("plan_properties").trigger()
    dialog = window.findChildren(PlanPropertiesDialog)[-1]
    assert dialog.title.text() == before.title
    dialog.title.setText("Harrowdale delivery plan")
    dialog.force.setText("Harrowdale Police")
    dialog.amber.setText("On its way")
    dialog.accept()
    plan = window.session.store.plan()
    assert (plan.title, plan.force, plan.rag_key.amber) == (
        "Harrowdale delivery plan",
        "Harrowdale Police",
        "On its way",
    )
    assert window.windowTitle().startswith("Harrowdale delivery plan")
    # The editor's hint follows the new wording.
    amber = next(d for d in window.session.deliverables.deliverables() if d.rag is Rag.AMBER)
    window.select_deliverable(amber.id)
    assert window.editor.rag_hint.text() == "AMBER: On its way"
    window.action("undo").trigger()
    assert window.session.store.plan().title == before.title
    assert window.session.store.plan().rag_key == before.rag_key


def test_a_blank_title_cannot_be_saved(qtbot: QtBot, window: MainWindow) -> None:
    assert window.session is not None
    dialog = PlanPropertiesDialog(window.session.plan, window)
    qtbot.addWidget(dialog)
    dialog.title.setText("  ")
    assert dialog.ok is not None and not dialog.ok.isEnabled()


def test_preferences_name_the_person_in_the_history(
    qtbot: QtBot, make_window: Callable[..., MainWindow], plan_file: Path
) -> None:
    window = make_window(plan_file)
    window.action("preferences").trigger()
    dialog = window.findChildren(PreferencesDialog)[-1]
    dialog.name.setText("  PC 4127   Jo Bell ")
    dialog.accept()
    assert window.session is not None
    first = window.session.deliverables.deliverables()[0]
    window.session.edit_deliverable(first.id, "summary_position", "Checked by Jo.")
    assert window.session.store.changes(first.id)[-1].by == "PC 4127 Jo Bell"
    window.close()
    # Kept for next time: the next window records under it too.
    again = make_window(plan_file)
    assert again.session is not None and again.session.store.user == "PC 4127 Jo Bell"
    with PlanStore.open(plan_file, read_only=True) as store:
        assert store.changes(first.id)[-1].by == "PC 4127 Jo Bell"


def test_preferences_light_and_dark(qtbot: QtBot, window: MainWindow) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    try:
        window.action("preferences").trigger()
        dialog = window.findChildren(PreferencesDialog)[-1]
        dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
        dialog.accept()
        assert app.palette().color(QPalette.ColorRole.Window).lightness() < 80
        window.action("preferences").trigger()
        dialog = window.findChildren(PreferencesDialog)[-1]
        assert dialog.theme.currentData() == "dark"  # remembered
        dialog.theme.setCurrentIndex(dialog.theme.findData("light"))
        dialog.accept()
        assert app.palette().color(QPalette.ColorRole.Window).lightness() > 180
    finally:
        apply_theme(app, "system")


def test_user_guide_on_f1_and_about_with_version_and_licences(
    qtbot: QtBot, window: MainWindow
) -> None:
    guide = window.action("user_guide")
    assert QKeySequence("F1") in guide.shortcuts()
    guide.trigger()
    shown = window.findChildren(TextDialog)[-1]
    assert "monthly update" in shown.text.toPlainText().lower()
    assert "Reviewed, No Change" in shown.text.toPlainText()
    window.action("about").trigger()
    about = window.findChildren(TextDialog)[-1]
    text = about.text.toPlainText()
    assert __version__ in text and "MIT" in text
    assert "PySide6" in text and "LGPL" in text and "reportlab" in text


def test_a_long_title_opens_at_its_start_with_no_empty_band(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The title opened scrolled to its end, showing its tail; the dialog had an empty band
    above its buttons (its note measured wrapped at the size hint's narrow width)."""
    assert window.session is not None
    title = (
        "Harrowdale Police: Neighbourhood Policing Strategy 2024–2027 – Delivery Plan as "
        "agreed by the NPDB & SPPC (v3, “final”)"
    )
    monkeypatch.setattr(screen_fit, "_screen_area", lambda widget: QRect(0, 0, 910, 480))
    dialog = PlanPropertiesDialog(replace(window.session.plan, title=title), window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: dialog.title.hasFocus())
    field = dialog.title
    assert field.fontMetrics().horizontalAdvance(title) > field.width()  # it has to scroll
    assert field.text() == title and field.selectedText() == ""
    # The start shows: the cursor is before the first letter, at the field's left edge.
    assert field.cursorPosition() == 0
    assert field.cursorRect().left() < field.fontMetrics().averageCharWidth() * 2
    for other in (dialog.force, dialog.owner, dialog.green):
        assert other.cursorPosition() == 0
    # No band: the dialog is as tall as its fields and wrapped note need at its width.
    assert dialog.height() <= dialog.heightForWidth(dialog.width()) + 2
