"""The committee paper's content: what it says, decided once for the PDF pack and the Word paper."""

from nhp_planner.io.paper.content import Paper, build_paper
from nhp_planner.io.paper.fields import COVER_FIELDS, PURPOSES, CoverField

__all__ = ["COVER_FIELDS", "PURPOSES", "CoverField", "Paper", "build_paper"]
