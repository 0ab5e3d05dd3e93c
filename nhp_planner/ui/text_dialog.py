"""Rich text to read in a dialog: the User Guide, the About box."""

from __future__ import annotations

import math

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from nhp_planner.ui.screen_fit import available_room, fit_to_screen

#: The width the text reads best at, and the most height it is given.
WIDTH, HEIGHT = 720, 640


class TextDialog(QDialog):
    """Rich text to read, as tall as it needs up to the screen's room, with a Close button."""

    def __init__(self, title: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.text = QTextBrowser(self)
        self.text.setAccessibleName(title)
        self.text.setOpenExternalLinks(True)
        self.text.setHtml(text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        # All of the text on show at the width it gets: a short About box opened 720 by 640
        # had an empty band half its height below the text.
        width = min(WIDTH, available_room(self).width())
        margins = layout.contentsMargins()
        frame = 2 * self.text.frameWidth()
        document = self.text.document().clone(self)
        document.setTextWidth(width - margins.left() - margins.right() - frame)
        needed = math.ceil(document.size().height()) + frame + buttons.sizeHint().height()
        needed += margins.top() + margins.bottom() + layout.spacing()
        document.deleteLater()
        fit_to_screen(self, WIDTH, min(needed, HEIGHT))
