"""Word by word, what a changed value lost and gained (the merge preview marks it)."""

from __future__ import annotations

import pytest

from nhp_planner.model.diff import WordRun, word_diff


def _marked(runs: tuple[WordRun, ...]) -> list[str]:
    return [run.text for run in runs if run.changed]


def test_a_sentence_a_lead_added_is_the_only_thing_marked() -> None:
    old = "Ward profiles drafted for 24 of 28 wards; the remaining 4 follow in January."
    new = f"{old} Ward panels agreed the new priorities on 3 December."
    removed, added = word_diff(old, new)
    assert _marked(removed) == []
    assert _marked(added) == ["Ward panels agreed the new priorities on 3 December."]
    assert "".join(r.text for r in added) == new


def test_a_changed_figure_and_a_dropped_word_are_marked_on_each_side() -> None:
    old = "Leads named in 24 wards, subject to the  vetting backlog.\nReview due 31/03/2024."
    new = "Leads named in all 28 wards.\nReview due 31/03/2024."
    removed, added = word_diff(old, new)
    assert _marked(removed) == ["24 wards, subject to the  vetting backlog."]
    assert _marked(added) == ["all 28 wards."]
    # Each side joins back to its value exactly: double spaces and line breaks kept.
    assert "".join(r.text for r in removed) == old
    assert "".join(r.text for r in added) == new
    # Unmarked runs are the words both share, in order.
    same_old = " ".join(" ".join(r.text.split()) for r in removed if not r.changed)
    same_new = " ".join(" ".join(r.text.split()) for r in added if not r.changed)
    assert same_old == same_new == "Leads named in Review due 31/03/2024."


def test_spacing_alone_changes_no_word_and_space_is_never_marked() -> None:
    removed, added = word_diff("Ongoing  Review 2025", "  Ongoing\nReview 2025 ")
    assert _marked(removed) == _marked(added) == []
    _, added = word_diff("Complete", "Complete Review 31/03/2024")
    assert _marked(added) == ["Review 31/03/2024"]
    assert all(r.text == r.text.strip() for r in added if r.changed)


def test_repeated_words_and_markup_like_text_are_words_like_any_other() -> None:
    old = "the the plan <b>agreed</b> & =SUM(A1)"
    new = "the plan <b>agreed</b> & minuted =SUM(A1)"
    removed, added = word_diff(old, new)
    assert _marked(removed) == ["the"]
    assert _marked(added) == ["minuted"]


@pytest.mark.parametrize(
    ("old", "new"),
    [("", ""), ("", "Now rated GREEN."), ("AMBER", ""), ("AMBER", "GREEN"), ("ÉÀ – ✓", "ÉÀ")],
)
def test_blank_and_whole_value_changes(old: str, new: str) -> None:
    removed, added = word_diff(old, new)
    assert "".join(r.text for r in removed) == old
    assert "".join(r.text for r in added) == new
    if old and new and old.split()[0] != new.split()[0]:
        assert _marked(removed) == [old] and _marked(added) == [new]
