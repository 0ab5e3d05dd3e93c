"""Edit ▸ Preferences: the dialog your name and the colours are chosen in."""

from __future__ import annotations

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
from nhp_planner.ui.note_label import note_label
from nhp_planner.ui.preferences import Preferences
from nhp_planner.ui.screen_fit import fit_height, fit_to_screen


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
        note = note_label(
            "The change history records every edit under this name: on a shared laptop, "
            "give your own (for example “PC 4127 Jo Bell”).",
            self,
        )
        form.addRow(note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        fit_height(self)

    def preferences(self) -> Preferences:
        return Preferences(" ".join(self.name.text().split()), str(self.theme.currentData()))
