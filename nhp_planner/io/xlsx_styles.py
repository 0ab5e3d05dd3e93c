"""The tracker's look: colours, fonts and the workbook's named cell styles."""

from __future__ import annotations

from typing import Any

from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side

from nhp_planner.model.rag import Rag

#: The colours forces' own trackers use, so the export looks like theirs (and the importer,
#: which reads a RAG from a cell's fill when the word is missing, recognises them).
RAG_COLOUR = {Rag.GREEN: "00B050", Rag.AMBER: "FFC000", Rag.RED: "FF0000"}
HEADER_COLOUR = "D9D9D9"
OBJECTIVE_COLOUR = "1F4E78"
BAND_COLOUR = "DDEBF7"
GRID_COLOUR = "A6A6A6"
MUTED_COLOUR = "595959"
OVERDUE_COLOUR = "C00000"
WHITE = "FFFFFF"

#: Calibri 11, Excel's own default: the font of the "Normal" style sets the unit of every column
#: width, so text in the same font fills a column the same way wherever it is opened, even where
#: another font stands in for Calibri (LibreOffice without Carlito uses DejaVu Sans).
FONT_NAME = "Calibri"
FONT_SIZE = 11
#: Points per line of 11 pt Calibri, as Excel spaces them (its default row height).
LINE_HEIGHT = 15.0
#: Excel refuses taller rows.
MAX_ROW_HEIGHT = 409.0
#: Number format "Text": what someone types into the tracker stays as typed (no 31/03/2025
#: turning into a date serial, no leading zeros or "+44" lost).
TEXT_FORMAT = "@"

_THIN = Side(style="thin", color=GRID_COLOUR)
_GRID = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_TOP = Alignment(vertical="top", wrap_text=True)
_TOP_CENTRE = Alignment(horizontal="center", vertical="top", wrap_text=True)
_MIDDLE_CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _font(
    *, bold: bool = False, italic: bool = False, size: float = FONT_SIZE, color: str = "000000"
) -> Font:
    return Font(name=FONT_NAME, size=size, bold=bold, italic=italic, color=color)


def _fill(colour: str) -> PatternFill:
    return PatternFill(fill_type="solid", start_color=colour, end_color=colour)


def rag_fill(rag: Rag) -> PatternFill:
    """The fill of a RAG cell; not rated cells stay white."""
    return _fill(RAG_COLOUR.get(rag, WHITE))


def rag_font(rag: Rag) -> Font:
    """Bold black on the RAG colours; "Not rated" in grey italics, as a gap to fill in."""
    if rag is Rag.NOT_RATED:
        return _font(italic=True, color=MUTED_COLOUR)
    return _font(bold=True)


class TrackerStyles:
    """The named cell styles of one workbook, as style arrays ready to give new cells.

    Named styles (rather than fonts and fills set cell by cell) make each
    style once, so writing a row costs a copy; they also show in Excel's
    style gallery, for whoever adds a row by hand.
    """

    def __init__(self, workbook: Any) -> None:
        self._workbook = workbook
        self.title = self._add(
            "Tracker title",
            _font(bold=True, size=14, color=OBJECTIVE_COLOUR),
            alignment=Alignment(vertical="center", wrap_text=True),
        )
        self.subtitle = self._add("Tracker subtitle", _font(italic=True, color=MUTED_COLOUR))
        self.heading = self._add(
            "Tracker heading", _font(bold=True, size=13, color=OBJECTIVE_COLOUR)
        )
        self.note = self._add("Tracker note", _font(color=MUTED_COLOUR), alignment=_TOP)
        self.header = self._add(
            "Tracker header",
            _font(bold=True),
            fill=_fill(HEADER_COLOUR),
            border=_GRID,
            alignment=_MIDDLE_CENTRE,
        )
        self.objective = self._add(
            "Tracker objective",
            _font(bold=True, size=12, color=WHITE),
            fill=_fill(OBJECTIVE_COLOUR),
            border=_GRID,
            alignment=Alignment(vertical="center", wrap_text=True),
        )
        self.text = self._add("Tracker text", _font(), border=_GRID, alignment=_TOP, text=True)
        self.ref = self._add(
            "Tracker ref", _font(bold=True), border=_GRID, alignment=_TOP_CENTRE, text=True
        )
        self.centre = self._add(
            "Tracker centred", _font(), border=_GRID, alignment=_TOP_CENTRE, text=True
        )
        self.overdue = self._add(
            "Tracker overdue date",
            _font(bold=True, color=OVERDUE_COLOUR),
            border=_GRID,
            alignment=_TOP_CENTRE,
            text=True,
        )
        self.rag = {
            rag: self._add(
                f"Tracker RAG {rag.label}",
                rag_font(rag),
                fill=rag_fill(rag),
                border=_GRID,
                alignment=_TOP_CENTRE,
                text=True,
            )
            for rag in Rag
        }
        self.key_rag = {
            rag: self._add(
                f"Tracker key {rag.label}",
                rag_font(rag),
                fill=rag_fill(rag),
                border=_GRID,
                alignment=_MIDDLE_CENTRE,
            )
            for rag in Rag
        }
        self.key_text = self._add(
            "Tracker key text", _font(), alignment=Alignment(vertical="center")
        )
        self.label = self._add("Tracker label", _font(bold=True), border=_GRID, alignment=_TOP)
        self.number = self._add(
            "Tracker number",
            _font(),
            border=_GRID,
            alignment=Alignment(horizontal="center", vertical="top"),
        )
        self.total_label = self._add(
            "Tracker total label",
            _font(bold=True),
            fill=_fill(BAND_COLOUR),
            border=_GRID,
            alignment=_TOP,
        )
        self.total_number = self._add(
            "Tracker total",
            _font(bold=True),
            fill=_fill(BAND_COLOUR),
            border=_GRID,
            alignment=Alignment(horizontal="center", vertical="top"),
        )
        self.share = self._add(
            "Tracker share",
            _font(italic=True, color=MUTED_COLOUR),
            border=_GRID,
            alignment=Alignment(horizontal="center", vertical="top"),
            number_format="0%",
        )

    def _add(
        self,
        name: str,
        font: Font,
        *,
        fill: PatternFill | None = None,
        border: Border | None = None,
        alignment: Alignment | None = None,
        text: bool = False,
        number_format: str = "General",
    ) -> Any:
        style = NamedStyle(
            name=name,
            font=font,
            fill=fill or PatternFill(),
            border=border or Border(),
            alignment=alignment or Alignment(),
            number_format=TEXT_FORMAT if text else number_format,
        )
        self._workbook.add_named_style(style)
        return style.as_tuple()
