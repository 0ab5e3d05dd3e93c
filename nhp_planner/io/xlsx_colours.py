"""Cell fill colours in a workbook: which RAG a fill means, and whether a cell is shaded at all.

Trackers colour the RAG cell by hand, often with no word in it, and in any
shade: the standard green ``00B050``, Excel's pale "Good" ``C6EFCE``, a theme
accent lightened by a tint, an old palette index. A shade is judged by its hue,
so every green is GREEN; greys, blues and near-whites (header fills) are not RAGs.
"""

from __future__ import annotations

import colorsys
import functools
from typing import Any

from defusedxml.ElementTree import fromstring
from openpyxl.styles.colors import COLOR_INDEX

from nhp_planner.model.rag import Rag

_DRAWING_NS = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
#: Fill colours refer to theme colours by index, light and dark swapped from the theme's order.
_THEME_ORDER = (
    "lt1", "dk1", "lt2", "dk2", "accent1", "accent2", "accent3",
    "accent4", "accent5", "accent6", "hlink", "folHlink",
)  # fmt: skip
#: The Office theme's colours, for workbooks that carry no theme.
_OFFICE_THEME = (
    "FFFFFF", "000000", "E7E6E6", "44546A", "4472C4", "ED7D31",
    "A5A5A5", "FFC000", "5B9BD5", "70AD47", "0563C1", "954F72",
)  # fmt: skip
_WHITE_LIGHTNESS = 0.95
_BLACK_LIGHTNESS = 0.12
_GREY_SATURATION = 0.25


# A workbook's thousands of RAG cells share a handful of colours: each is judged once.
@functools.lru_cache(maxsize=1024)
def rag_of_colour(rgb: str) -> Rag | None:
    """The RAG a colour ("FF00B050", "C6EFCE") stands for, or None for greys, blues, whites.

    >>> rag_of_colour("FF00B050"), rag_of_colour("FFC000"), rag_of_colour("D9D9D9")
    (<Rag.GREEN: 'GREEN'>, <Rag.AMBER: 'AMBER'>, None)
    """
    hue, lightness, saturation = _hls(rgb)
    if saturation < _GREY_SATURATION or not _BLACK_LIGHTNESS < lightness < _WHITE_LIGHTNESS:
        return None
    degrees = hue * 360
    if degrees < 15 or degrees >= 330:  # reds, and the pinks of Excel's pale "Bad" style
        return Rag.RED
    if degrees < 70:  # oranges, ambers and the yellows many trackers use for amber
        return Rag.AMBER
    if degrees < 170:
        return Rag.GREEN
    return None


@functools.lru_cache(maxsize=1024)
def is_shaded(rgb: str) -> bool:
    """Whether a colour is a visible shade rather than white (objective rows are shaded)."""
    return _hls(rgb)[1] < _WHITE_LIGHTNESS


def _hls(rgb: str) -> tuple[float, float, float]:
    value = rgb[-6:]
    red, green, blue = (int(value[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return colorsys.rgb_to_hls(red, green, blue)


class FillColours:
    """Reads the colour of openpyxl fills, resolving theme and palette colours.

    Workbooks share a few fill objects among all their cells, so each fill is
    judged once and remembered.
    """

    def __init__(self, theme_xml: bytes | None) -> None:
        self._theme = _theme_colours(theme_xml)
        self._seen: dict[int, str | None] = {}

    def colour(self, fill: Any) -> str | None:
        """The fill's colour as "RRGGBB", or None when the cell is not filled."""
        if fill is None:
            return None
        key = id(fill)
        if key not in self._seen:
            self._seen[key] = self._colour(fill)
        return self._seen[key]

    def rag(self, fill: Any) -> Rag | None:
        colour = self.colour(fill)
        return rag_of_colour(colour) if colour else None

    def shaded(self, fill: Any) -> bool:
        colour = self.colour(fill)
        return colour is not None and is_shaded(colour)

    def ink(self, font: Any) -> Rag | None:
        """The RAG a font's colour shows ("●" in green), if any."""
        colour = getattr(font, "color", None)
        if colour is None:
            return None
        key = id(colour)
        if key not in self._seen:
            self._seen[key] = self._resolved(colour)
        rgb = self._seen[key]
        return rag_of_colour(rgb) if rgb else None

    def _colour(self, fill: Any) -> str | None:
        pattern = getattr(fill, "patternType", None)
        if pattern in (None, "none"):
            return None
        return self._resolved(fill.fgColor)

    def _resolved(self, colour: Any) -> str | None:
        """An openpyxl colour (RGB, theme and tint, or palette) as "RRGGBB", if it has one."""
        kind = getattr(colour, "type", None)
        if kind == "rgb" and isinstance(colour.rgb, str) and len(colour.rgb) >= 6:
            return str(colour.rgb[-6:]).upper()
        if kind == "theme" and isinstance(colour.theme, int):
            if not 0 <= colour.theme < len(self._theme):
                return None
            return _tinted(self._theme[colour.theme], float(colour.tint or 0.0))
        indexed = colour.indexed if kind == "indexed" else None
        if isinstance(indexed, int) and 0 <= indexed < len(COLOR_INDEX):
            return str(COLOR_INDEX[indexed][-6:]).upper()
        return None


def _theme_colours(theme_xml: bytes | None) -> tuple[str, ...]:
    """The twelve theme colours in fill-index order; the Office theme when there is none."""
    if not theme_xml:
        return _OFFICE_THEME
    # defusedxml, like openpyxl's own parsing: the theme is part of an untrusted file.
    root = fromstring(theme_xml)
    scheme = root.find(f".//{_DRAWING_NS}clrScheme")
    if scheme is None:
        return _OFFICE_THEME
    colours = []
    for name, default in zip(_THEME_ORDER, _OFFICE_THEME, strict=True):
        element = scheme.find(f"{_DRAWING_NS}{name}")
        value = None
        if element is not None:
            srgb = element.find(f"{_DRAWING_NS}srgbClr")
            system = element.find(f"{_DRAWING_NS}sysClr")
            if srgb is not None:
                value = srgb.get("val")
            elif system is not None:
                value = system.get("lastClr")
        colours.append(value.upper() if value and len(value) == 6 else default)
    return tuple(colours)


def _tinted(rgb: str, tint: float) -> str:
    """A theme colour lightened (tint > 0) or darkened (tint < 0) as Excel does it."""
    if not tint:
        return rgb
    hue, lightness, saturation = _hls(rgb)
    lightness = lightness * (1 + tint) if tint < 0 else lightness * (1 - tint) + tint
    red, green, blue = colorsys.hls_to_rgb(hue, lightness, saturation)
    return "".join(f"{round(part * 255):02X}" for part in (red, green, blue))
