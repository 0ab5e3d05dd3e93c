"""The board pack's fonts: the symbol font is read only for text that needs it, and then prints.

Each case runs in a fresh interpreter, so what an earlier test registered cannot hide
what a first pack does.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pypdf

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
