"""Toolbar and menu icons: line drawings in resources/icons, drawn in the palette's text colour."""

from __future__ import annotations

import functools

from PySide6.QtGui import QIcon, QPalette, QPixmap

from nhp_planner.paths import ICONS

_SIZES = (16, 24, 32, 48)


@functools.cache
def _svg(name: str) -> str:
    return (ICONS / f"{name}.svg").read_text(encoding="utf-8")


def icon(name: str, palette: QPalette) -> QIcon:
    """The icon ``name`` (a file in resources/icons) coloured for ``palette``, light or dark.

    The drawings say ``currentColor``; Qt's SVG reader has no current colour, so
    the palette's own colours are written in before the picture is drawn.
    """
    result = QIcon()
    modes = (
        (
            QIcon.Mode.Normal,
            palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.ButtonText),
        ),
        (
            QIcon.Mode.Disabled,
            palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText),
        ),
    )
    for mode, colour in modes:
        drawing = _svg(name).replace("currentColor", colour.name())
        for size in _SIZES:
            sized = drawing.replace('width="24" height="24"', f'width="{size}" height="{size}"')
            pixmap = QPixmap()
            pixmap.loadFromData(sized.encode("utf-8"), "SVG")
            result.addPixmap(pixmap, mode)
    return result
