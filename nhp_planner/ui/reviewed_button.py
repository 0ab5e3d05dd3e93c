"""The editor's "Reviewed, No Change" button: looked at this period, nothing to change.

Choosing the same RAG again changes nothing, so it cannot say "reviewed"; this
button does, while the deliverable shown can be edited and is not yet updated.
"""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton, QWidget

from nhp_planner.model.entities import Deliverable


class ReviewedButton(QPushButton):
    """Offered while the deliverable shown can be edited and is not yet updated for the period."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__("Reviewed, No Change", parent)
        self.setToolTip(
            "Nothing to change this period: mark it updated, so it is no longer "
            "“not yet updated” (Ctrl+R)"
        )

    def show_for(self, deliverable: Deliverable | None, editable: bool) -> None:
        self.setEnabled(editable and deliverable is not None and deliverable.updated_at is None)
