"""The pack's TrueType fonts read with whole-table reads: the same face reportlab reads, sooner.

reportlab's ``TTFontFile.extractInfo`` reads the character map, the glyph widths
and the glyph locations two bytes at a time, some 20,000 reads for each DejaVu
Sans face (about 10 ms each, every time a process makes its first pack). Here
the font's header tables are read by reportlab as before (``charInfo=0``), and
the three per-glyph tables in one ``struct`` call each, building the same
dictionaries and lists in the same order. A character map in a format other
than 12 (the bundled fonts') is left to reportlab's own reading. ``tests/io/test_pack_fonts.py``
compares every attribute of both readings of each bundled font.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from fnmatch import fnmatch
from itertools import chain
from struct import unpack_from
from typing import Any
from weakref import WeakKeyDictionary

from reportlab import rl_config
from reportlab.pdfbase.ttfonts import (
    TTEncoding,
    TTFError,
    TTFont,
    TTFontFace,
    unShapedFontGlob,
)


class PackFont(TTFont):  # type: ignore[misc]
    """A ``TTFont`` whose face is read by :class:`_PackFace`; the rest as ``TTFont.__init__``
    sets it (the test compares the two objects attribute by attribute)."""

    def __init__(self, name: str, filename: str) -> None:
        self.fontName = name
        self.face = _PackFace(filename)
        self.encoding = TTEncoding()
        self.state: WeakKeyDictionary[Any, Any] = WeakKeyDictionary()
        self._asciiReadable = rl_config.ttfAsciiReadable
        self.shapable = not any(fnmatch(name, pattern) for pattern in unShapedFontGlob)

    def splitString(self, text: str | bytes, doc: Any, encoding: str = "utf-8") -> list[Any]:
        """The text as runs of (subset, codes), as reportlab's ``splitString`` gives them.

        reportlab looks each character up in a Python loop, for every string the
        pack draws (a seventh of drawing the tables). When every character already
        has its code in the first subset (ASCII always does: reportlab assigns it
        at the start), the run is the codes looked up in one pass. Anything else
        (a character seen for the first time, a second subset, one the font lacks)
        goes to reportlab, which assigns codes as before.
        """
        state = self.state.get(doc)
        if state is not None and isinstance(text, str):
            assignments = state.assignments
            try:
                # reportlab draws a no-break space as a space.
                codes = bytes(map(assignments.__getitem__, map(ord, text.replace("\xa0", " "))))
            except (KeyError, ValueError):  # not assigned yet, or beyond the first subset
                pass
            else:
                return [(0, codes)] if codes else []
        results: list[Any] = super().splitString(text, doc, encoding)
        return results


class _PackFace(TTFontFace):  # type: ignore[misc]
    def extractInfo(self, charInfo: int = 1) -> None:
        super().extractInfo(0)  # names, head, OS/2, post, hhea, maxp: a few dozen reads
        if charInfo and not _read_glyph_tables(self):
            super().extractInfo(charInfo)


def _read_glyph_tables(face: Any) -> bool:
    """Fill in the character map, widths and glyph locations; False for a cmap format not read
    here (reportlab then reads the font again, all of it)."""
    data: bytes = face._ttf_data
    head = face.get_table_pos("head")[0]
    index_to_loc, glyph_data_format = unpack_from(">HH", data, head + 50)
    if glyph_data_format != 0:
        raise TTFError(f"Unknown glyph data format ({glyph_data_format})")
    pairs = _char_glyphs(face, data)
    if pairs is None:
        return False
    char_to_glyph: dict[int, int] = {}
    glyph_to_char: dict[int, list[int]] = {}
    for char, glyph in pairs:
        char_to_glyph[char] = glyph
        glyph_to_char.setdefault(glyph, []).append(char)
    face.charToGlyph, face.glyphToChar = char_to_glyph, glyph_to_char
    _read_widths(face, data, glyph_to_char)
    _read_locations(face, data, index_to_loc)
    widths = face.charWidths
    if 0x20 in char_to_glyph:
        char_to_glyph[0xA0] = char_to_glyph[0x20]
        widths[0xA0] = widths[0x20]
    elif 0xA0 in char_to_glyph:
        char_to_glyph[0x20] = char_to_glyph[0xA0]
        widths[0x20] = widths[0xA0]
    return True


def _cmap_subtable(face: Any, data: bytes) -> int:
    """The offset of the subtable reportlab picks: the last Unicode one (its rule, as it has it)."""
    cmap: int = face.get_table_pos("cmap")[0]
    version, count = unpack_from(">HH", data, cmap)
    if count == 0 and version != 0:
        count = version
    chosen: int | None = None
    kind = 0
    for number in range(count):
        platform, encoding, offset = unpack_from(">HHL", data, cmap + 4 + 8 * number)
        if platform == 3 or (platform == 1 and encoding == 1) or (platform == 0 and encoding != 5):
            chosen, kind = offset, 1
        elif platform == 1 and encoding == 0 and kind != 1:
            chosen, kind = offset, 2
    if chosen is None:
        raise TTFError("could not find a suitable cmap encoding")
    return cmap + chosen


def _char_glyphs(face: Any, data: bytes) -> Iterator[tuple[int, int]] | None:
    """(character, glyph) in the order reportlab lists them, for a cmap of format 12 (groups of
    consecutive characters and glyphs: the bundled fonts' format); None for any other.

    Lazily: a list of 6,000 pairs would be 6,000 objects more for the garbage collector.
    """
    start = _cmap_subtable(face, data)
    if unpack_from(">H", data, start)[0] != 12:
        return None
    (groups,) = unpack_from(">L", data, start + 12)
    table = unpack_from(f">{3 * groups}L", data, start + 16)
    return chain.from_iterable(
        zip(range(first, last + 1), range(glyph, glyph + last - first + 1), strict=True)
        for first, last, glyph in zip(table[::3], table[1::3], table[2::3], strict=True)
    )


def _read_widths(face: Any, data: bytes, glyph_to_char: dict[int, list[int]]) -> None:
    """``hmetrics`` and ``charWidths`` as reportlab builds them, its quirk kept: glyphs after the
    last full metric carry its advance already scaled."""
    scale: Callable[[float], float] = face._pdfScale
    (metrics,) = unpack_from(">H", data, face.get_table_pos("hhea")[0] + 34)
    if metrics == 0:
        raise TTFError("Number of horizontal metrics is 0")
    hmtx = face.get_table_pos("hmtx")[0]
    full = unpack_from(f">{2 * metrics}H", data, hmtx)
    glyphs = face.numGlyphs
    bearings = unpack_from(f">{max(glyphs - metrics, 0)}H", data, hmtx + 4 * metrics)
    hmetrics = list(zip(full[::2], full[1::2], strict=True))
    widths: dict[int, float] = {}
    advance: float = 0
    for glyph, (raw, _) in enumerate(hmetrics):
        advance = scale(raw)
        if glyph == 0:
            face.defaultWidth = advance
        for char in glyph_to_char.get(glyph, ()):
            widths[char] = advance
    for glyph in range(metrics, glyphs):
        hmetrics.append((advance, bearings[glyph - metrics]))
        for char in glyph_to_char.get(glyph, ()):
            widths[char] = advance
    face.hmetrics, face.charWidths = hmetrics, widths


def _read_locations(face: Any, data: bytes, index_to_loc: int) -> None:
    if "loca" not in face.table:
        raise TTFError("missing location table")
    loca, count = face.get_table_pos("loca")[0], face.numGlyphs + 1
    if index_to_loc == 0:
        face.glyphPos = [offset << 1 for offset in unpack_from(f">{count}H", data, loca)]
    elif index_to_loc == 1:
        face.glyphPos = list(unpack_from(f">{count}L", data, loca))
    else:
        raise TTFError(f"Unknown location table format ({index_to_loc})")
