"""Importing a plan from a file: read it, preview what it would change, then apply all or nothing.

The command line and the window both go through here, whatever the file type.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from nhp_planner.io.plan_json import (
    PlanDocument,
    import_document,
    new_plan_from_document,
    read_plan_json,
)
from nhp_planner.io.reading import (
    LETTERED,
    ImportWarning,
    RagWord,
    SourceReading,
    grouped,
    kept_as_written,
)
from nhp_planner.model.dates import DateKind
from nhp_planner.model.diff import PlanDiff
from nhp_planner.model.entities import PlanSnapshot
from nhp_planner.model.errors import ImportFormatError
from nhp_planner.model.periods import ReportingPeriod
from nhp_planner.model.plural import counted
from nhp_planner.model.rag import ALL_RAGS, Rag
from nhp_planner.model.store import PlanStore

#: The face of importing for the command line and the window; a reading's types come with it.
__all__ = [
    "EXCEL_SUFFIXES",
    "FIELD_LABELS",
    "SOURCE_SUFFIXES",
    "TEXT_SUFFIXES",
    "ImportPreview",
    "ImportWarning",
    "RagWord",
    "SourceReading",
    "answered",
    "apply_import",
    "describe_preview",
    "field_label",
    "import_into_new_plan",
    "one_month",
    "preview_import",
    "read_source",
    "refuse_unanswered",
]


@dataclass(frozen=True, slots=True)
class ImportPreview:
    """A source read and compared with the plan: shown to the person before anything changes."""

    reading: SourceReading
    diff: PlanDiff
    period: ReportingPeriod | None
    #: A tracker keeping several months: each earlier month's comparison, oldest first.
    earlier: tuple[tuple[ReportingPeriod, PlanDiff], ...] = ()
    #: What the person (now or on an earlier import) said RAG words mean, as applied.
    answers: tuple[tuple[str, Rag], ...] = ()
    #: The period was chosen (``--period``, the dialog), not the file's own or the plan's.
    period_chosen: bool = False

    @property
    def questions(self) -> tuple[RagWord, ...]:
        """The RAG words still to be answered; the import is refused until they are."""
        return self.reading.rag_words

    def rag_counts(self) -> dict[int, Counter[Rag]]:
        """Counts per objective number and RAG of what the source holds."""
        counts: dict[int, Counter[Rag]] = {}
        for deliverable in self.reading.document.snapshot.deliverables:
            counts.setdefault(deliverable.objective, Counter())[deliverable.rag] += 1
        return counts


def read_source(path: str | os.PathLike[str], *, sheet: str | None = None) -> SourceReading:
    """Read a plan JSON, Excel tracker or CSV file; an unreadable one raises ImportFormatError.

    ``sheet`` names the workbook's sheet to read, as the person chose it (else the best one).
    """
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
        document = read_plan_json(source)
        unread = tuple(
            ImportWarning(kept_as_written(d.ref, d.date_text))
            for d in document.snapshot.deliverables
            if d.date.kind is DateKind.UNKNOWN
        )
        return SourceReading(source, document, unread_dates=unread)
    # Imported here, so reading plan JSON does not load openpyxl.
    if suffix in EXCEL_SUFFIXES:
        from nhp_planner.io.tracker.workbook import read_excel_tracker

        return read_excel_tracker(source, sheet)
    if suffix in TEXT_SUFFIXES:
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
        f"{source}: NHP Planner imports Excel trackers (.xlsx, .xlsm), CSV and text files (.csv, "
        f".tsv, .txt) and plan JSON (.json), and '{suffix or source.name}' is not one of them."
    )


#: The largest CSV file read: a tracker of 10,000 deliverables is about 10 MB.
MOST_CSV_BYTES = 64 << 20

#: Excel's file types. Each is judged by what it holds, so an old .xls or a password-protected
#: workbook is told apart from a damaged one, and a real .xlsx named .xls still imports.
EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xltx", ".xltm", ".xls", ".xlsb")
#: A table saved as text: CSV, and Excel's "Text (Tab delimited)" and "Unicode Text" (.txt).
TEXT_SUFFIXES = (".csv", ".tsv", ".txt")
#: Every file :func:`read_source` reads: trackers, CSV and text files, and plan JSON.
SOURCE_SUFFIXES = (*EXCEL_SUFFIXES, *TEXT_SUFFIXES, ".json")
_OTHER_SPREADSHEETS = {
    ".ods": "an OpenDocument spreadsheet",
    ".numbers": "an Apple Numbers spreadsheet",
}


def preview_import(
    store: PlanStore,
    reading: SourceReading,
    period: ReportingPeriod | None = None,
    rag_map: Mapping[str, Rag] | None = None,
) -> ImportPreview:
    """What importing ``reading`` into the plan would change; changes nothing.

    A tracker that keeps several months imports each as its own period; ``period``
    picks one of them instead (or, naming a month it does not hold, takes its
    latest month into that period). RAG words nothing in the file settles take
    the meaning ``rag_map`` gives them, else the one the plan remembers from an
    earlier import; any left are the preview's questions.
    """
    known = {" ".join(w.lower().split()): r for w, r in store.rag_words().items()}
    known.update({" ".join(w.lower().split()): r for w, r in (rag_map or {}).items()})
    reading, answers = answered(reading, known)
    reading = replace(reading, document=one_month(reading.document, period))
    document = reading.document
    if document.history:
        results = store.import_periods(
            (*document.history, document.snapshot), fields=document.fields, dry_run=True
        )
        (last, diff), earlier = results[-1], tuple(results[:-1])
        return ImportPreview(reading, diff, last, earlier, answers, period is not None)
    chosen = period or document.snapshot.period
    diff = import_document(store, document, period=period, dry_run=True)
    return ImportPreview(
        reading, diff, chosen or store.current_period, answers=answers, period_chosen=bool(period)
    )


def answered(
    reading: SourceReading, answers: Mapping[str, Rag]
) -> tuple[SourceReading, tuple[tuple[str, Rag], ...]]:
    """The reading with the RAG words ``answers`` settles rated, and the answers used.

    ``answers`` is keyed by the word in lower case with single spaces.
    """
    used: list[tuple[str, Rag]] = []
    ratings: dict[tuple[str | None, str], Rag] = {}
    left: list[RagWord] = []
    for question in reading.rag_words:
        rag = answers.get(" ".join(question.word.lower().split()))
        if rag is None:
            left.append(question)
            continue
        used.append((question.word, rag))
        for period, ref, _ in question.places:
            ratings[(period, ref)] = rag
    if not used:
        return reading, ()
    document = reading.document

    def rated(snapshot: PlanSnapshot, latest: bool) -> PlanSnapshot:
        keys = [snapshot.period.key if snapshot.period else None] + ([None] if latest else [])

        def rating(ref: str) -> Rag | None:
            return next((ratings[(k, ref)] for k in keys if (k, ref) in ratings), None)

        deliverables = []
        for deliverable in snapshot.deliverables:
            rag = rating(deliverable.ref)
            deliverables.append(deliverable if rag is None else replace(deliverable, rag=rag))
        return replace(snapshot, deliverables=tuple(deliverables))

    document = replace(
        document,
        snapshot=rated(document.snapshot, True),
        history=tuple(rated(s, False) for s in document.history),
    )
    return replace(reading, document=document, rag_words=tuple(left)), tuple(used)


def one_month(document: PlanDocument, period: ReportingPeriod | None) -> PlanDocument:
    """The document with only the month ``period`` picks (all of it when None)."""
    if period is None or not document.history:
        return document
    for snapshot in (*document.history, document.snapshot):
        if snapshot.period == period:
            return replace(document, snapshot=snapshot, history=())
    return replace(document, history=())


def apply_import(store: PlanStore, preview: ImportPreview) -> PlanDiff:
    """Apply a previewed import in one transaction (all of it, or none if anything fails).

    Refused while RAG words are unanswered; the answers given are remembered in the
    plan, in the same transaction, for the next return.

    Raises:
        ImportFormatError: RAG words are still to be answered; the message lists them.
    """
    refuse_unanswered(preview)
    document = preview.reading.document
    with store.transaction():
        if document.history:
            results = store.import_periods(
                (*document.history, document.snapshot), fields=document.fields
            )
            diff = results[-1][1]
        else:
            diff = import_document(store, document, period=preview.period)
        if preview.answers:
            store.remember_rag_words(dict(preview.answers))
    return diff


def refuse_unanswered(preview: ImportPreview) -> None:
    """Refuse an import whose RAG words are not all answered, listing each with its count."""
    if not preview.questions:
        return
    listed = "; ".join(str(q) for q in preview.questions)
    example = ",".join(f"{q.word}={q.proposed.value}" for q in preview.questions)
    words = counted(len(preview.questions), "word")
    are = "is" if len(preview.questions) == 1 else "are"
    raise ImportFormatError(
        f"{preview.reading.source}: {words} in the RAG column {are} not GREEN, AMBER or RED "
        f"and the tracker's key does not say what they mean: {listed}. "
        f'Say what each means (in the window\'s preview, or --rag-map "{example}"), then '
        "import again."
    )


def import_into_new_plan(
    path: str | os.PathLike[str],
    reading: SourceReading,
    period: ReportingPeriod | None = None,
    rag_map: Mapping[str, Rag] | None = None,
) -> PlanStore:
    """Create a plan file holding the source; no file is left if the import fails.

    Raises:
        ImportFormatError: RAG words ``rag_map`` does not answer are left; the message
            lists them.
    """
    known = {" ".join(w.lower().split()): r for w, r in (rag_map or {}).items()}
    reading, answers = answered(reading, known)
    if reading.rag_words:
        refuse_unanswered(ImportPreview(reading, PlanDiff(), period))
    document = one_month(reading.document, period)
    if period is not None:
        document = replace(document, snapshot=replace(document.snapshot, period=period))
    store = new_plan_from_document(path, document)
    remembered = {**dict(answers), **(rag_map or {})}
    if remembered:
        store.remember_rag_words(remembered)
    return store


def describe_preview(preview: ImportPreview, *, applied: bool) -> str:
    """The preview as plain text for the command line."""
    reading = preview.reading
    diff = preview.diff
    snapshot = reading.document.snapshot
    objectives = len({d.objective for d in snapshot.deliverables})
    count = len(snapshot.deliverables)
    lines = [
        f"{'Imported' if applied else 'Would import'} {reading.source.name}"
        f" into {preview.period.label if preview.period else 'the plan'}:",
        f"  {counted(count, 'deliverable')} in {counted(objectives, 'objective')}",
    ]
    for number, counts in sorted(preview.rag_counts().items()):
        shown = ", ".join(f"{counts[r]} {r.label}" for r in ALL_RAGS if counts[r])
        objective = snapshot.objective(number)
        title = f" {_short(objective.title, 50)}" if objective and objective.title else ""
        lines.append(f"    objective {number}{title}: {shown}")
    lines.extend(_what_was_read(preview))
    for period, earlier in preview.earlier:
        lines.append(
            f"  {period.label}, an earlier month of the file (its own period, closed): "
            f"{len(earlier.new)} new, {len(earlier.changed)} changed, "
            f"{len(earlier.unchanged)} unchanged"
        )
    if reading.mapping:
        lines.append("  Columns:")
        lines.extend(
            f"    {heading if LETTERED.match(heading) else repr(heading)} -> {field_label(field)}"
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
    if preview.questions:
        lines.append(
            f"  {counted(len(preview.questions), 'RAG word')} to say the meaning of (nothing is "
            "imported until each is answered):"
        )
        lines.extend(f"    {question}" for question in preview.questions)
        example = ",".join(f"{q.word}={q.proposed.value}" for q in preview.questions)
        lines.append(f'    answer with --rag-map "{example}" (change any you disagree with)')
    # Each date that cannot be read shows once, in this list, with its cell and why.
    unread = reading.unread_dates
    if unread:
        lines.append(
            f"  {counted(len(unread), 'date')} that cannot be read, kept as written "
            "(these deliverables can never show as overdue):"
        )
        lines.extend(f"    {warning}" for warning in unread[:_LISTED])
        if len(unread) > _LISTED:
            lines.append(f"    … and {len(unread) - _LISTED} more")
    listed = set(unread)
    warnings = grouped([w for w in reading.warnings if w not in listed])
    if warnings:
        lines.append(f"  {counted(len(warnings), 'warning')}:")
        lines.extend(f"    {warning}" for warning in warnings)
    return "\n".join(lines)


#: How many unreadable dates the preview lists by name.
_LISTED = 20


def _what_was_read(preview: ImportPreview) -> list[str]:
    """Where the file was read and where its period came from, in words."""
    reading = preview.reading
    lines = []
    where = reading.read_from
    if where is not None:
        sheets = ", ".join(f"'{name}'" for name in where.sheets)
        place = f"sheet{'s' if len(where.sheets) > 1 else ''} {sheets}" if sheets else "the file"
        lines.append(f"  Read {place}, header row {where.header_row}")
        others = [name for name in where.tables if name not in where.sheets]
        if others:
            listed = ", ".join(f"'{name}'" for name in others)
            lines.append(f"  Also holding a table: {listed} (choose another sheet with --sheet)")
    own = reading.document.snapshot.period
    if preview.period is not None and own is not None and preview.period != own:
        lines.append(f"  Period: {preview.period.label}, as chosen (the file says {own.label})")
    elif preview.period is not None and own is None:
        how = "as chosen" if preview.period_chosen else "the plan's current period"
        lines.append(
            f"  Period: {preview.period.label}, {how}: the file names no month"
            + ("" if preview.period_chosen else "; use --period to choose another")
        )
    elif reading.period_from:
        label = own.label + ", from " if own else ""
        lines.append(f"  Period: {label}{reading.period_from}")
    for word, rag in preview.answers:
        lines.append(f"  RAG word '{word}' read as {rag.label}, as you said")
    return lines


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


def field_label(field: str) -> str:
    """A field as the plan owner knows it; a month's own column says its month."""
    name, _, month = field.rpartition(" ")
    if name in FIELD_LABELS and re.fullmatch(r"\d{4}-\d{2}", month):
        return f"{FIELD_LABELS[name]}, {ReportingPeriod.parse(month).label}"
    return FIELD_LABELS.get(field, field)


def _short(value: str | None, limit: int = 60) -> str:
    if value is None:
        return "(blank)"
    flat = " ".join(value.split())
    return repr(flat if len(flat) <= limit else flat[: limit - 1] + "…")
