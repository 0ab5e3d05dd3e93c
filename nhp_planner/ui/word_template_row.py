"""The board pack dialog's Word template row: which template the Word paper takes its styles from.

The template is the force's own (its styles and margins), chosen once and kept in
the settings for every plan; without one the paper has NHP Planner's own styles.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from nhp_planner.ui import file_dialogs, settings


class WordTemplateRow(QWidget):
    """The template chosen (or none), a button to choose one and one to go without."""

    def __init__(self, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._folder = folder
        self.label = QLabel(self)
        self.label.setAccessibleName("The Word template the paper takes its styles from")
        self.choose_button = QPushButton("Word &Template…", self)
        self.choose_button.setToolTip("The committee's own Word template: its styles and margins")
        self.choose_button.clicked.connect(self.choose)
        self.clear_button = QPushButton("No Template", self)
        self.clear_button.clicked.connect(lambda: self._set(None))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label, 1)
        row.addWidget(self.choose_button)
        row.addWidget(self.clear_button)
        self._show()

    def chosen(self) -> Path | None:
        """The template the Word paper takes its styles from, if one is set and still there."""
        return settings.word_template(settings.app_settings())

    def choose(self) -> None:
        """Pick the committee's Word template; the paper takes its styles from then on."""
        chosen = file_dialogs.ask_word_template(self, self._folder)
        if chosen is not None:
            self._set(chosen)

    def _set(self, path: Path | None) -> None:
        settings.set_word_template(settings.app_settings(), path)
        self._show()

    def _show(self) -> None:
        template = self.chosen()
        self.label.setText(
            f"Word paper styles: {template.name}"
            if template
            else "Word paper styles: NHP Planner's own (no template chosen)"
        )
        self.clear_button.setEnabled(template is not None)
