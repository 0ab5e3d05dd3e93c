"""Toolbar and menu icons: line drawings in resources/icons, drawn in the palette's text colour."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtGui import QIcon, QPalette
from PySide6.QtWidgets import QApplication, QStyle

from nhp_planner.paths import resource


def icon(name: str, palette: QPalette) -> QIcon:
    """The icon ``name`` (a file in resources/icons) coloured for ``palette``, light or dark.

    The drawings say ``currentColor``, which Qt's SVG reader does not know; a copy
    with the palette's colour written in is kept in the cache folder, and Qt draws
    it at each size only when that size is first shown (quicker to start).
    """
    colour = palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.ButtonText).name()
    cache = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.CacheLocation)
    coloured = Path(cache) / "icons" / colour.lstrip("#") / f"{name}.svg"
    if not coloured.exists():
        drawing = resource("icons", f"{name}.svg").read_text(encoding="utf-8")
        coloured.parent.mkdir(parents=True, exist_ok=True)
        coloured.write_text(drawing.replace("currentColor", colour), encoding="utf-8")
    return QIcon(str(coloured))


def warning_icon() -> QIcon:
    """The style's warning sign, drawn when asked for: the first costs some 12 ms under X11.

    So it is asked for only where one is shown (an overdue date, a merge conflict),
    not while the window is built (issue 22).
    """
    return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
