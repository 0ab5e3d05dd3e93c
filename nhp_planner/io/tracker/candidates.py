"""Step 3, table candidates: which sheets hold a table of deliverables, and which one is read.

Takes each sheet's first rows (:data:`SCAN_ROWS` of them: a title, the RAG key
and notes come first); gives a :class:`Candidate` for every sheet whose rows
hold a header, ranked so the best is read, and a warning naming each other
sheet that also holds deliverables.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from nhp_planner.io.reading import ImportWarning
from nhp_planner.io.tracker.headers import COMMITMENT, LOOKED_FOR, REF, HeaderMatch, find_header
from nhp_planner.io.tracker.refs import leading_ref
from nhp_planner.io.tracker.sheets import SheetRow, value_text
from nhp_planner.model.errors import ImportFormatError
from nhp_planner.model.periods import ReportingPeriod
from nhp_planner.model.refs import normalise_ref, objective_number

#: How far down each sheet the header row is looked for (title, key and notes come first).
SCAN_ROWS = 100
#: Sheet names that say the sheet is not the live plan, and names that say it is.
_NOT_THE_PLAN = re.compile(
    r"\b(closed|archived?|old|template|completed?|previous|backup|back up|copy|example|sample"
    r"|do not use|superseded|draft|lookups?|lists?)\b",
    re.IGNORECASE,
)
_THE_PLAN = re.compile(r"\b(plan|tracker|delivery|nhp|current|live|latest|master)\b", re.I)


#: Sheet names that say the sheet explains the plan: its RAG key, a legend, guidance.
_EXPLAINS = re.compile(
    r"\b(b?rag|key|legend|guidance|lookups?|lists?|read ?me|instructions)\b", re.I
)


def explains_the_plan(name: str) -> bool:
    """Whether a sheet's name says it holds the plan's key or guidance ("Key", "RAG legend")."""
    return _EXPLAINS.search(name) is not None


def name_score(name: str) -> int:
    """+1 for a sheet name that reads as the plan, -1 for an archive, a template, a copy."""
    if _NOT_THE_PLAN.search(name):
        return -1
    return 1 if _THE_PLAN.search(name) else 0


@dataclass(frozen=True, slots=True)
class Candidate:
    """A sheet whose first rows hold a table header."""

    index: int
    name: str
    header: HeaderMatch
    has_refs: bool
    visible: bool
    active: bool
    #: The objectives the references in the sheet's first rows belong to.
    objectives: frozenset[int] = field(default=frozenset())
    hidden: frozenset[int] = field(default=frozenset())

    @property
    def rank(self) -> tuple[bool, bool, int, int, ReportingPeriod, bool, int]:
        # A table with references beats one without, a visible sheet a hidden one, a
        # name that reads as the plan one that reads as an archive or template, more
        # recognised columns fewer; then the latest month (monthly tabs), the sheet last
        # worked on, the first sheet.
        return (
            self.has_refs,
            self.visible,
            name_score(self.name),
            self.header.score,
            self.header.period or ReportingPeriod(1900, 1),
            self.active,
            -self.index,
        )

    def why_better_than(self, other: Candidate) -> str:
        """Why this sheet was read rather than ``other``, for the preview."""
        reasons = (
            "it holds references such as 1.4",
            "it is visible and the other is hidden",
            f"its name reads as the plan and '{other.name}' as "
            + ("an archive, a template or a copy" if name_score(other.name) < 0 else "less so"),
            "more of its columns are recognised",
            "it reports a later month",
            "it was the sheet open when the workbook was saved",
            "it comes first",
        )
        for reason, mine, theirs in zip(reasons, self.rank, other.rank, strict=True):
            if mine != theirs:
                return reason
        return reasons[-1]


def table_header(
    rows: Sequence[SheetRow], hidden: frozenset[int] = frozenset()
) -> tuple[HeaderMatch, bool, frozenset[int]] | None:
    """The header among a sheet's first rows, whether references follow it, and their objectives."""
    texts = [(row.number, [value_text(v) for v in row.values]) for row in rows]
    header = find_header(texts, hidden)
    if header is None:
        return None
    below = [t for number, t in texts if number > header.last_row]
    ref, commitment = header.columns.get(REF), header.columns.get(COMMITMENT)

    def ref_of(cells: list[str]) -> str | None:
        if ref is not None and ref < len(cells):
            split = leading_ref(cells[ref])
            return normalise_ref(cells[ref]) or (split[0] if split else None)
        if ref is None and commitment is not None and commitment < len(cells):
            split = leading_ref(cells[commitment])
            return split[0] if split else None
        return None

    refs = [r for cells in below if (r := ref_of(cells))]
    return header, bool(refs), frozenset(objective_number(r) for r in refs if "." in r)


def choose(
    source: Path,
    candidates: Sequence[Candidate],
    sheet_names: Sequence[str],
    wanted: str | None = None,
) -> tuple[list[Candidate], list[ImportWarning]]:
    """The sheets to read (one, or one per objective), and a warning for each other table.

    A workbook with one sheet per objective, each laid out the same way and
    numbered for its own objective, is read whole; otherwise the best sheet is
    read, and each other sheet holding deliverables is named with why it was not.

    Args:
        wanted: the sheet the person chose (``--sheet``), read whatever the ranking says.

    Raises:
        ImportFormatError: no sheet holds a table (the message names them all), or the
            chosen sheet does not exist or holds none.
    """
    if wanted is not None:
        chosen = [c for c in candidates if c.name == wanted]
        if not chosen:
            names = ", ".join(f"'{name}'" for name in sheet_names)
            problem = (
                "holds no table of deliverables"
                if wanted in sheet_names
                else "is not a sheet of this workbook"
            )
            raise ImportFormatError(f"{source}: sheet '{wanted}' {problem} (sheets: {names}).")
        return chosen, []
    if not candidates:
        names = ", ".join(f"'{name}'" for name in sheet_names)
        raise ImportFormatError(
            f"{source}: no table of deliverables found on any sheet ({names}); "
            f"NHP Planner looks for {LOOKED_FOR}."
        )
    per_objective = _one_per_objective(candidates)
    if per_objective:
        return per_objective, []
    best = max(candidates, key=lambda c: c.rank)
    others = [
        ImportWarning(
            f"this sheet also holds a table of deliverables; only sheet '{best.name}' was "
            f"imported, because {best.why_better_than(other)} (choose another with --sheet)",
            other.name,
            other.header.first_row,
        )
        for other in candidates
        if other is not best and other.has_refs
    ]
    return [best], others


def _one_per_objective(candidates: Sequence[Candidate]) -> list[Candidate]:
    """The sheets of a workbook kept one sheet per objective, or [] if it is not kept so."""
    sheets = [c for c in candidates if c.has_refs and c.visible and name_score(c.name) >= 0]
    if len(sheets) < 2:
        return []
    layout = sorted(sheets[0].header.columns)
    seen: set[int] = set()
    for sheet in sheets:
        if sorted(sheet.header.columns) != layout or not sheet.objectives:
            return []
        if seen & sheet.objectives:
            return []
        seen |= sheet.objectives
    return sorted(sheets, key=lambda c: c.index)
