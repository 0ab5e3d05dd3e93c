"""Step 3, table candidates: which sheets hold a table of deliverables, and which one is read.

Takes each sheet's first rows (:data:`SCAN_ROWS` of them: a title, the RAG key
and notes come first); gives a :class:`Candidate` for every sheet whose rows
hold a header, ranked so the best is read, and a warning naming each other
sheet that also holds deliverables.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from nhp_planner.io.reading import ImportWarning
from nhp_planner.io.tracker.headers import COMMITMENT, LOOKED_FOR, REF, HeaderMatch, find_header
from nhp_planner.io.tracker.refs import leading_ref
from nhp_planner.io.tracker.sheets import SheetRow, value_text
from nhp_planner.model.errors import ImportFormatError
from nhp_planner.model.periods import ReportingPeriod
from nhp_planner.model.refs import normalise_ref

#: How far down each sheet the header row is looked for (title, key and notes come first).
SCAN_ROWS = 100


@dataclass(frozen=True, slots=True)
class Candidate:
    """A sheet whose first rows hold a table header."""

    index: int
    name: str
    header: HeaderMatch
    has_refs: bool
    visible: bool
    active: bool

    @property
    def rank(self) -> tuple[bool, bool, int, ReportingPeriod, bool, int]:
        # A table with references beats one without, a visible sheet a hidden one, more
        # recognised columns fewer; then the latest month (monthly tabs), the sheet last
        # worked on, the first sheet.
        return (
            self.has_refs,
            self.visible,
            self.header.score,
            self.header.period or ReportingPeriod(1900, 1),
            self.active,
            -self.index,
        )


def table_header(rows: Sequence[SheetRow]) -> tuple[HeaderMatch, bool] | None:
    """The header among a sheet's first rows, and whether references follow it."""
    texts = [(row.number, [value_text(v) for v in row.values]) for row in rows]
    header = find_header(texts)
    if header is None:
        return None
    below = [t for number, t in texts if number > header.last_row]
    ref, commitment = header.columns.get(REF), header.columns.get(COMMITMENT)

    def has_ref(cells: list[str]) -> bool:
        if ref is not None and ref < len(cells):
            return normalise_ref(cells[ref]) is not None or leading_ref(cells[ref]) is not None
        if ref is None and commitment is not None and commitment < len(cells):
            return leading_ref(cells[commitment]) is not None
        return False

    return header, any(has_ref(cells) for cells in below)


def choose(
    source: Path, candidates: Sequence[Candidate], sheet_names: Sequence[str]
) -> tuple[Candidate, list[ImportWarning]]:
    """The best candidate, and a warning for each other sheet that holds deliverables.

    Raises:
        ImportFormatError: no sheet holds a table; the message names them all.
    """
    if not candidates:
        names = ", ".join(f"'{name}'" for name in sheet_names)
        raise ImportFormatError(
            f"{source}: no table of deliverables found on any sheet ({names}); "
            f"NHP Planner looks for {LOOKED_FOR}."
        )
    chosen = max(candidates, key=lambda c: c.rank)
    others = [
        ImportWarning(
            f"this sheet also holds a table of deliverables; only sheet '{chosen.name}' "
            "was imported",
            other.name,
            other.header.first_row,
        )
        for other in candidates
        if other is not chosen and other.has_refs
    ]
    return chosen, others
