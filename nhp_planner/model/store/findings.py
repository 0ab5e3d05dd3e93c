"""The inspectorate register in the plan file: items per period, written through the history."""

from __future__ import annotations

from nhp_planner.model.errors import ValidationError
from nhp_planner.model.findings import InspectorateItem
from nhp_planner.model.registers import words_key
from nhp_planner.model.store.register_edits import RegisterEdits
from nhp_planner.model.store.register_rows import FINDINGS, Values


class FindingRegister(RegisterEdits[InspectorateItem]):
    """HMICFRS (and other inspection) findings: an item is known by its report and reference."""

    register = FINDINGS

    def build(self, values: Values, entity_id: str) -> InspectorateItem:
        return InspectorateItem.from_fields(
            values, id=entity_id, updated_at=values.get("updated_at")
        )

    def key(self, item: InspectorateItem) -> str:
        return f"{words_key(item.report)}|{words_key(item.ref)}"

    def check(self, item: InspectorateItem) -> None:
        if not item.ref.strip():
            raise ValidationError("An inspectorate item needs its reference as published.")
        if not item.text.strip():
            raise ValidationError(f"{item.label} needs its text.")
