"""Importing a plan from a file: read it, preview what it would change, then apply all or nothing.

The command line and the window both go through here, whatever the file type.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from nhp_planner.io.plan_json import (
    import_document,
    new_plan_from_document,
    read_plan_json,
)
from nhp_planner.io.reading import ImportWarning, SourceReading
from nhp_planner.model.diff import PlanDiff
from nhp_planner.model.errors import ImportFormatError
from nhp_planner.model.periods import ReportingPeriod
from nhp_planner.model.rag import ALL_RAGS, Rag
from nhp_planner.model.store import PlanStore

#: The face of importing for the command line and the window; a reading's types come with it.
__all__ = [
    "EXCEL_SUFFIXES",
    "FIELD_LABELS",
    "ImportPreview",
    "ImportWarning",
    "SourceReading",
    "apply_import",
    "describe_preview",
    "import_into_new_plan",
    "preview_import",
    "read_source",
]


@dataclass(frozen=True, slots=True)
class ImportPreview:
    """A source read and compared with the plan: shown to the person before anything changes."""

    reading: SourceReading
    diff: PlanDiff
    period: ReportingPeriod | None

    def rag_counts(self) -> dict[int, Counter[Rag]]:
        """Counts per objective number and RAG of what the source holds."""
        counts: dict[int, Counter[Rag]] = {}
        for deliverable in self.reading.document.snapshot.deliverables:
            counts.setdefault(deliverable.objective, Counter())[deliverable.rag] += 1
        return counts


def read_source(path: str | os.PathLike[str]) -> SourceReading:
    """Read a plan JSON, Excel tracker or CSV file; an unreadable one raises ImportFormatError."""
    source = Path(path)
    if not source.exists():
        raise ImportFormatError(f"{source}: no such file.")
    if source.is_dir():
        raise ImportFormatError(f"{source}: is a folder, not a file to import.")
    if not source.is_file():  # reading a pipe or a device would wait, or never end
        raise ImportFormatError(
            f"{source}: is not an ordinary file (a device or a pipe), so it is not imported."
        )
    suffix = source.suffix.lower()
    if suffix == ".json":
        return SourceReading(source, read_plan_json(source))
    # Imported here, so reading plan JSON does not load openpyxl.
    if suffix in EXCEL_SUFFIXES:
        from nhp_planner.io.tracker.workbook import read_excel_tracker

        return read_excel_tracker(source)
    if suffix == ".csv":
        from nhp_planner.io.tracker.csv_file import read_csv_tracker

        size = source.stat().st_size
        if size > MOST_CSV_BYTES:
            raise ImportFormatError(
                f"{source}: is {size / (1 << 20):,.0f} MB, more than the "
                f"{MOST_CSV_BYTES >> 20} MB a CSV tracker may be, so it was not read."
            )

        return read_csv_tracker(source)
    if suffix in _OTHER_SPREADSHEETS:
        raise ImportFormatError(
            f"{source}: is {_OTHER_SPREADSHEETS[suffix]}; save it as an Excel Workbook (.xlsx) "
            "and import that."
        )
    raise ImportFormatError(
        f"{source}: NHP Planner imports Excel trackers (.xlsx, .xlsm), CSV files (.csv) and "
        f"plan JSON (.json), and '{suffix or source.name}' is not one of them."
    )


#: The largest CSV file read: a tracker of 10,000 deliverables is about 10 MB.
MOST_CSV_BYTES = 64 << 20

#: Excel's file types. Each is judged by what it holds, so an old .xls or a password-protected
#: workbook is told apart from a damaged one, and a real .xlsx named .xls still imports.
EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xltx", ".xltm", ".xls", ".xlsb")
_OTHER_SPREADSHEETS = {
    ".ods": "an OpenDocument spreadsheet",
    ".numbers": "an Apple Numbers spreadsheet",
}


def preview_import(
    store: PlanStore, reading: SourceReading, period: ReportingPeriod | None = None
) -> ImportPreview:
    """What importing ``reading`` into the plan would change; changes nothing."""
    chosen = period or reading.document.snapshot.period
    diff = import_document(store, reading.document, period=period, dry_run=True)
    return ImportPreview(reading, diff, chosen or store.current_period)


def apply_import(store: PlanStore, preview: ImportPreview) -> PlanDiff:
    """Apply a previewed import in one transaction (all of it, or none if anything fails)."""
    return import_document(store, preview.reading.document, period=preview.period)


def import_into_new_plan(
    path: str | os.PathLike[str], reading: SourceReading, period: ReportingPeriod | None = None
) -> PlanStore:
    """Create a plan file holding the source; no file is left if the import fails."""
    document = reading.document
    if period is not None:
        document = replace(document, snapshot=replace(document.snapshot, period=period))
    return new_plan_from_document(path, document)


def describe_preview(preview: ImportPreview, *, applied: bool) -> str:
    """The preview as plain text for the command line."""
    reading = preview.reading
    diff = preview.diff
    snapshot = reading.document.snapshot
    objectives = len({d.objective for d in snapshot.deliverables})
    lines = [
        f"{'Imported' if applied else 'Would import'} {reading.source.name}"
        f" into {preview.period.label if preview.period else 'the plan'}:",
        f"  {len(snapshot.deliverables)} deliverables in {objectives} objectives",
    ]
    for number, counts in sorted(preview.rag_counts().items()):
        shown = ", ".join(f"{counts[r]} {r.label}" for r in ALL_RAGS if counts[r])
        objective = snapshot.objective(number)
        title = f" {_short(objective.title, 50)}" if objective and objective.title else ""
        lines.append(f"    objective {number}{title}: {shown}")
    if reading.mapping:
        lines.append("  Columns:")
        lines.extend(
            f"    {heading!r} -> {FIELD_LABELS.get(field, field)}"
            for heading, field in reading.mapping
        )
    lines.append(
        f"  {len(diff.new)} new, {len(diff.changed)} changed, {len(diff.unchanged)} unchanged"
        + (
            f", {len(diff.not_in_source)} in the plan but not in the file (left as they are)"
            if diff.not_in_source
            else ""
        )
    )
    if diff.changed or diff.unchanged or diff.not_in_source:  # new to a plan, not a new plan
        lines.extend(f"    {d.ref} new: {_short(d.commitment)}" for d in diff.new)
    for change in diff.changed:
        for field_change in change.changes:
            label = FIELD_LABELS.get(field_change.field, field_change.field)
            lines.append(
                f"    {change.existing.ref} {label}: "
                f"{_short(field_change.old)} -> {_short(field_change.new)}"
            )
    for retitled in diff.changed_objectives:
        lines.append(
            f"    objective {retitled.existing.number} title: "
            f"{_short(retitled.existing.title)} -> {_short(retitled.incoming.title)}"
        )
    if reading.warnings:
        lines.append(f"  {len(reading.warnings)} warning(s):")
        lines.extend(f"    {warning}" for warning in reading.warnings)
    return "\n".join(lines)


#: Deliverable fields as the plan owner knows them, for the preview's columns and changes.
FIELD_LABELS = {
    "ref": "reference",
    "objective": "objective",
    "commitment": "deliverable",
    "lead": "lead",
    "summary_position": "summary position",
    "rag": "RAG",
    "date_text": "date",
}


def _short(value: str | None, limit: int = 60) -> str:
    if value is None:
        return "(blank)"
    flat = " ".join(value.split())
    return repr(flat if len(flat) <= limit else flat[: limit - 1] + "…")
