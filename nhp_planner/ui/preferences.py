"""Preferences: your name as the change history records it, and light, dark or the system's.

A shared laptop's login ("station-laptop-3") is not a person: the name given here
is who the history says made each change.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from nhp_planner.model.plan_file import current_user
from nhp_planner.ui.appearance import THEMES
from nhp_planner.ui.screen_fit import fit_to_screen

USER_NAME = "user/name"
THEME = "view/theme"


@dataclass(frozen=True, slots=True)
class Preferences:
    #: Who the change history says made each change; blank: the login name.
    name: str
    theme: str


def stored(settings: QSettings) -> Preferences:
    theme = str(settings.value(THEME, "system"))
    return Preferences(str(settings.value(USER_NAME, "")), theme if theme in THEMES else "system")


def remember(settings: QSettings, preferences: Preferences) -> None:
    settings.setValue(USER_NAME, preferences.name)
    settings.setValue(THEME, preferences.theme)


def history_name(settings: QSettings) -> str:
    """The name edits are recorded under: the one given in Preferences, else the login."""
    return stored(settings).name or current_user()


class PreferencesDialog(QDialog):
    def __init__(self, preferences: Preferences, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        fit_to_screen(self, 520)
        self.name = QLineEdit(preferences.name, self)
        self.name.setAccessibleName("Your name")
        self.name.setPlaceholderText(f"{current_user()} (the login name)")
        self.theme = QComboBox(self)
        self.theme.setAccessibleName("Colours")
        for key, wording in THEMES.items():
            self.theme.addItem(wording, key)
        self.theme.setCurrentIndex(max(0, self.theme.findData(preferences.theme)))
        form = QFormLayout()
        for text, field in (("Your &name:", self.name), ("&Colours:", self.theme)):
            caption = QLabel(text, self)
            caption.setBuddy(field)
            form.addRow(caption, field)
        note = QLabel(
            "The change history records every edit under this name: on a shared laptop, "
            "give your own (for example “PC 4127 Jo Bell”).",
            self,
        )
        note.setWordWrap(True)
        note.setEnabled(False)
        form.addRow(note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def preferences(self) -> Preferences:
        return Preferences(" ".join(self.name.text().split()), str(self.theme.currentData()))
