"""A dialog's note: a paragraph that explains the fields around it.

Drawn in the window's text colour, never greyed as a disabled widget is: a disabled
label reads at about 1.6:1 against its background (WCAG asks 4.5:1), and screen
readers announce it as unavailable.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget


def note_label(text: str, parent: QWidget) -> QLabel:
    """``text`` as a word-wrapped note of plain text (user words in it stay words)."""
    note = QLabel(text, parent)
    note.setWordWrap(True)
    note.setTextFormat(Qt.TextFormat.PlainText)
    return note
