"""What was read from a source file, before it touches any plan: the reading and its warnings.

Below both :mod:`nhp_planner.io.importing` (which previews and applies a
reading) and the readers that make one (plan JSON, :mod:`nhp_planner.io.tracker`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from nhp_planner.io.plan_json import PlanDocument


@dataclass(frozen=True, slots=True)
class ImportWarning:
    """Something in the source that was skipped or guessed, and exactly where it is."""

    message: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        place = ", ".join(
            part
            for part in (
                f"sheet '{self.sheet}'" if self.sheet else "",
                f"row {self.row}" if self.row else "",
                f"column {self.column}" if self.column else "",
            )
            if part
        )
        return f"{place}: {self.message}" if place else self.message


@dataclass(frozen=True, slots=True)
class SourceReading:
    """What was understood from a source file, before it touches any plan."""

    source: Path
    document: PlanDocument
    #: How the source's columns were read: (column heading as written, field it fills).
    mapping: tuple[tuple[str, str], ...] = ()
    warnings: tuple[ImportWarning, ...] = ()
