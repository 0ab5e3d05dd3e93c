"""The cover report's content: header rows, Summary, Recommendation(s), Main Report, sign-off."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from nhp_planner.io.paper.as_at import AsAt
from nhp_planner.io.paper.fields import COVER_FIELDS, FIELDS_BY_NAME, IMPLICATIONS, MAIN_REPORT
from nhp_planner.io.paper.shares import percentages
from nhp_planner.model.entities import EXEMPTION_DEFAULT, CoverReport, PlanSnapshot
from nhp_planner.model.movement import PlanMovement, RagMove
from nhp_planner.model.rag import ALL_RAGS, Rag
from nhp_planner.model.summary import PlanSummary, UpdateProgress

#: The default name of Appendix 1, when the cover's Appendices do not name it.
APPENDIX_1 = "Appendix 1 – Delivery plan"
_APPENDIX_1 = re.compile(r"^\s*[•\-–]?\s*(Appendix\s+1\b.*)$", re.IGNORECASE | re.MULTILINE)


@dataclass(frozen=True, slots=True)
class HeaderRow:
    """A row of the cover's header table, which committee papers set in two columns.

    Each side has a label (printed bold) and a value; ``stacked`` puts the
    value under its label ("Committee(s):" over the committees, beside "Dated:"
    over the date), else it follows on the same line ("Subject: ..."). The
    funding questions are a label on the left with the answer on the right.
    """

    left_label: str
    left_value: str = ""
    right_label: str = ""
    right_value: str = ""
    stacked: bool = False


@dataclass(frozen=True, slots=True)
class Implication:
    """One of the Corporate & Strategic Implications: "Financial implications" and the text."""

    label: str
    text: str


@dataclass(frozen=True, slots=True)
class ReportSection:
    """A section of the Main Report in the author's own words (Background, Options...)."""

    heading: str
    text: str = ""
    implications: tuple[Implication, ...] = ()


@dataclass(frozen=True, slots=True)
class CoverContent:
    """Everything the cover report prints, in order, and what it left blank."""

    cover: CoverReport
    header: tuple[HeaderRow, ...]
    position: str
    summary: tuple[str, ...]
    recommendations: tuple[str, ...]
    main_report: tuple[ReportSection, ...]
    appendices: tuple[str, ...]
    appendix_1: str
    sign_off: tuple[str, ...]
    #: Labels of the fields printed blank that a tabled paper should have.
    blank: tuple[str, ...]
    #: Labels of the fields carried from the last meeting and flagged for review.
    to_review: tuple[str, ...]


def complete_cover(
    snapshot: PlanSnapshot, summary: PlanSummary, movement: PlanMovement | None, as_at: AsAt
) -> CoverReport:
    """The stored cover with what the plan itself can say filled in (nothing is stored).

    Only what the plan knows is filled: the Subject from its title and period,
    Report of and Report author from its owner, the Summary from its RAG counts.
    Anything else left blank stays blank: the paper never invents a committee or a date.
    """
    plan = snapshot.plan
    cover = plan.cover
    period = f": {snapshot.period.label} update" if snapshot.period else ""
    author = plan.owner or plan.force or ""
    filled = {
        "subject": f"{plan.title}{period}",
        "report_of": author,
        "report_author": author,
        "summary": default_summary(snapshot, summary, movement, as_at),
    }
    return dataclasses.replace(
        cover,
        **{name: value for name, value in filled.items() if not getattr(cover, name).strip()},
    )


def default_summary(
    snapshot: PlanSnapshot, summary: PlanSummary, movement: PlanMovement | None, as_at: AsAt
) -> str:
    """A Summary written from the RAG counts and the movement since the last period."""
    plan = snapshot.plan
    counts = summary.overall
    when = f" for {snapshot.period.label}" if snapshot.period else ""
    if not counts.total:
        return f"This report sets out the {plan.title}{when}. It has no deliverables yet."
    key = plan.rag_key
    shares = dict(zip(ALL_RAGS, percentages([counts.count(r) for r in ALL_RAGS]), strict=True))

    def share(rag: Rag) -> str:
        return f"{counts.count(rag)} ({shares[rag]}%)"

    parts = [
        f"{share(Rag.GREEN)} GREEN ({key.green.lower()})",
        f"{share(Rag.AMBER)} AMBER ({key.amber.lower()})",
        f"{share(Rag.RED)} RED ({key.red.lower()})",
    ]
    if counts.not_rated:
        parts.append(f"{share(Rag.NOT_RATED)} not yet rated")
    text = [
        f"This report sets out progress on the {plan.title}{when}, as at {as_at.text}. "
        f"Of its {counts.total} deliverables, {join(parts)}."
    ]
    if counts.overdue:
        are = "is" if counts.overdue == 1 else "are"
        text.append(f"{counts.overdue} {_deliverables(counts.overdue)} {are} past their due date.")
    if movement is not None and movement.from_period is not None:
        moves = movement.counts()
        changes = [
            f"{moves[move]} {move.value}"
            for move in (RagMove.IMPROVED, RagMove.DECLINED, RagMove.RATED, RagMove.NEW)
            if moves[move]
        ]
        if moves[RagMove.REMOVED]:
            changes.append(f"{moves[RagMove.REMOVED]} removed")
        since = f"Since {movement.from_period.label}, "
        text.append(
            since + join(changes) + "."
            if changes
            else since + "no deliverable's RAG rating has changed."
        )
    text.append(
        "The RED, AMBER and overdue deliverables are listed under Exceptions; "
        "the full delivery plan is at Appendix 1."
    )
    return " ".join(text)


def cover_content(cover: CoverReport, as_at: AsAt, updates: UpdateProgress) -> CoverContent:
    """Lay the completed cover out as the papers do, and note what was left blank."""
    purpose = cover.purpose.strip()
    public = cover.public.strip()
    exemption = ""
    if cover.is_non_public:
        exemption = cover.exemption.strip() or EXEMPTION_DEFAULT
    header = [
        HeaderRow("Committee(s):", cover.committees, "Dated:", cover.dated, stacked=True),
        HeaderRow("Subject:", cover.subject, public, exemption),
        HeaderRow(_label("corporate_plan_outcomes"), "", "", cover.corporate_plan_outcomes),
        *(
            HeaderRow(_label(name), "", "", getattr(cover, name))
            for name in ("extra_spending", "spending_amount", "funding_source", "funding_agreed")
        ),
        HeaderRow(
            "Report of:",
            "\n".join(v.strip() for v in (cover.report_of, cover.report_reference) if v.strip()),
            purpose,
        ),
        HeaderRow("Report author:", cover.report_author),
    ]
    summary = list(blocks(cover.summary))
    if updates.not_updated:
        summary.append(
            f"{len(updates.not_updated)} of {updates.total} deliverables not yet updated"
            + (f" for {updates.period.label}" if updates.period else "")
            + "; their last update is printed, marked with the month it was made."
        )
    appendices, appendix_1 = _appendices(cover.appendices)
    sign_off = tuple(
        line
        for line in (
            cover.signoff_name.strip(),
            cover.signoff_title.strip(),
            f"E: {cover.signoff_email.strip()}" if cover.signoff_email.strip() else "",
        )
        if line
    )
    blank = [
        field.title
        for field in COVER_FIELDS
        if field.warn_blank and not getattr(cover, field.name).strip()
    ]
    if cover.is_non_public and not cover.exemption.strip():
        blank.append(FIELDS_BY_NAME["exemption"].title)
    review = cover.to_review
    return CoverContent(
        cover=cover,
        header=tuple(header),
        position=f"Position as at {as_at.text}",
        summary=tuple(summary),
        recommendations=tuple(
            line.strip() for line in cover.recommendations.splitlines() if line.strip()
        ),
        main_report=_main_report(cover),
        appendices=appendices,
        appendix_1=appendix_1,
        sign_off=sign_off,
        blank=tuple(blank),
        to_review=tuple(f.title for f in COVER_FIELDS if f.name in review),
    )


def _label(name: str) -> str:
    return FIELDS_BY_NAME[name].label


def _main_report(cover: CoverReport) -> tuple[ReportSection, ...]:
    """The Main Report's sections the author wrote, in the papers' order; none if none."""
    sections: list[ReportSection] = []
    implications = tuple(
        Implication(field.label, getattr(cover, field.name).strip())
        for field in COVER_FIELDS
        if field.group == IMPLICATIONS and getattr(cover, field.name).strip()
    )
    for field in COVER_FIELDS:
        if field.group != MAIN_REPORT:
            continue
        if field.name == "conclusion" and implications:
            sections.append(ReportSection(IMPLICATIONS, implications=implications))
        text = getattr(cover, field.name).strip()
        if text:
            sections.append(ReportSection(field.label, text))
    return tuple(sections)


def _appendices(text: str) -> tuple[tuple[str, ...], str]:
    """The Appendices lines, and the name of Appendix 1 (the cover's, added if it is missing)."""
    lines = [line.strip().lstrip("•").strip() for line in text.splitlines() if line.strip()]
    match = _APPENDIX_1.search("\n".join(lines))
    if match is None:
        return (APPENDIX_1, *lines), APPENDIX_1
    # The name is the line's first sentence: "(this is a working document...)" is a remark.
    name = re.split(r"\s+\(|\.\s", match.group(1).strip(), maxsplit=1)[0].rstrip(".")
    return tuple(lines), name


def blocks(text: str) -> tuple[str, ...]:
    """Paragraphs of a cover field: split at blank lines; single line breaks are kept."""
    parts = [b.strip("\n") for b in re.split(r"\n\s*\n", text.replace("\r\n", "\n"))]
    return tuple(b for b in parts if b.strip())


def _deliverables(count: int) -> str:
    return "deliverable" if count == 1 else "deliverables"


def join(parts: list[str]) -> str:
    """ "a, b and c"."""
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
