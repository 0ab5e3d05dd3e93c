"""Damaged and hostile files given to the registers' imports and as the Word paper's template.

Each is one sentence saying what is wrong and where (file, part or sheet, row, column),
and nothing is written: not the plan, not the paper.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import openpyxl
import pytest

from nhp_planner.io.measures_xlsx import read_measures_workbook
from nhp_planner.io.plan_json import dump_store
from nhp_planner.io.registers.register_set import apply_registers
from nhp_planner.io.registers.tracker_export import export_register
from nhp_planner.io.registers.trackers import read_register_tracker
from nhp_planner.io.word_paper import build_word_paper
from nhp_planner.model.errors import ExportError, ImportFormatError
from nhp_planner.model.store import PlanStore
from tests.io.tracker_builders import corrupted, encrypted_workbook, entity_bomb, write_workbook
from tests.registers.sppc_2024_02 import OUTSTANDING_REFERENCES, PEEL_2022

FINDINGS_HEADER = ["Report", "Ref", "Recommendation/AFI", "Type", "Lead", "Status", "Update"]
AGENDA_HEADER = ["No.", "Meeting Date & Reference", "Action", "Owner", "Status"]


def findings_tracker(path: Path) -> Path:
    """A force's HMICFRS tracker: a title above the header, the PEEL 2022 findings."""
    rows: list[list[object]] = [["HMICFRS recommendations and AFIs tracker"], FINDINGS_HEADER]
    for number, (_area, _kind, text, update) in enumerate(PEEL_2022, start=1):
        rows.append(["PEEL 2022", number, text, "AFI", "Brett McKenna", "Open", update])
    return write_workbook(path, [("PEEL tracker", rows)])


def agenda_table(path: Path) -> Path:
    """The committee's outstanding references as the agenda pack lays them out."""
    rows = [["OUTSTANDING REFERENCES"], AGENDA_HEADER, *map(list, OUTSTANDING_REFERENCES)]
    return write_workbook(path, [("Outstanding refs", rows)])


def with_sheet_text(source: Path, out: Path, old: str, new: str) -> Path:
    """Copy a workbook, one cell's text replaced in the sheet's XML (openpyxl would cut it)."""
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(out, "w") as copy:
        for item in original.infolist():
            content = original.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = content.decode("utf-8")
                assert old in text
                content = text.replace(old, new, 1).encode("utf-8")
            copy.writestr(item, content)
    return out


def cut_in_half(source: Path, out: Path, part: str) -> Path:
    """Copy a package with one XML part ending half way: the archive is whole, the XML not."""
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(out, "w") as copy:
        for item in original.infolist():
            content = original.read(item.filename)
            copy.writestr(item, content[: len(content) // 2] if item.filename == part else content)
    return out


def word_template(path: Path) -> Path:
    """A force's template: its own styles, and a line of text the paper leaves out."""
    template = docx.Document()
    template.styles["Normal"].font.name = "Arial"
    template.add_paragraph("Harrowdale Constabulary committee paper")
    template.save(str(path))
    return path


def _empty(good: Path, out: Path) -> Path:
    out.write_bytes(b"")
    return out


def _first_3_kb(good: Path, out: Path) -> Path:
    out.write_bytes(good.read_bytes()[:3072])
    return out


def _zip_of_notes(good: Path, out: Path) -> Path:
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("notes.txt", "Agenda item 7: the paper's notes")
    return out


def _pdf(good: Path, out: Path) -> Path:
    out.write_bytes(
        b"%PDF-1.7\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n"
    )
    return out


def _folder(good: Path, out: Path) -> Path:
    out.mkdir()
    return out


Damage = Callable[[Path, Path], Path]

TEMPLATES: list[tuple[str, Damage, str]] = [
    ("empty", _empty, "it is empty (0 bytes)."),
    ("first 3 KB", _first_3_kb, "its ZIP archive is damaged (File is not a zip file); "),
    ("a zip of notes", _zip_of_notes, "it is a ZIP archive, not a Word document (.docx)."),
    (
        "document cut in half",
        lambda good, out: cut_in_half(good, out, "word/document.xml"),
        "its part word/document.xml is damaged (",
    ),
    (
        "bytes of the document overwritten",
        lambda good, out: corrupted(good, out, "word/document.xml"),
        "its part word/document.xml is damaged (Error -3 while decompressing data",
    ),
    ("a PDF", _pdf, "it is a PDF, not a Word document; give the .docx it came from."),
    (
        "entity bomb in the document",
        lambda good, out: entity_bomb(good, out, "word/document.xml"),
        "its part word/document.xml contains XML entity declarations, which Word never writes",
    ),
    (
        "entity declared in the styles",
        lambda good, out: entity_bomb(good, out, "word/styles.xml"),
        "its part word/styles.xml contains XML entity declarations, which Word never writes",
    ),
    ("password-protected", lambda good, out: encrypted_workbook(out), "it is protected with a"),
    ("a folder", _folder, "it is a folder, not a Word document (.docx)."),
]


@pytest.mark.parametrize(
    ("damage", "says"), [t[1:] for t in TEMPLATES], ids=[t[0] for t in TEMPLATES]
)
def test_a_damaged_or_hostile_word_template_is_one_sentence_naming_it(
    tmp_path: Path, fixture_store: PlanStore, damage: Damage, says: str
) -> None:
    template = damage(word_template(tmp_path / "house.docx"), tmp_path / "template.docx")
    paper = tmp_path / "paper.docx"
    paper.write_bytes(b"last month's paper")
    with pytest.raises(ExportError) as refused:
        build_word_paper(fixture_store.snapshot(), paper, template=template)
    assert str(refused.value).startswith(f"The Word template {template} cannot be read: {says}")
    assert "\n" not in str(refused.value)
    assert paper.read_bytes() == b"last month's paper"


def test_a_good_template_still_gives_the_paper_its_house_style(
    tmp_path: Path, fixture_store: PlanStore
) -> None:
    template = word_template(tmp_path / "house.docx")
    paper = build_word_paper(fixture_store.snapshot(), tmp_path / "paper.docx", template=template)
    document = docx.Document(str(paper.path))
    assert document.styles["Normal"].font.name == "Arial"
    assert "Harrowdale Constabulary committee paper" not in [p.text for p in document.paragraphs]


@pytest.mark.parametrize("name", ["findings.xlsx", "findings.csv"])
def test_a_register_tracker_that_is_a_folder_is_said_to_be_one(tmp_path: Path, name: str) -> None:
    folder = tmp_path / name
    folder.mkdir()
    with pytest.raises(ImportFormatError) as refused:
        read_register_tracker(folder)
    assert str(refused.value) == f"{folder}: is a folder, not a tracker, so it was not read."


def test_a_finding_longer_than_an_excel_cell_is_refused_saying_where(
    tmp_path: Path, fixture_store: PlanStore
) -> None:
    tracker = findings_tracker(tmp_path / "peel.xlsx")
    pasted = "The force should " * 65_536  # a megabyte pasted in by mistake
    text = PEEL_2022[1][2]
    huge = with_sheet_text(tracker, tmp_path / "huge.xlsx", text[:40], pasted)
    before = dump_store(fixture_store)
    with pytest.raises(ImportFormatError) as refused:
        read_register_tracker(huge)
    assert str(refused.value) == (
        f"{huge}: sheet 'PEEL tracker', row 4, column C (Recommendation/AFI): is "
        f"{len(pasted) + len(text) - 40:,} characters long, more than the 32,767 an Excel cell "
        "holds, so the file was not read."
    )
    assert dump_store(fixture_store) == before


def test_an_action_longer_than_an_excel_cell_is_refused_saying_where(tmp_path: Path) -> None:
    table = agenda_table(tmp_path / "refs.xlsx")
    huge = with_sheet_text(
        table, tmp_path / "huge.xlsx", OUTSTANDING_REFERENCES[0][2][:30], "x" * (1 << 20)
    )
    with pytest.raises(ImportFormatError, match=r"sheet 'Outstanding refs', row 3, column C "):
        read_register_tracker(huge)


def test_a_csv_cell_past_the_csv_limit_is_refused_naming_its_row(tmp_path: Path) -> None:
    csv_file = tmp_path / "peel.csv"
    csv_file.write_text(
        "Report,Ref,Recommendation/AFI\r\n"
        f"PEEL 2022,1,{PEEL_2022[0][2]}\r\n"
        f'PEEL 2022,2,"{"The force should " * 65_536}"\r\n',
        encoding="utf-8",
    )
    with pytest.raises(ImportFormatError) as refused:
        read_register_tracker(csv_file)
    assert str(refused.value) == (
        f"{csv_file}: row 3: a cell is longer than the 131,072 characters a CSV cell is read "
        "up to, far more than the 32,767 an Excel cell holds, so the file was not read."
    )


def test_a_finding_that_looks_like_a_formula_is_exported_as_text(
    tmp_path: Path, fixture_store: PlanStore
) -> None:
    typed = [
        '=HYPERLINK("http://evil.example/report","PEEL 2022 report")',
        "+cmd|' /C calc'!A0",
        "-2+3 officers short",
        "@SUM(1+1)",
    ]
    rows: list[list[object]] = [FINDINGS_HEADER]
    for number, text in enumerate(typed, start=1):
        rows.append(["PEEL 2022", number, text, "AFI", "Brett McKenna", "Open", "=1+1"])
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # as typed after a quote: text that starts with "="
    workbook.save(tmp_path / "formulas.xlsx")
    reading = read_register_tracker(tmp_path / "formulas.xlsx")
    apply_registers(fixture_store, reading.registers, source="formulas.xlsx")
    out = tmp_path / "findings.xlsx"
    export_register(fixture_store, "findings", out)
    written = openpyxl.load_workbook(out).active
    cells = [c for row in written.iter_rows() for c in row if c.value in (*typed, "=1+1")]
    assert sorted({c.value for c in cells}) == sorted({*typed, "=1+1"})
    assert {c.data_type for c in cells} == {"s"}
    assert all(c.quotePrefix for c in cells)


def test_a_measures_narrative_longer_than_an_excel_cell_is_refused_saying_where(
    tmp_path: Path,
) -> None:
    tracker = write_workbook(
        tmp_path / "measures.xlsx",
        [
            (
                "Measures",
                [
                    ["Measure", "Period", "Value", "Reasons", "Response"],
                    ["Reduce Neighbourhood Crime", "Q1 2023/24", 428, "Burglary up", "Patrols"],
                    ["Reduce Neighbourhood Crime", "Q2 2023/24", 371, "Back down", "Kept on"],
                ],
            )
        ],
    )
    pasted = "Burglary up in the east of the City. " * 28_000
    huge = with_sheet_text(tracker, tmp_path / "huge.xlsx", "Back down", pasted)
    with pytest.raises(ImportFormatError) as refused:
        read_measures_workbook(huge)
    assert str(refused.value) == (
        f"{huge}: sheet 'Measures', row 3, column D: is {len(pasted):,} characters long, more "
        "than the 32,767 an Excel cell holds, so the file was not read."
    )


@pytest.mark.parametrize("name", ["measures.csv", "measures.txt"])
def test_measures_saved_as_csv_are_told_to_be_saved_as_a_workbook(
    tmp_path: Path, name: str
) -> None:
    saved = tmp_path / name
    saved.write_text("Measure,Q1 2023/24\nReduce Neighbourhood Crime,428\n", encoding="utf-8")
    with pytest.raises(ImportFormatError) as refused:
        read_measures_workbook(saved)
    # It used to say "give it a .csv name", which it has.
    assert str(refused.value) == (
        f"{saved}: measures are read from an Excel workbook (.xlsx), not from text or CSV; "
        "open it in Excel and save it as an Excel Workbook (.xlsx), then import that."
    )


def _unreadable(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    """``path`` refuses to be opened, as a file without read permission does (tests run as
    root here, where chmod 000 would not stop the read)."""
    opened = Path.open

    def refuse(self: Path, *args: object, **kwargs: object) -> object:
        if self == path:
            raise PermissionError(13, "Permission denied", str(path))
        return opened(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refuse)


def test_a_template_that_cannot_be_read_says_so(
    tmp_path: Path, fixture_store: PlanStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    template = word_template(tmp_path / "house.docx")
    _unreadable(monkeypatch, template)
    with pytest.raises(ExportError) as refused:
        build_word_paper(fixture_store.snapshot(), tmp_path / "paper.docx", template=template)
    assert str(refused.value) == f"The Word template {template} cannot be read: Permission denied."
    assert not (tmp_path / "paper.docx").exists()


@pytest.mark.parametrize(
    "read",
    [read_register_tracker, read_measures_workbook],
    ids=["register", "measures"],
)
def test_a_tracker_that_cannot_be_read_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, read: Callable[[Path], object]
) -> None:
    tracker = findings_tracker(tmp_path / "peel.xlsx")
    _unreadable(monkeypatch, tracker)
    with pytest.raises(ImportFormatError) as refused:
        read(tracker)
    assert str(refused.value) == f"{tracker}: cannot be read (Permission denied)."
