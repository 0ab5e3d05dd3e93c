"""The board pack's fonts: the symbol font is read only for text that needs it, and then prints.

Each case runs in a fresh interpreter, so what an earlier test registered cannot hide
what a first pack does.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pypdf
import pytest

REPO = Path(__file__).resolve().parents[2]

_BUILD = """
import datetime as dt, sys
from reportlab.pdfbase import pdfmetrics
from nhp_planner.io.board_pack import build_board_pack
from nhp_planner.model.entities import Deliverable, Objective, Plan, PlanSnapshot
from nhp_planner.model.periods import ReportingPeriod
from nhp_planner.model.rag import Rag

commitment = sys.argv[2]
snapshot = PlanSnapshot(
    Plan(title="Fonts"),
    ReportingPeriod(2024, 1),
    (Objective(1, "Café & community"),),
    (Deliverable("1.1", 1, commitment, "Summary – as typed", Rag.GREEN, "31/03/2024"),),
)
build_board_pack(snapshot, sys.argv[1], as_at=dt.date(2024, 2, 1))
print(",".join(sorted(pdfmetrics.getRegisteredFontNames())))
"""


def _first_pack(tmp_path: Path, commitment: str) -> tuple[set[str], str, set[str]]:
    """Build a pack in a fresh process: the fonts it registered, its text, the fonts it embeds."""
    out = tmp_path / "pack.pdf"
    result = subprocess.run(
        [sys.executable, "-c", _BUILD, str(out), commitment],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
    )
    registered = set(result.stdout.strip().split(","))
    reader = pypdf.PdfReader(out)
    text = " ".join(page.extract_text() for page in reader.pages)
    embedded = {
        str(font.get_object()["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    return registered, text, embedded


def test_a_pack_without_symbols_never_reads_the_symbol_font(tmp_path: Path) -> None:
    registered, text, embedded = _first_pack(tmp_path, "Ward panels – quarterly, café hours")
    assert {"NHPSans", "NHPSans-Bold"} <= registered
    assert "NHPSymbols" not in registered
    assert "Ward panels – quarterly, café hours" in text
    assert not any("Symbola" in name for name in embedded)


def test_the_first_pack_with_emoji_reads_the_symbol_font_and_prints_them(tmp_path: Path) -> None:
    registered, text, embedded = _first_pack(tmp_path, "Patrols 🚓 done ✅")
    assert {"NHPSans", "NHPSans-Bold", "NHPSymbols"} <= registered
    assert "🚓" in text and "✅" in text
    assert any("Symbola" in name for name in embedded)


def _readings(path: Path) -> tuple[dict[str, object], dict[str, object]]:
    """Every attribute of the font and its face as reportlab reads them, and as the pack does."""
    from reportlab.pdfbase.ttfonts import TTFont

    from nhp_planner.io.board_pack.font_face import PackFont

    def attributes(font: TTFont) -> dict[str, object]:
        font.face.glyphToChar  # noqa: B018 (the pack's face reads it on first use)
        found = {k: v for k, v in vars(font).items() if k not in ("face", "state", "encoding")}
        found["encoding"] = vars(font.encoding)
        found["state"] = dict(font.state)
        # The parser's cursor is where its last read ended; every read seeks first.
        found |= {f"face.{k}": v for k, v in vars(font.face).items() if k not in ("_pos",)}
        # The pack's face reads each glyph's metrics and location as subsetting asks for them:
        # compared glyph by glyph, as lists.
        found |= {k: list(found[k]) for k in ("face.hmetrics", "face.glyphPos")}
        # _pdfScale is a lambda made per reading: compared by what it gives.
        found["face._pdfScale"] = [font.face._pdfScale(x) for x in (1, 777, 2048)]
        # Dictionaries compared in their order too (the first character of a glyph is used).
        found |= {f"{k} (order)": list(v) for k, v in list(found.items()) if isinstance(v, dict)}
        return found

    return attributes(TTFont("Probe", str(path))), attributes(PackFont("Probe", str(path)))


@pytest.mark.parametrize("name", ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "Symbola-symbols.ttf"])
def test_the_pack_reads_each_bundled_font_as_reportlab_does(name: str) -> None:
    from nhp_planner.paths import resource

    theirs, ours = _readings(resource("fonts", name))
    assert theirs.keys() == ours.keys()
    for key in theirs:
        assert ours[key] == theirs[key], key
    assert len(theirs["face.charToGlyph"]) > 2_000  # type: ignore[arg-type]


def test_a_font_whose_character_map_is_in_another_format_is_read_by_reportlab(
    tmp_path: Path,
) -> None:
    """Symbola with its format 12 subtable hidden: reportlab then picks a format 4 one, which
    the pack's reading leaves to reportlab."""
    from struct import pack, unpack_from

    from reportlab.pdfbase.ttfonts import TTFontFile

    from nhp_planner.paths import resource

    data = bytearray(resource("fonts", "Symbola-symbols.ttf").read_bytes())
    cmap = TTFontFile(str(resource("fonts", "Symbola-symbols.ttf")), charInfo=0).table["cmap"]
    count = unpack_from(">H", data, cmap["offset"] + 2)[0]
    formats = [
        unpack_from(">H", data, cmap["offset"] + unpack_from(">L", data, at + 4)[0])[0]
        for at in range(cmap["offset"] + 4, cmap["offset"] + 4 + 8 * count, 8)
    ]
    assert formats[-1] == 12 and 4 in formats[:-1]
    data[cmap["offset"] + 2 : cmap["offset"] + 4] = pack(">H", count - 1)
    font = tmp_path / "format-4.ttf"
    font.write_bytes(bytes(data))
    theirs, ours = _readings(font)
    assert ours == theirs


def test_the_pack_splits_strings_into_subsets_as_reportlab_does(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Runs of (subset, codes) and the codes assigned, call by call, for text of every kind:
    ASCII, accents, a no-break space, characters the font lacks, beyond a first subset."""
    from reportlab.pdfbase.ttfonts import TTFont

    from nhp_planner.io.board_pack.font_face import PackFont
    from nhp_planner.paths import resource

    path = str(resource("fonts", "DejaVuSans.ttf"))
    theirs, ours = TTFont("Probe", path), PackFont("Probe", path)
    left_to_reportlab: list[object] = []
    split = TTFont.splitString

    def counted(self: TTFont, text: object, doc: object, encoding: str = "utf-8") -> object:
        if self is ours:
            left_to_reportlab.append(text)
        return split(self, text, doc, encoding)

    monkeypatch.setattr(TTFont, "splitString", counted)

    class Document:  # what the font keys its subsets by (reportlab's PDF document)
        pass

    their_doc, our_doc = Document(), Document()
    cyrillic = "".join(chr(c) for c in range(0x400, 0x4FF))  # more than a subset holds
    texts = [
        "",
        "Ward panels",
        "Ward panels held\u00a0quarterly",
        "Café – naïve “quotes”",
        "Ward panels held quarterly",
        "Emoji 🚓 and CJK 警察 the font lacks",
        cyrillic,
        "Back to ASCII, then café again",
        cyrillic[::-1] + " mixed é",
        b"bytes too",
    ]
    for text in texts:
        assert ours.splitString(text, our_doc) == theirs.splitString(text, their_doc), text
        mine, reportlabs = ours.state[our_doc], theirs.state[their_doc]
        assert mine.assignments == reportlabs.assignments
        assert mine.subsets == reportlabs.subsets
        assert mine.nextCode == reportlabs.nextCode
    assert len(theirs.state[their_doc].subsets) > 1
    # Read in one pass: what has only ASCII or characters already given codes in the first subset.
    assert "Ward panels held quarterly" not in left_to_reportlab
    assert "Back to ASCII, then café again" not in left_to_reportlab
    assert "Café – naïve “quotes”" in left_to_reportlab


def test_ascii_in_a_font_lacking_letters_is_split_as_reportlab_does() -> None:
    """The symbol font's subset has few ASCII letters: reportlab gave the rest no code of their
    own, so ASCII text there is not its own codes (the letters it lacks print as notdef)."""
    from reportlab.pdfbase.ttfonts import TTFont

    from nhp_planner.io.board_pack.font_face import PackFont
    from nhp_planner.paths import resource

    path = str(resource("fonts", "Symbola-symbols.ttf"))
    theirs, ours = TTFont("Probe", path), PackFont("Probe", path)
    lacking = [code for code in range(0x20, 0x7F) if code not in ours.face.charToGlyph]
    assert lacking  # else this test tests nothing

    class Document:
        pass

    their_doc, our_doc = Document(), Document()
    for text in ("🚓", "Ward panels 🚓", "Ward panels", "  "):
        assert ours.splitString(text, our_doc) == theirs.splitString(text, their_doc), text
        assert ours.state[our_doc].assignments == theirs.state[their_doc].assignments


@pytest.mark.parametrize("name", ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "Symbola-symbols.ttf"])
def test_the_pack_subsets_each_bundled_font_as_reportlab_does(name: str) -> None:
    """The font file a PDF embeds, made from the glyph metrics and locations the pack's face
    reads as subsetting asks for them: a spread of the map's characters, its first and last,
    and accented letters (composite glyphs, whose parts subsetting adds)."""
    from reportlab.pdfbase.ttfonts import TTFont

    from nhp_planner.io.board_pack.font_face import PackFont
    from nhp_planner.paths import resource

    path = str(resource("fonts", name))
    theirs, ours = TTFont("Probe", path), PackFont("Probe", path)
    chars = sorted(theirs.face.charToGlyph)
    accented = [ord(c) for c in "éñüçŵ" if ord(c) in theirs.face.charToGlyph]
    subset = list(dict.fromkeys([0x20, *accented, *chars[:: len(chars) // 200], chars[-1]]))
    assert len(subset) > 150
    assert ours.face.makeSubset(subset) == theirs.face.makeSubset(subset)
