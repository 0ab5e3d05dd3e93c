"""The committee paper as an accessible Word document (python-docx, no Qt)."""

from nhp_planner.io.word_paper.paper import WordPaperResult, build_word_paper

__all__ = ["WordPaperResult", "build_word_paper"]
