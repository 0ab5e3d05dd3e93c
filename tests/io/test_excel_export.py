"""The Excel tracker export: what the workbook holds, how it prints, that it comes back whole."""

from __future__ import annotations

import datetime as dt
import errno
import gc
import re
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl import Workbook

import nhp_planner.io.excel_export as excel_export
from nhp_planner.io.excel_export import ExportResult, export_tracker
from nhp_planner.io.importing import preview_import, read_source
from nhp_planner.io.plan_json import (
    PlanDocument,
    dump_store,
    new_plan_from_document,
    snapshot_to_json,
)
from nhp_planner.io.xlsx_text import CELL_LIMIT, cell_text, header_footer_text, wrapped_lines
from nhp_planner.model.entities import Deliverable, Objective, Plan, PlanSnapshot
from nhp_planner.model.errors import (
    ExportError,
    OperationCancelled,
    ValidationError,
)
from nhp_planner.model.movement import RagMove, compare
from nhp_planner.model.periods import ReportingPeriod
from nhp_planner.model.rag import Rag, RagKey
from nhp_planner.model.store import PlanStore
from nhp_planner.model.summary import summarise
from nhp_planner.sample import sample_store
from tests.full_disk import fill_disk_after

SAMPLE_TODAY = dt.date(2026, 11, 25)
FIXTURE_TODAY = dt.date(2024, 2, 1)
HEADINGS = ("Ref", "Deliverable", "Lead", "Summary position (November 2026)", "RAG", "Date")
LONG = " ".join(f"Sentence {n} of a very long summary position, with détails." for n in range(200))


@pytest.fixture
def sample() -> Any:
    with sample_store() as store:
        yield store


def export_sample(store: PlanStore, out: Path, **options: Any) -> ExportResult:
    snapshot = store.snapshot()
    previous = store.snapshot(store.previous_period())
    return export_tracker(snapshot, out, previous=previous, today=SAMPLE_TODAY, **options)


def table(path: Path) -> tuple[int, list[tuple[Any, ...]]]:
    """The header row number and every row below it on the Delivery Plan sheet, as values."""
    sheet = openpyxl.load_workbook(path)["Delivery Plan"]
    rows = list(sheet.iter_rows(values_only=True))
    header = next(i for i, row in enumerate(rows, 1) if row[0] == "Ref")
    return header, rows[header:]


def comparable(data: Any) -> Any:
    """Plan JSON without what a tracker does not carry: ids, and when each row was updated."""
    if isinstance(data, dict):
        return {k: comparable(v) for k, v in data.items() if k not in ("id", "updated_at")}
    if isinstance(data, list):
        return [comparable(item) for item in data]
    return data


def round_trip(
    snapshot: PlanSnapshot, out: Path, today: dt.date, previous: PlanSnapshot | None = None
) -> PlanSnapshot:
    """Export, then import the tracker into a fresh in-memory plan; that plan's snapshot.

    The importer must have nothing to warn about: the Summary sheet's lists
    must not look like a second table of deliverables.
    """
    export_tracker(snapshot, out, previous=previous, today=today)
    reading = read_source(out)
    assert reading.warnings == ()
    with new_plan_from_document(None, reading.document) as store:
        return store.snapshot()


def formulas(path: Path) -> list[str]:
    """Every formula in the workbook: cells openpyxl reads as formulas, and <f> elements."""
    found = [
        f"{sheet.title}!{cell.coordinate}"
        for sheet in openpyxl.load_workbook(path)
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                xml = archive.read(name).decode("utf-8")
                found.extend(f"{name}: <f>" for _ in re.finditer(r"<f[\s>/]", xml))
    return found


def messy_snapshot() -> PlanSnapshot:
    """Texts that break naive exports: formulas, phone numbers, markup, emoji, Welsh, tabs..."""
    plan = Plan(
        title='=Plan <b>& "quoted" – Heddlu Dyfed-Powys 🚓',
        rag_key=RagKey(green="Wedi'i gwblhau / done", amber="+ on its way", red="-late"),
        force="Heddlu Dyfed-Powys",
        owner="@Siân Ellis-Jones, Cynllunio",
    )
    deliverables = (
        Deliverable(
            ref="1.1",
            objective=1,
            commitment='=HYPERLINK("http://x","y")',
            summary_position="+44 20 7601 2213",
            rag=Rag.GREEN,
            date_text="=TODAY()",
            lead="@here",
        ),
        Deliverable(
            ref="1.2",
            objective=1,
            commitment="<b>bold</b> & <i>unclosed",
            summary_position="Line one\nLine two\tafter a tab\n\nLine four, after a blank line",
            rag=Rag.AMBER,
            date_text="-",
            lead="-Insp. O'Brien",
        ),
        Deliverable(
            ref="1.10",
            objective=1,
            commitment="Emoji 🚓👮‍♀️✅ and accents: café, déjà vu, naïve, Zoë, Ångström",
            summary_position=LONG[:10_000],
            rag=Rag.RED,
            date_text="31/03/2024",
            lead="Cwnstabl Gwenllïan ap Dafydd",
        ),
        Deliverable(
            ref="2.1",
            objective=2,
            commitment="Cymraeg: Byddwn yn gweithio gyda chymunedau – ŵ ŷ â ê î ô û",
            summary_position="#N/A",
            rag=Rag.NOT_RATED,
            date_text="Complete Review 31/03/2025",
            lead="+44 20 7601 2213",
        ),
        Deliverable(
            ref="3.1",
            objective=3,
            commitment="@SUM(A1:A3)",
            summary_position="=1+1",
            rag=Rag.GREEN,
            date_text="Ongoing",
        ),
    )
    return PlanSnapshot(
        plan,
        ReportingPeriod(2024, 3),
        (
            Objective(1, "=SUM(A1:A2) and Mixed Case, exactly as typed"),
            Objective(2, "Diogelu pobl agored i niwed"),
            Objective(3, None),
        ),
        deliverables,
    )


def store_of(snapshot: PlanSnapshot) -> PlanStore:
    document = PlanDocument(snapshot, frozenset({"ref", "objective", *_FIELDS}))
    return new_plan_from_document(None, document)


_FIELDS = ("commitment", "summary_position", "rag", "date_text", "lead")


# ----------------------------------------------------------------- round trips


def test_the_sample_plan_comes_back_as_the_same_plan_json(
    sample: PlanStore, tmp_path: Path
) -> None:
    snapshot = sample.snapshot()
    previous = sample.snapshot(sample.previous_period())
    back = round_trip(snapshot, tmp_path / "sample.xlsx", SAMPLE_TODAY, previous)
    assert comparable(snapshot_to_json(back)) == comparable(snapshot_to_json(snapshot))


def test_the_fixture_plan_comes_back_as_the_same_plan_json(
    fixture_store: PlanStore, tmp_path: Path
) -> None:
    snapshot = fixture_store.snapshot()
    back = round_trip(snapshot, tmp_path / "fixture.xlsx", FIXTURE_TODAY)
    assert comparable(snapshot_to_json(back)) == comparable(snapshot_to_json(snapshot))


def test_messy_texts_come_back_unchanged_and_nothing_is_a_formula(tmp_path: Path) -> None:
    with store_of(messy_snapshot()) as store:
        snapshot = store.snapshot()
    out = tmp_path / "messy.xlsx"
    back = round_trip(snapshot, out, FIXTURE_TODAY)
    assert comparable(snapshot_to_json(back)) == comparable(snapshot_to_json(snapshot))
    assert formulas(out) == []


def test_an_update_return_filled_in_by_hand_comes_back_as_just_those_changes(
    sample: PlanStore, tmp_path: Path
) -> None:
    lead = "Corporate Communications"
    out = tmp_path / "return.xlsx"
    export_sample(sample, out, lead=lead)
    workbook = openpyxl.load_workbook(out)
    sheet = workbook["Delivery Plan"]
    row = next(r for r in sheet.iter_rows(min_row=7) if r[0].value == "0.5")
    # What an inspector does in Excel: a new position, "amber" typed by hand, a new date.
    row[3].value = "Launch done; =evaluation report due in January."
    row[3].data_type = "s"
    row[4].value = "amber"
    row[5].value = "31/01/2027"
    workbook.save(out)

    preview = preview_import(sample, read_source(out))
    theirs = [d for d in sample.deliverables() if d.lead == lead]
    (change,) = preview.diff.changed
    assert change.existing.ref == "0.5"
    assert {(c.field, c.new) for c in change.changes} == {
        ("summary_position", "Launch done; =evaluation report due in January."),
        ("rag", "AMBER"),
        ("date_text", "31/01/2027"),
    }
    assert len(preview.diff.unchanged) == len(theirs) - 1
    assert len(preview.diff.not_in_source) == 40 - len(theirs)
    assert preview.diff.new == ()


def test_every_text_is_a_string_cell_holding_exactly_what_was_typed(tmp_path: Path) -> None:
    snapshot = messy_snapshot()
    out = tmp_path / "messy.xlsx"
    result = export_tracker(snapshot, out, today=FIXTURE_TODAY)
    assert result.notes == (
        "1.10: the text is all in the cell, but at about 134 lines it is taller than an Excel "
        "row can be, so only the first 27 lines show and print",
    )
    assert formulas(out) == []
    _, rows = table(out)
    written = [row for row in rows if row[0] and not str(row[0]).startswith("Objective")]
    assert written == [
        (d.ref, d.commitment, d.lead, d.summary_position or None, d.rag.label, d.date_text)
        for d in snapshot.deliverables
    ]
    workbook = openpyxl.load_workbook(out)
    sheet = workbook["Delivery Plan"]
    assert sheet["A1"].value == snapshot.plan.title
    objectives = [row[0] for row in rows if str(row[0]).startswith("Objective")]
    assert objectives == [
        "Objective 1: =SUM(A1:A2) and Mixed Case, exactly as typed",
        "Objective 2: Diogelu pobl agored i niwed",
        "Objective 3",
    ]
    for sheet in workbook:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    assert cell.data_type == "s", f"{sheet.title}!{cell.coordinate}"


def test_control_characters_are_dropped_and_the_rest_kept(tmp_path: Path) -> None:
    snapshot = messy_snapshot()
    first = snapshot.deliverables[0]
    dirty = Deliverable(
        ref="1.1",
        objective=1,
        commitment="Bell\x07 and NUL\x00 gone",
        summary_position="Pasted from Word:\x0bnew line\x0cpage\r\nWindows line\rold Mac",
        rag=first.rag,
        date_text="31/03/2024\x1f",
        lead="Esc\x1bape",
        id=first.id,
    )
    out = tmp_path / "dirty.xlsx"
    result = export_tracker(
        snapshot.with_deliverables([dirty, *snapshot.deliverables[1:]]), out, today=FIXTURE_TODAY
    )
    _, rows = table(out)
    row = next(r for r in rows if r[0] == "1.1")
    assert row[1:4] == (
        "Bell and NUL gone",
        "Esc\x1bape".replace("\x1b", ""),
        "Pasted from Word:\nnew line\npage\nWindows line\nold Mac",
    )
    assert row[5] == "31/03/2024"
    assert {note for note in result.notes if note.startswith("1.1 ")} == {
        "1.1 deliverable: 2 characters that Excel cannot hold were removed or replaced",
        "1.1 lead: 1 character that Excel cannot hold was removed or replaced",
        "1.1 summary position: 2 characters that Excel cannot hold were removed or replaced",
        "1.1 date: 1 character that Excel cannot hold was removed or replaced",
    }


@pytest.mark.parametrize(
    ("text", "expected", "changed"),
    [
        ("plain", "plain", 0),
        ("=1+1", "=1+1", 0),
        ("tab\there\nnew line", "tab\there\nnew line", 0),
        ("crlf\r\nline", "crlf\nline", 0),
        ("a\x00b", "ab", 1),
        ("a\x0bb", "a\nb", 1),
        ("lone \ud800 surrogate", "lone \ufffd surrogate", 1),
        ("\ufffe\uffff", "\ufffd\ufffd", 2),
        ("emoji 🚓 stay", "emoji 🚓 stay", 0),
    ],
)
def test_cell_text(text: str, expected: str, changed: int) -> None:
    assert cell_text(text) == (expected, changed)


def test_page_header_text_doubles_ampersands_and_stays_short() -> None:
    assert header_footer_text("Strategy & Planning") == "Strategy && Planning"
    long = header_footer_text("word " * 100)
    assert len(long) <= 80 and long.endswith("…")


def test_wrapped_lines_grow_with_text_and_new_lines() -> None:
    assert wrapped_lines("", 40) == 1
    assert wrapped_lines("short", 40) == 1
    assert wrapped_lines("x" * 400, 40) >= 400 // 44
    assert wrapped_lines("a\nb\nc", 40) == 3
    assert wrapped_lines("x" * 400, 80) < wrapped_lines("x" * 400, 40)


# -------------------------------------------------------------------- layout


def test_the_delivery_plan_sheet_is_laid_out_like_a_force_tracker(
    sample: PlanStore, tmp_path: Path
) -> None:
    out = tmp_path / "tracker.xlsx"
    result = export_sample(sample, out)
    assert result == ExportResult(out, 40, ("Delivery Plan", "Summary", "Key"))
    workbook = openpyxl.load_workbook(out)
    assert workbook.sheetnames == ["Delivery Plan", "Summary", "Key"]
    sheet = workbook.active
    assert sheet.title == "Delivery Plan"
    snapshot = sample.snapshot()
    assert sheet["A1"].value == snapshot.plan.title and sheet["A1"].font.b
    assert "November 2026" in sheet["A2"].value
    assert "Harrowdale Constabulary" in sheet["A2"].value
    for row, rag, meaning in (
        (3, "GREEN", "Complete/established"),
        (4, "AMBER", "In progress"),
        (5, "RED", "Deadline missed or will not be achieved"),
    ):
        assert (sheet.cell(row, 1).value, sheet.cell(row, 2).value) == (rag, meaning)
    assert sheet["A3"].fill.fgColor.rgb == "0000B050"
    assert tuple(c.value for c in sheet[6]) == HEADINGS
    assert all(c.fill.fgColor.rgb == "00D9D9D9" and c.font.b for c in sheet[6])
    assert sheet["A7"].value == "Objective 0: Summary position"
    assert sheet["A7"].fill.fgColor.rgb == "001F4E78"
    assert "A7:F7" in {str(r) for r in sheet.merged_cells.ranges}
    _, rows = table(out)
    refs = [row[0] for row in rows if row[0] and not row[0].startswith("Objective")]
    assert refs == [d.ref for d in snapshot.deliverables]
    assert refs.index("1.10") == refs.index("1.9") + 1
    objective_rows = [row[0] for row in rows if row[0] and row[0].startswith("Objective")]
    assert objective_rows == [f"Objective {o.number}: {o.title}" for o in snapshot.objectives]
    last = 6 + len(rows)
    assert sheet.freeze_panes == "A7"
    assert sheet.auto_filter.ref == f"A6:F{last}"


def test_rag_cells_have_the_word_a_fill_a_drop_down_and_recolouring_rules(
    sample: PlanStore, tmp_path: Path
) -> None:
    out = tmp_path / "tracker.xlsx"
    export_sample(sample, out)
    sheet = openpyxl.load_workbook(out)["Delivery Plan"]
    fills = {"GREEN": "0000B050", "AMBER": "00FFC000", "RED": "00FF0000"}
    seen = set()
    for (cell,) in sheet.iter_rows(min_row=7, min_col=5, max_col=5):
        if cell.value in fills:
            assert cell.fill.fgColor.rgb == fills[cell.value]
            seen.add(cell.value)
        elif cell.value == "Not rated":
            assert cell.fill.fgColor.rgb == "00FFFFFF"
            seen.add(cell.value)
    assert seen == {"GREEN", "AMBER", "RED", "Not rated"}
    (validation,) = sheet.data_validations.dataValidation
    assert validation.type == "list" and validation.formula1 == '"GREEN,AMBER,RED"'
    assert str(validation.sqref) == f"E7:E{sheet.max_row}"
    rules = [rule for cf in sheet.conditional_formatting for rule in cf.rules]
    colours = {rule.formula[0]: rule.dxf.fill.fgColor.rgb for rule in rules if rule.dxf.fill}
    assert colours['"GREEN"'].endswith("00B050")
    assert colours['"AMBER"'].endswith("FFC000")
    assert colours['"RED"'].endswith("FF0000")
    assert all(str(cf.sqref) == f"E7:E{sheet.max_row}" for cf in sheet.conditional_formatting)


def test_rows_store_heights_that_grow_with_their_text(tmp_path: Path) -> None:
    snapshot = messy_snapshot()
    out = tmp_path / "heights.xlsx"
    export_tracker(snapshot, out, today=FIXTURE_TODAY)
    sheet = openpyxl.load_workbook(out)["Delivery Plan"]
    heights = {}
    for row in range(7, sheet.max_row + 1):
        ref = sheet.cell(row, 1).value
        height = sheet.row_dimensions[row].height
        assert height is not None and height >= 15, f"row {row} has no stored height"
        heights[ref] = height
    assert heights["1.10"] == 409  # 10,000 characters: as tall as Excel allows
    assert heights["1.2"] >= 4 * 15  # four lines (one blank)
    assert heights["3.1"] < heights["1.2"]


def test_the_tracker_prints_on_a4_landscape_one_page_wide_with_the_header_repeated(
    sample: PlanStore, tmp_path: Path
) -> None:
    out = tmp_path / "tracker.xlsx"
    export_sample(sample, out)
    workbook = openpyxl.load_workbook(out)
    sheet = workbook["Delivery Plan"]
    setup = sheet.page_setup
    assert (setup.orientation, setup.paperSize) == ("landscape", 9)
    assert (setup.fitToWidth, setup.fitToHeight) == (1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$6:$6"
    assert sheet.oddHeader.center.text == sample.plan().title
    assert sheet.oddHeader.right.text == "November 2026"
    assert sheet.oddFooter.center.text == "Page &P of &N"
    assert sheet.oddFooter.left.text == "Exported 25 Nov 2026"
    for other in ("Summary", "Key"):
        assert workbook[other].page_setup.fitToWidth == 1
        assert workbook[other].oddFooter.center.text == "Page &P of &N"


def test_text_cells_are_formatted_as_text_so_typed_dates_stay_text(
    sample: PlanStore, tmp_path: Path
) -> None:
    out = tmp_path / "tracker.xlsx"
    export_sample(sample, out)
    sheet = openpyxl.load_workbook(out)["Delivery Plan"]
    for cell in sheet[8]:
        assert cell.number_format == "@"


def test_overdue_dates_stand_out(sample: PlanStore, tmp_path: Path) -> None:
    out = tmp_path / "tracker.xlsx"
    export_sample(sample, out)
    sheet = openpyxl.load_workbook(out)["Delivery Plan"]
    overdue = {d.ref for d in sample.deliverables() if d.is_overdue(SAMPLE_TODAY)}
    assert overdue
    for row in sheet.iter_rows(min_row=7):
        if row[0].value in overdue:
            assert row[5].font.b and row[5].font.color.rgb == "00C00000"
        elif row[5].value:
            assert not row[5].font.b


def test_the_summary_sheet_counts_rags_per_objective_and_shows_movement(
    sample: PlanStore, tmp_path: Path
) -> None:
    out = tmp_path / "tracker.xlsx"
    export_sample(sample, out)
    sheet = openpyxl.load_workbook(out)["Summary"]
    rows = [row for row in sheet.iter_rows(values_only=True) if any(v is not None for v in row)]
    snapshot = sample.snapshot()
    summary = summarise(snapshot, SAMPLE_TODAY)
    counts = {row[0]: row[1:7] for row in rows if isinstance(row[1], int)}
    for item in summary.objectives:
        title = f"Objective {item.number}: {snapshot.objective(item.number).title}"
        c = item.counts
        assert counts[title] == (c.total, c.green, c.amber, c.red, c.not_rated, c.overdue)
    o = summary.overall
    assert counts["All objectives"] == (o.total, o.green, o.amber, o.red, o.not_rated, o.overdue)
    texts = [str(v) for row in rows for v in row if v is not None]
    assert "Movement since October 2026" in texts
    movement = compare(sample.snapshot(sample.previous_period()), snapshot).counts()
    header = next(i for i, row in enumerate(rows) if row[0] == "RAG rating")
    shown = dict(zip(rows[header][1:7], rows[header + 1][1:7], strict=True))
    assert shown == {f"{m.arrow} {m.value.capitalize()}": movement[m] for m in RagMove}
    moved = [row for row in rows if row[3] and str(row[3])[:1] in "▲▼●★✕"]
    assert any(row[0].startswith("1.4  ") for row in moved)


def test_a_closed_period_is_counted_as_at_its_last_day_and_dated_the_day_it_is_exported(
    sample: PlanStore, tmp_path: Path
) -> None:
    """The export day and the day overdue is counted at are two days: October's tracker,
    exported on 25 November, counts overdue as at 31 October, says so, and is dated the 25th."""
    october = sample.previous_period()
    assert october == ReportingPeriod(2026, 10)
    out = tmp_path / "october.xlsx"
    snapshot = sample.snapshot(october)
    as_at = october.last_day
    export_tracker(snapshot, out, today=SAMPLE_TODAY, as_at=as_at)
    workbook = openpyxl.load_workbook(out)
    key = {row[0]: row[1] for row in workbook["Key"].iter_rows(values_only=True) if row[0]}
    assert key["Exported"].startswith("25 Nov 2026 by NHP Planner")
    assert workbook["Delivery Plan"].oddFooter.left.text == "Exported 25 Nov 2026"
    rows = list(workbook["Summary"].iter_rows(values_only=True))
    assert rows[3][0] == "RAG ratings by objective, overdue as at 31 Oct 2026"
    overall = next(row for row in rows if row[0] == "All objectives")
    counted_then = summarise(snapshot, as_at).overall.overdue
    assert overall[6] == counted_then
    assert counted_then != summarise(snapshot, SAMPLE_TODAY).overall.overdue


def test_without_an_earlier_period_the_summary_says_so(tmp_path: Path) -> None:
    out = tmp_path / "tracker.xlsx"
    export_tracker(messy_snapshot(), out, today=FIXTURE_TODAY)
    sheet = openpyxl.load_workbook(out)["Summary"]
    texts = " ".join(str(v) for row in sheet.iter_rows(values_only=True) for v in row if v)
    assert "Movement since" not in texts
    assert "no earlier reporting period" in texts


def test_the_key_sheet_has_the_plans_own_key_and_how_to_fill_it_in(tmp_path: Path) -> None:
    out = tmp_path / "tracker.xlsx"
    export_tracker(messy_snapshot(), out, today=FIXTURE_TODAY)
    sheet = openpyxl.load_workbook(out)["Key"]
    rows = {row[0]: row[1] for row in sheet.iter_rows(values_only=True) if row[0]}
    assert rows["GREEN"] == "Wedi'i gwblhau / done"
    assert rows["AMBER"] == "+ on its way"
    assert rows["RED"] == "-late"
    assert "Summary position (March 2024)" in rows["2"]
    assert "@Siân Ellis-Jones, Cynllunio" in rows["5"]
    assert rows["Force"] == "Heddlu Dyfed-Powys"
    assert rows["Reporting period"] == "March 2024"
    assert rows["Exported"].startswith("1 Feb 2024 by NHP Planner")


# --------------------------------------------------------------- lead returns


def test_a_lead_gets_only_their_deliverables(sample: PlanStore, tmp_path: Path) -> None:
    lead = "Dan Whitley, Performance & Analysis"
    out = tmp_path / "return.xlsx"
    result = export_sample(sample, out, lead="  dan WHITLEY,  performance & analysis ")
    theirs = [d for d in sample.deliverables() if d.lead == lead]
    assert (result.lead, result.rows) == (lead, len(theirs))
    _, rows = table(out)
    refs = [row[0] for row in rows if not row[0].startswith("Objective")]
    assert refs == [d.ref for d in theirs]
    assert {row[2] for row in rows if not row[0].startswith("Objective")} == {lead}
    objectives = [row[0] for row in rows if row[0].startswith("Objective")]
    assert len(objectives) == len({d.objective for d in theirs})
    sheet = openpyxl.load_workbook(out)["Delivery Plan"]
    assert sheet["A2"].value.startswith(f"Update return for {lead}")


def test_an_unknown_lead_is_refused_with_the_leads_listed(
    sample: PlanStore, tmp_path: Path
) -> None:
    out = tmp_path / "return.xlsx"
    with pytest.raises(ValidationError) as caught:
        export_sample(sample, out, lead="Insp. Nobody")
    message = str(caught.value)
    assert message.startswith("No deliverable has the lead 'Insp. Nobody'; the leads are: ")
    assert "Dan Whitley, Performance & Analysis; " in message
    assert not out.exists()


# ------------------------------------------------------------- safe writing


def test_exporting_never_changes_the_plan(sample: PlanStore, tmp_path: Path) -> None:
    before = dump_store(sample, history=True)
    changes = len(sample.changes())
    export_sample(sample, tmp_path / "a.xlsx")
    export_sample(sample, tmp_path / "b.xlsx", lead="Corporate Communications")
    assert dump_store(sample, history=True) == before
    assert len(sample.changes()) == changes


def test_a_failed_export_leaves_the_earlier_tracker_as_it_was(
    sample: PlanStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "tracker.xlsx"
    out.write_bytes(b"the tracker sent last month")

    def disk_full(workbook: Workbook, stream: Any) -> None:
        stream.write(b"PK half a zip")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(excel_export, "save_workbook", disk_full)
    with pytest.raises(ExportError, match=r"Cannot write the tracker .*: no space left on device"):
        export_sample(sample, out)
    assert out.read_bytes() == b"the tracker sent last month"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tracker.xlsx"]


def test_a_tracker_the_disk_cannot_hold_is_one_sentence_and_nothing_more(
    sample: PlanStore,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
) -> None:
    fill_disk_after(monkeypatch, 4096)
    with pytest.raises(ExportError, match=r"tracker\.xlsx: no space left on device\.$") as failed:
        export_sample(sample, tmp_path / "tracker.xlsx")
    del failed  # with the frames it holds, and the zip in them
    gc.collect()  # the zip, left open by the failed write, complained as it went
    assert capfd.readouterr().err == ""
    assert list(tmp_path.iterdir()) == []


def test_cancelling_leaves_no_file_and_the_earlier_one_intact(
    sample: PlanStore, tmp_path: Path
) -> None:
    out = tmp_path / "tracker.xlsx"
    out.write_bytes(b"last month")
    calls: list[tuple[int, int]] = []

    def cancel(done: int, total: int) -> None:
        calls.append((done, total))
        if done:
            raise OperationCancelled("Cancelled.")

    with pytest.raises(OperationCancelled):
        export_tracker(sample.snapshot(), out, progress=cancel)
    assert len(calls) == 2
    assert out.read_bytes() == b"last month"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tracker.xlsx"]


def test_progress_rises_to_its_total(sample: PlanStore, tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    export_sample(sample, tmp_path / "t.xlsx", progress=lambda d, t: calls.append((d, t)))
    done = [d for d, _ in calls]
    assert done == sorted(done) and done[0] == 0
    assert calls[-1][0] == calls[-1][1] and len({t for _, t in calls}) == 1


def test_text_longer_than_a_cell_holds_is_refused_naming_it(tmp_path: Path) -> None:
    snapshot = messy_snapshot()
    huge = Deliverable(ref="4.1", objective=4, summary_position="x" * (CELL_LIMIT + 1))
    out = tmp_path / "tracker.xlsx"
    out.write_bytes(b"old")
    with pytest.raises(ExportError, match=r"The 4.1 summary position is 32,768 characters long"):
        export_tracker(snapshot.with_deliverables([*snapshot.deliverables, huge]), out)
    assert out.read_bytes() == b"old"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("tracker.xls", "its name must end in .xlsx"),
        ("tracker.csv", "its name must end in .xlsx"),
        ("missing/tracker.xlsx", "the folder .*missing does not exist"),
        ("folder.xlsx", "is a folder"),
    ],
)
def test_a_target_that_cannot_be_a_tracker_is_refused(
    tmp_path: Path, name: str, message: str
) -> None:
    (tmp_path / "folder.xlsx").mkdir()
    with pytest.raises(ExportError, match=message):
        export_tracker(messy_snapshot(), tmp_path / name)


def test_a_plan_with_no_deliverables_still_exports(tmp_path: Path) -> None:
    out = tmp_path / "empty.xlsx"
    result = export_tracker(PlanSnapshot(Plan(title="Empty plan"), None), out, today=FIXTURE_TODAY)
    assert result.rows == 0
    sheet = openpyxl.load_workbook(out)["Delivery Plan"]
    assert tuple(c.value for c in sheet[6]) == (*HEADINGS[:3], "Summary position", *HEADINGS[4:])


def test_two_exports_at_once_on_worker_threads(sample: PlanStore, tmp_path: Path) -> None:
    snapshot = sample.snapshot()
    with ThreadPoolExecutor(2) as pool:
        results = list(
            pool.map(
                lambda name: export_tracker(snapshot, tmp_path / name, today=SAMPLE_TODAY),
                ["one.xlsx", "two.xlsx"],
            )
        )
    assert [r.rows for r in results] == [40, 40]
    assert table(tmp_path / "one.xlsx")[1] == table(tmp_path / "two.xlsx")[1]


def test_the_cycle_collector_rests_while_a_tracker_is_written_and_resumes_after(
    sample: PlanStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    saving = excel_export.save_workbook
    collecting: list[bool] = []

    def noting(workbook: Workbook, stream: Any) -> None:
        collecting.append(gc.isenabled())
        saving(workbook, stream)

    monkeypatch.setattr(excel_export, "save_workbook", noting)
    assert gc.isenabled()
    export_sample(sample, tmp_path / "t.xlsx")
    assert collecting == [False] and gc.isenabled()
    with pytest.raises(ExportError):
        export_sample(sample, tmp_path / "t.txt")
    assert gc.isenabled()


def test_the_plans_details_travel_as_document_properties(sample: PlanStore, tmp_path: Path) -> None:
    out = tmp_path / "return.xlsx"
    export_sample(sample, out, lead="Corporate Communications")
    workbook = openpyxl.load_workbook(out, read_only=True)
    assert {p.name: p.value for p in workbook.custom_doc_props.props} == {
        "NHP Planner plan id": sample.plan().id,
        "NHP Planner force": "Harrowdale Constabulary",
        "NHP Planner plan owner": "Helen Okafor, Strategy & Planning",
        "NHP Planner reporting period": "2026-11",
        "NHP Planner update return for": "Corporate Communications",
    }
    assert workbook.properties.title == sample.plan().title
    assert workbook.properties.creator == "NHP Planner"
    workbook.close()


def test_text_excel_would_take_for_a_formula_has_the_quote_prefix(tmp_path: Path) -> None:
    """So a colleague who edits "=TODAY()" in Excel keeps the text, not a formula."""
    out = tmp_path / "messy.xlsx"
    export_tracker(messy_snapshot(), out, today=FIXTURE_TODAY)
    workbook = openpyxl.load_workbook(out)
    starts = [
        (sheet.title, cell.coordinate, cell.value, cell.quotePrefix)
        for sheet in workbook
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and cell.value[:1] in ("=", "+", "-", "@")
    ]
    assert {value for _, _, value, _ in starts} >= {
        '=HYPERLINK("http://x","y")',
        "=TODAY()",
        "+44 20 7601 2213",
        "-Insp. O'Brien",
        "@SUM(A1:A3)",
        "=1+1",
    }
    assert [where for *where, prefixed in starts if not prefixed] == []
    plain = workbook["Delivery Plan"]["A1"]
    assert plain.value.startswith("=Plan") and plain.quotePrefix
