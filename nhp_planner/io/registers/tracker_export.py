"""Writing a register as a tracker workbook the register reader reads back.

One sheet, the layout's headings as the first row, one row per item in the
period; every text is written as text (never a formula), links as the refs
and labels people use. The file appears whole or not at all.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Font

from nhp_planner.io.atomic_file import replacing
from nhp_planner.io.registers.columns import ACTIONS_LAYOUT, FINDINGS_LAYOUT, Layout
from nhp_planner.io.xlsx_save import save_workbook
from nhp_planner.io.xlsx_sheet import SheetWriter, TextLog
from nhp_planner.model.errors import ExportError
from nhp_planner.model.periods import ReportingPeriod
from nhp_planner.model.refs import ref_sort_key
from nhp_planner.model.store import PlanStore

#: Column widths, in characters, by field; others get 14.
_WIDTHS = {"text": 60, "action": 60, "progress": 60, "meeting": 30, "area": 30}


def export_register(
    store: PlanStore, register: str, out: str | Path, period: ReportingPeriod | None = None
) -> tuple[str, ...]:
    """Write ``register`` ("findings" or "actions") of a period to ``out`` (.xlsx).

    Returns notes for the person exporting (text Excel could not hold as it was).
    """
    target = Path(out)
    if target.suffix.lower() != ".xlsx":
        raise ExportError(
            f"{target}: a tracker is an Excel workbook, so its name must end in .xlsx."
        )
    if not target.parent.is_dir():
        raise ExportError(
            f"Cannot write the tracker {target}: the folder {target.parent} does not exist."
        )
    layout = FINDINGS_LAYOUT if register == "findings" else ACTIONS_LAYOUT
    rows = _rows(store, layout, period)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Inspectorate findings" if layout is FINDINGS_LAYOUT else "Outstanding references"
    log = TextLog()
    writer = SheetWriter(sheet, log)
    header = writer.add([writer.text(c.heading, None, "heading") for c in layout.columns])
    for cell in sheet[header]:
        cell.font = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for label, values in rows:
        writer.add(
            [writer.text(values.get(c.field), None, label, c.heading) for c in layout.columns]
        )
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = wrap
    writer.widths([_WIDTHS.get(c.field, 14) for c in layout.columns])
    sheet.freeze_panes = "A2"
    with replacing(target, "the tracker") as stream:
        save_workbook(workbook, stream)
    return log.notes()


def _rows(
    store: PlanStore, layout: Layout, period: ReportingPeriod | None
) -> list[tuple[str, dict[str, str]]]:
    """Each item's cells by field, as the reader reads them back."""
    refs = {d.id: d.ref for d in store.deliverables(period, in_order=False)}

    def linked(ids: tuple[str, ...]) -> str:
        return ", ".join(sorted((refs[i] for i in ids if i in refs), key=ref_sort_key))

    if layout is FINDINGS_LAYOUT:
        return [
            (
                item.label,
                {
                    "report": item.report,
                    "ref": item.ref,
                    "text": item.text,
                    "kind": item.kind.value,
                    "area": item.area,
                    "scope": item.scope.value,
                    "lead": item.lead or "",
                    "rag": item.rag.to_json() or "",
                    "status": item.status.value,
                    "progress": item.progress,
                    "target_text": item.target_text,
                    "deliverables": linked(item.deliverable_ids),
                },
            )
            for item in store.findings.items(period)
        ]
    labels = {item.id: item.label for item in store.findings.items(period)}
    return [
        (
            action.label,
            {
                "number": action.number,
                "meeting": action.meeting,
                "action": action.action,
                "owner": action.owner or "",
                "status": action.status_text,
                "due_text": action.due_text,
                "due_history": "; ".join(action.due_history),
                "deliverables": linked(action.deliverable_ids),
                "findings": "; ".join(labels[i] for i in action.finding_ids if i in labels),
            },
        )
        for action in store.actions.items(period)
    ]
