"""The pack's TrueType fonts read with whole-table reads: the same face reportlab reads, sooner.

reportlab's ``TTFontFile.extractInfo`` reads the character map, the glyph widths
and the glyph locations two bytes at a time, some 20,000 reads for each DejaVu
Sans face (about 10 ms each, every time a process makes its first pack). Here
the font's header tables are read by reportlab as before (``charInfo=0``), and
the three per-glyph tables in one ``struct`` call each, building the same
dictionaries and lists in the same order with ``dict(zip(...))`` and ``map``
rather than a Python loop a glyph. The glyphs' metrics and locations, which only
subsetting reads (a few hundred glyphs of some 6,000, as the PDF is written), are
read from the file as it asks (:class:`_GlyphMetrics`, :class:`_GlyphLocations`).
A character map in a format other than 12 (the bundled fonts') is left to
reportlab's own reading. ``tests/io/test_pack_fonts.py`` compares every attribute
of both readings of each bundled font.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from fnmatch import fnmatch
from functools import cached_property
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
        pack draws (a seventh of drawing the tables). Printable ASCII is its own codes
        (reportlab gives each such character of the face its own code at the start), so
        such text is its codes as they stand; other text whose characters all have codes
        in the first subset already is looked up in one pass. Anything else (a character
        seen for the first time, a second subset, one the font lacks) goes to reportlab,
        which assigns codes as before.
        """
        state = self.state.get(doc)
        if state is not None and isinstance(text, str):
            if (
                text.isascii()
                and text.isprintable()  # U+0020-U+007E: most strings the pack draws
                and self._asciiReadable
                and _holds_ascii(self.face)
            ):
                return [(0, text.encode("ascii"))] if text else []
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


#: Whether a face has a glyph for every printable ASCII character, each face asked once.
_ascii_faces: WeakKeyDictionary[TTFontFace, bool] = WeakKeyDictionary()


def _holds_ascii(face: TTFontFace) -> bool:
    """Whether reportlab gave every printable ASCII character its own code at the start (it
    gives one to each character the face has: the symbol font's subset has few letters)."""
    holds = _ascii_faces.get(face)
    if holds is None:
        holds = _ascii_faces[face] = all(code in face.charToGlyph for code in range(0x20, 0x7F))
    return holds


class _PackFace(TTFontFace):  # type: ignore[misc]
    def extractInfo(self, charInfo: int = 1) -> None:
        super().extractInfo(0)  # names, head, OS/2, post, hhea, maxp: a few dozen reads
        if charInfo and not _read_glyph_tables(self, self._ttf_data):
            super().extractInfo(charInfo)

    @cached_property
    def glyphToChar(self) -> dict[int, list[int]]:
        """Each glyph's characters, made on first use: only shaping (Arabic, Hebrew) asks, and
        a list a glyph is a quarter of reading a face. (reportlab's own reading, for another
        character map's format, sets the attribute itself.)"""
        pairs = _char_glyphs(self, self._ttf_data)
        if pairs is None:
            raise TTFError("the character map was read by reportlab, which sets glyphToChar")
        return _glyph_chars(*pairs)


def _read_glyph_tables(face: Any, data: bytes) -> bool:
    """Fill in the character map, widths and glyph locations; False for a cmap format not read
    here (reportlab then reads the font again, all of it).

    Each table is built by one comprehension or ``dict(zip(...))``, in reportlab's order:
    a Python loop a character (some 6,000 a face) cost 3-4 ms a face.
    """
    head = face.get_table_pos("head")[0]
    index_to_loc, glyph_data_format = unpack_from(">HH", data, head + 50)
    if glyph_data_format != 0:
        raise TTFError(f"Unknown glyph data format ({glyph_data_format})")
    pairs = _char_glyphs(face, data)
    if pairs is None:
        return False
    chars, glyphs = pairs
    char_to_glyph = dict(zip(chars, glyphs, strict=True))
    face.charToGlyph = char_to_glyph
    _read_widths(face, data, chars, glyphs)
    _read_locations(face, data, index_to_loc)
    widths = face.charWidths
    if 0x20 in char_to_glyph:
        char_to_glyph[0xA0] = char_to_glyph[0x20]
        widths[0xA0] = widths[0x20]
    elif 0xA0 in char_to_glyph:
        char_to_glyph[0x20] = char_to_glyph[0xA0]
        widths[0x20] = widths[0xA0]
    return True


def _glyph_chars(chars: list[int], glyphs: list[int]) -> dict[int, list[int]]:
    """Each glyph's characters, the glyphs in the order first met (as reportlab's setdefault)."""
    glyph_to_char = dict(zip(glyphs, map(list, zip(chars)), strict=True))
    if len(glyph_to_char) < len(chars):  # a glyph drawing several characters
        for glyph in glyph_to_char:
            glyph_to_char[glyph] = []
        for char, glyph in zip(chars, glyphs, strict=True):
            glyph_to_char[glyph].append(char)
    return glyph_to_char


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


def _char_glyphs(face: Any, data: bytes) -> tuple[list[int], list[int]] | None:
    """The characters and their glyphs in the order reportlab lists them, for a cmap of format
    12 (groups of consecutive characters and glyphs: the bundled fonts' format); None for any
    other."""
    start = _cmap_subtable(face, data)
    if unpack_from(">H", data, start)[0] != 12:
        return None
    (groups,) = unpack_from(">L", data, start + 12)
    table = unpack_from(f">{3 * groups}L", data, start + 16)
    firsts, lasts, glyphs = table[::3], table[1::3], table[2::3]
    chars = list(chain.from_iterable(map(range, firsts, [last + 1 for last in lasts])))
    glyph_ids = list(
        chain.from_iterable(
            range(glyph, glyph + last - first + 1)
            for first, last, glyph in zip(firsts, lasts, glyphs, strict=True)
        )
    )
    return chars, glyph_ids


def _read_widths(face: Any, data: bytes, chars: list[int], glyphs: list[int]) -> None:
    """``charWidths`` as reportlab builds it, in its order: by glyph, each glyph's characters as
    the map lists them, glyphs beyond the font left out; ``hmetrics`` read as they are asked for.
    Glyphs after the last full metric take its advance (reportlab's rule)."""
    scale: Callable[[float], float] = face._pdfScale
    (metrics,) = unpack_from(">H", data, face.get_table_pos("hhea")[0] + 34)
    if metrics == 0:
        raise TTFError("Number of horizontal metrics is 0")
    hmtx = face.get_table_pos("hmtx")[0]
    full = unpack_from(f">{2 * metrics}H", data, hmtx)
    beyond = max(face.numGlyphs - metrics, 0)  # glyphs with a bearing only, after the pairs
    # reportlab scales each advance by a lambda: x * (1000 / unitsPerEm), or x itself.
    factor = scale(1)
    advances = [raw * factor for raw in full[::2]]
    face.defaultWidth, last = advances[0], advances[-1]
    advances += [last] * beyond
    order = sorted(range(len(glyphs)), key=glyphs.__getitem__)  # stable: map order kept
    if glyphs and max(glyphs) >= len(advances):
        order = [index for index in order if glyphs[index] < len(advances)]
    face.hmetrics = _GlyphMetrics(data, hmtx, metrics, beyond, last)
    face.charWidths = dict(
        zip(
            map(chars.__getitem__, order),
            map(advances.__getitem__, map(glyphs.__getitem__, order)),
            strict=True,
        )
    )


def _read_locations(face: Any, data: bytes, index_to_loc: int) -> None:
    if "loca" not in face.table:
        raise TTFError("missing location table")
    if index_to_loc not in (0, 1):
        raise TTFError(f"Unknown location table format ({index_to_loc})")
    face.glyphPos = _GlyphLocations(
        data, face.get_table_pos("loca")[0], face.numGlyphs + 1, long=index_to_loc == 1
    )


class _GlyphMetrics(Sequence[tuple[float, int]]):
    """``hmetrics`` as reportlab lists them, each glyph's (advance, left side bearing) read from
    the ``hmtx`` table when asked for: the glyphs past the last full pair take its advance,
    already scaled (reportlab's quirk, kept)."""

    def __init__(self, data: bytes, start: int, pairs: int, beyond: int, last: float) -> None:
        self._data, self._start, self._pairs, self._last = data, start, pairs, last
        self._length = pairs + beyond

    def __len__(self) -> int:
        return self._length

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return [self[number] for number in range(*index.indices(self._length))]
        number = _index(index, self._length)
        if number < self._pairs:
            return unpack_from(">HH", self._data, self._start + 4 * number)
        at = self._start + 4 * self._pairs + 2 * (number - self._pairs)
        return (self._last, unpack_from(">H", self._data, at)[0])


class _GlyphLocations(Sequence[int]):
    """``glyphPos`` as reportlab lists it, each glyph's offset in ``glyf`` read from the ``loca``
    table when asked for (short offsets are stored halved)."""

    def __init__(self, data: bytes, start: int, count: int, *, long: bool) -> None:
        self._data, self._start, self._count, self._long = data, start, count, long

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return [self[number] for number in range(*index.indices(self._count))]
        number = _index(index, self._count)
        if self._long:
            offset: int = unpack_from(">L", self._data, self._start + 4 * number)[0]
            return offset
        return unpack_from(">H", self._data, self._start + 2 * number)[0] << 1


def _index(index: int, length: int) -> int:
    """A list's index rules: from the end when negative, IndexError when out of range."""
    if 0 <= index < length:
        return index
    if -length <= index < 0:
        return index + length
    raise IndexError("glyph index out of range")
