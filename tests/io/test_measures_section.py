"""The "Performance measures" section: its content as at the paper's date, and the PDF it prints."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import docx
from pypdf import PdfReader
from reportlab.platypus import NextPageTemplate, PageBreak

from nhp_planner.io.board_pack import build_board_pack
from nhp_planner.io.board_pack.document import build_document
from nhp_planner.io.board_pack.progress import Progress
from nhp_planner.io.measures_paper import measure_content, measures_content
from nhp_planner.io.measures_pdf import measures_story
from nhp_planner.io.paper.content import DocumentInfo
from nhp_planner.io.word_paper import build_word_paper
from nhp_planner.model.measures import Frequency, Measure, MeasurePeriod, Narrative, Unit
from nhp_planner.model.spc import Polarity
from nhp_planner.model.store import PlanStore
from tests.io.test_spc_chart import crime_measure

Q = MeasurePeriod.quarter
#: The agenda pack's date.
DATED = dt.date(2024, 2, 22)
REASONS = (
    "Neighbourhood crime has increased by 9% (+38) from Q2 to Q3. There has been a decrease "
    "of 4% (-19) since Q1 23/24."
)
RESPONSE = "The introduction of the Cycle Team <b>to target offenders</b> & more."


def crime() -> Measure:
    return crime_measure(
        lead="Supt Neighbourhood Policing",
        definition="Burglary residential, robbery personal, vehicle crime, theft from the person.",
        narratives={Q(2023, 3): Narrative(REASONS, RESPONSE)},
    )


def test_the_content_reads_as_the_agenda_pack_does() -> None:
    content = measure_content(crime(), DATED)
    assert content.table == (
        ("Q4 2022/23", "413"),
        ("Q1 2023/24", "428"),
        ("Q2 2023/24", "371"),
        ("Q3 2023/24", "409"),
    )
    # 409 - 371 = +38, 38 / 371 = 10%; Q3 2022/23 was 455: -46, 46 / 455 = 10%.
    assert content.change == (
        "Q3 2023/24: 409, up 10% (+38) since Q2 2023/24; down 10% (-46) since Q3 2022/23."
    )
    assert content.exceptions == ("Q2 2023/24 (371): below the lower limit (improvement).",)
    assert (
        content.about == "Lead: Supt Neighbourhood Policing; quarterly; lower is better; target 420"
    )
    assert (content.reasons, content.response, content.narrative_note) == (REASONS, RESPONSE, "")


def test_as_at_a_date_a_quarter_not_yet_ended_is_left_out() -> None:
    # 15 December 2023: Q3 2023/24 has not ended, so Q2 2023/24 is the latest.
    content = measure_content(crime(), dt.date(2023, 12, 15))
    assert content.table[-1] == ("Q2 2023/24", "371")
    assert content.change.startswith("Q2 2023/24: 371, down 13% (-57) since Q1 2023/24")
    # On the quarter's last day it has ended.
    assert measure_content(crime(), dt.date(2023, 12, 31)).table[-1] == ("Q3 2023/24", "409")


def test_a_narrative_carried_forward_says_which_period_it_was_written_for() -> None:
    measure = crime_measure(narratives={Q(2023, 2): Narrative("Q2 reasons", "Q2 response")})
    content = measure_content(measure, DATED)
    assert (content.reasons, content.narrative_note) == ("Q2 reasons", "(written for Q2 2023/24)")


def test_a_missing_latest_value_is_said_not_zeroed() -> None:
    measure = Measure(
        "Positive outcome rate",
        Frequency.QUARTERLY,
        unit=Unit.PERCENT,
        polarity=Polarity.HIGHER_IS_BETTER,
        values={Q(2022, 4): 17.0, Q(2023, 1): 18.0, Q(2023, 2): 21.0},
        narratives={Q(2023, 3): Narrative("Data not yet published.", "")},
    )
    content = measure_content(measure, DATED)
    assert content.table[-1] == ("Q3 2023/24", "no value")
    assert content.change == "Q3 2023/24: no value."


def section_pdf(measures: list[Measure]) -> PdfReader:
    story = [
        NextPageTemplate("landscape"),
        PageBreak(),
        *measures_story(measures_content(measures, DATED)),
    ]
    out = io.BytesIO()
    build_document(
        story,
        out,
        heading="City of London Police",
        period="Q3 2023/24",
        classification="Public",
        progress=Progress(None, 1),
        info=DocumentInfo("Performance measures", "Business Information", "Q3", ""),
    )
    return PdfReader(io.BytesIO(out.getvalue()))


def test_the_section_prints_each_measure_with_chart_table_and_narrative() -> None:
    violent = Measure(
        "Reduce Violent Crime",
        Frequency.QUARTERLY,
        values={Q(2022, 4): 357.0, Q(2023, 1): 353.0, Q(2023, 2): 368.0, Q(2023, 3): 447.0},
    )
    reader = section_pdf([crime(), violent])
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Performance measures" in text
    for words in (
        "Reduce Neighbourhood Crime",
        "Data trend",
        "Q4 2022/23",
        "Limits: mean ± 2 standard deviations, from all 12 values.",
        "Q2 2023/24 (371): below the lower limit (improvement).",
        "Reasons",
        "Response",
        # User text is printed as typed, never obeyed as markup.
        "<b>to target offenders</b> & more.",
        "Reduce Violent Crime",
        "None: every value is within the limits",
        "Not written yet.",
    ):
        assert words in " ".join(text.split()), words
    assert 2 <= len(reader.pages) <= 4


def test_a_plan_without_measures_says_so() -> None:
    reader = section_pdf([])
    assert "The plan has no performance measures yet." in reader.pages[-1].extract_text()


def test_the_board_pack_prints_the_section_after_the_exceptions(
    fixture_store: PlanStore, tmp_path: Path
) -> None:
    out = tmp_path / "pack.pdf"
    plain = build_board_pack(fixture_store.snapshot(), tmp_path / "plain.pdf", as_at=DATED)
    result = build_board_pack(fixture_store.snapshot(), out, as_at=DATED, measures=[crime()])
    pages = [" ".join(p.extract_text().split()) for p in PdfReader(out).pages]
    first = next(i for i, text in enumerate(pages) if "Performance measures The charts are" in text)
    assert "Q2 2023/24 (371): below the lower limit (improvement)." in " ".join(pages[first:])
    exceptions = next(i for i, text in enumerate(pages) if "Exceptions: RED, AMBER" in text)
    appendix = max(i for i, text in enumerate(pages) if "Appendix 1" in text)
    assert exceptions < first < appendix
    assert result.pages > plain.pages
    assert not any(
        "Performance measures The charts" in p.extract_text()
        for p in PdfReader(tmp_path / "plain.pdf").pages
    ), "no measures, no section"


def test_the_word_paper_has_the_chart_as_a_picture_with_alternative_text(
    fixture_store: PlanStore, tmp_path: Path
) -> None:
    result = build_word_paper(
        fixture_store.snapshot(), tmp_path / "paper.docx", as_at=DATED, measures=[crime()]
    )
    document = docx.Document(str(result.path))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Performance measures" in headings and "Reduce Neighbourhood Crime" in headings
    descriptions = [s._inline.docPr.get("descr") for s in document.inline_shapes]
    [chart] = [d for d in descriptions if d.startswith("SPC chart of Reduce Neighbourhood Crime")]
    assert "Q4 2022/23 413, Q1 2023/24 428, Q2 2023/24 371, Q3 2023/24 409." in chart
    assert chart.endswith("Exceptions: Q2 2023/24 (371): below the lower limit (improvement).")
    texts = [p.text for p in document.paragraphs]
    assert RESPONSE in texts, "user text kept exactly, markup and all"
    tables = [[c.text for c in t.rows[0].cells] for t in document.tables]
    assert ["Q4 2022/23", "Q1 2023/24", "Q2 2023/24", "Q3 2023/24"] in tables
