"""Dialogs sized to the screen they open on: as big as they read best, never bigger than it.

A force laptop has 1366 by 768 pixels, and at 150% scaling that is 910 by 512 of room:
a dialog sized for a desktop monitor would put its buttons off the bottom of the
screen. Every dialog sizes itself here, so none is ever larger than the room there is.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QScrollArea, QStyle, QWidget

#: Room kept for the window manager's frame around a dialog: its borders and title bar.
_FRAME = 8


def available_room(widget: QWidget) -> QSize:
    """The size a window may have on the screen ``widget`` (or its parent) is on, frame aside."""
    area = _screen_area(widget)
    title = widget.style().pixelMetric(QStyle.PixelMetric.PM_TitleBarHeight)
    return QSize(max(area.width() - 2 * _FRAME, 1), max(area.height() - title - 2 * _FRAME, 1))


def fit_to_screen(dialog: QWidget, width: int, height: int | None = None) -> None:
    """Size ``dialog`` to ``width`` by ``height`` or the screen's room, whichever is smaller.

    With no ``height``, only its width is set (at least ``width``, as room allows) and
    its layout decides its height.
    """
    room = available_room(dialog)
    if height is None:
        dialog.setMinimumWidth(min(width, room.width()))
        return
    dialog.resize(min(width, room.width()), min(height, room.height()))


def fit_height(dialog: QWidget) -> None:
    """Open ``dialog``, its layout built, as tall as its wrapped text needs at its width.

    Qt opens a window at its size hint, with wrapped labels measured at the hint's own
    narrow width; widened to its minimum width, the dialog kept the height of the lines
    the text no longer needs, an empty band above its buttons.
    """
    if not dialog.hasHeightForWidth():
        return
    width = max(dialog.minimumWidth(), dialog.sizeHint().width())
    dialog.resize(width, min(dialog.heightForWidth(width), available_room(dialog).height()))


def _screen_area(widget: QWidget) -> QRect:
    owner = widget.parentWidget() or widget
    screen = owner.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def scrolling(pane: QWidget) -> QScrollArea:
    """``pane`` in a frameless scroll area: on a short screen it scrolls instead of pushing
    the dialog (and its buttons) past the bottom; it never scrolls sideways."""
    area = QScrollArea(pane.parentWidget())
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setMinimumWidth(pane.minimumSizeHint().width())
    area.setWidget(pane)
    return area
