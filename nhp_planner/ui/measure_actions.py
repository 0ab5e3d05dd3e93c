"""View ▸ Performance Measures: each measure's SPC chart beside its values (issue 21)."""

from __future__ import annotations

from nhp_planner.ui.actions import ActionSpec, have
from nhp_planner.ui.window_context import WindowContext

#: The View menu's group: after the panes the window shows itself.
MEASURES = 5


class MeasureActions:
    """Opens the measures view on the plan shown, as at today."""

    def __init__(self, context: WindowContext) -> None:
        self._context = context

    def action_specs(self) -> list[ActionSpec]:
        return [
            ActionSpec(
                "measures",
                "Performance &Measures…",
                self._on_measures,
                menu="view",
                group=MEASURES,
                shortcut="Ctrl+M",
                tip="Each measure's SPC chart, values, exceptions, Reasons and Response",
                enabled_when=have,
            )
        ]

    def _on_measures(self) -> None:
        context = self._context
        session = context.session
        if session is None:
            return
        from nhp_planner.ui.measures_dialog import MeasuresDialog

        measures = session.store.measures()
        context.open_dialog(MeasuresDialog(measures, context.today(), context.parent))
