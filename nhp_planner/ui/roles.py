"""The item roles of NHP Planner's Qt models: what proxies, delegates and the editor read."""

from __future__ import annotations

from PySide6.QtCore import Qt

# Plain ints: a model's data() compares the role it is given on every call.
DISPLAY = int(Qt.ItemDataRole.DisplayRole)
EDIT = int(Qt.ItemDataRole.EditRole)
DECORATION = int(Qt.ItemDataRole.DecorationRole)
TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
FONT = int(Qt.ItemDataRole.FontRole)
ACCESSIBLE_TEXT = int(Qt.ItemDataRole.AccessibleTextRole)

_USER = int(Qt.ItemDataRole.UserRole)

#: The row's domain object: a Deliverable, or an Objective (None for "All objectives").
OBJECT_ROLE = _USER + 1
#: The entity id of the row.
ID_ROLE = _USER + 2
#: A key that orders a column as people expect (1.9 before 1.10; undated last).
SORT_ROLE = _USER + 3
#: The row's Rag.
RAG_ROLE = _USER + 4
#: The row's RowFacts: everything the filters look at, in one value.
FILTER_ROLE = _USER + 5
#: Whether the deliverable is overdue (bool).
OVERDUE_ROLE = _USER + 6
#: An objective's RagCounts (the "All objectives" row: the whole plan's).
RAG_COUNTS_ROLE = _USER + 7
#: An objective's number (None for "All objectives").
NUMBER_ROLE = _USER + 8
#: How the deliverable's RAG moved since the previous period (RagMove), None with no period before.
MOVE_ROLE = _USER + 9
#: Whether the deliverable has unresolved merge conflicts (bool).
CONFLICT_ROLE = _USER + 10
#: A value as runs of text, the words the other value lacks marked (tuple of WordRun).
WORD_RUNS_ROLE = _USER + 11
