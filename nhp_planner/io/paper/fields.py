"""The cover report's fields: their labels as committee papers print them, in the papers' order."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class FieldKind(enum.Enum):
    """How a field is typed in: one line, several paragraphs, or one of a few choices."""

    LINE = "line"
    TEXT = "text"
    CHOICE = "choice"


@dataclass(frozen=True, slots=True)
class CoverField:
    """One field of the cover: its name in the plan file, its label, how it is edited.

    ``group`` is the part of the paper it belongs to (the header table, the
    Main Report, the sign-off); ``warn_blank`` says whether a paper printed with
    it blank should say so (the Main Report's sections are optional, the header's
    rows are not).
    """

    name: str
    label: str
    kind: FieldKind
    group: str
    warn_blank: bool = False
    hint: str = ""
    #: A shorter name for warnings and the dialog, where the label is a whole question.
    short: str = ""

    @property
    def title(self) -> str:
        return self.short or self.label


HEADER = "Cover"
MAIN_REPORT = "Main Report"
IMPLICATIONS = "Corporate & Strategic Implications"
SIGN_OFF = "Sign-off"

#: The --purpose choices and how committee papers word them.
PURPOSES = {
    "decision": "For Decision",
    "discussion": "For Discussion",
    "information": "For Information",
}
PUBLIC_CHOICES = ("Public", "Non-public")

_LINE, _TEXT, _CHOICE = FieldKind.LINE, FieldKind.TEXT, FieldKind.CHOICE

#: Every field of the cover, in the order a committee paper prints it.
COVER_FIELDS: tuple[CoverField, ...] = (
    CoverField("committees", "Committee(s)", _LINE, HEADER, True, "e.g. Police Authority Board"),
    CoverField("dated", "Dated", _LINE, HEADER, True, "the meeting's date, e.g. 22 February 2024"),
    CoverField("subject", "Subject", _LINE, HEADER, True),
    CoverField("public", "Public / Non-public", _CHOICE, HEADER),
    CoverField(
        "exemption",
        "Exemption (non-public papers)",
        _LINE,
        HEADER,
        hint="e.g. By virtue of paragraph(s) 7 of Part 1 of Schedule 12A…",
    ),
    CoverField(
        "corporate_plan_outcomes",
        "Which outcomes in the City Corporation's Corporate Plan does this proposal aim to impact "
        "directly?",
        _LINE,
        HEADER,
        True,
        "e.g. People are Safe and Feel Safe",
        "Corporate Plan outcome(s)",
    ),
    CoverField(
        "extra_spending",
        "Does this proposal require extra revenue and/or capital spending?",
        _LINE,
        HEADER,
        True,
        short="Extra revenue or capital spending",
    ),
    CoverField("spending_amount", "If so, how much?", _LINE, HEADER, True, short="How much"),
    CoverField(
        "funding_source",
        "What is the source of Funding?",
        _LINE,
        HEADER,
        True,
        short="Source of funding",
    ),
    CoverField(
        "funding_agreed",
        "Has this Funding Source been agreed with the Chamberlain's Department?",
        _LINE,
        HEADER,
        True,
        short="Funding agreed with the Chamberlain's Department",
    ),
    CoverField("report_of", "Report of", _LINE, HEADER, True, "e.g. Commissioner of Police"),
    CoverField("report_reference", "Report reference", _LINE, HEADER, True, "e.g. Pol 23-24"),
    CoverField("purpose", "For Decision / Discussion / Information", _CHOICE, HEADER),
    CoverField("report_author", "Report author", _LINE, HEADER, True),
    CoverField("summary", "Summary", _TEXT, HEADER, hint="written from the RAG counts if blank"),
    CoverField("recommendations", "Recommendation(s)", _TEXT, HEADER, True, "one a line"),
    CoverField("background", "Background", _TEXT, MAIN_REPORT),
    CoverField("current_position", "Current position", _TEXT, MAIN_REPORT),
    CoverField("options", "Options", _TEXT, MAIN_REPORT),
    CoverField("strategic_implications", "Strategic implications", _TEXT, IMPLICATIONS),
    CoverField("financial_implications", "Financial implications", _TEXT, IMPLICATIONS),
    CoverField("resource_implications", "Resource implications", _TEXT, IMPLICATIONS),
    CoverField("legal_implications", "Legal implications", _TEXT, IMPLICATIONS),
    CoverField("risk_implications", "Risk implications", _TEXT, IMPLICATIONS),
    CoverField("equalities_implications", "Equalities implications", _TEXT, IMPLICATIONS),
    CoverField("climate_implications", "Climate implications", _TEXT, IMPLICATIONS),
    CoverField("security_implications", "Security implications", _TEXT, IMPLICATIONS),
    CoverField("conclusion", "Conclusion", _TEXT, MAIN_REPORT),
    CoverField("appendices", "Appendices", _TEXT, HEADER, True, "one a line"),
    CoverField("signoff_name", "Sign-off: name", _LINE, SIGN_OFF, True),
    CoverField("signoff_title", "Sign-off: title", _LINE, SIGN_OFF),
    CoverField("signoff_email", "Sign-off: e-mail", _LINE, SIGN_OFF),
)

FIELDS_BY_NAME = {field.name: field for field in COVER_FIELDS}
