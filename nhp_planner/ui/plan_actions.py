"""The Plan menu (its properties) and Edit ▸ Preferences: the plan's and the person's settings."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from nhp_planner.ui import preferences
from nhp_planner.ui.actions import ActionSpec, have
from nhp_planner.ui.appearance import apply_theme
from nhp_planner.ui.window_context import WindowContext


class PlanActions:
    """Plan ▸ Properties (title, force, owner, RAG key) and Edit ▸ Preferences."""

    def __init__(self, context: WindowContext) -> None:
        self._context = context

    def action_specs(self) -> list[ActionSpec]:
        return [
            ActionSpec(
                "plan_properties",
                "&Properties…",
                self.edit_properties,
                menu="plan",
                tip="The plan's title, force, owner and the wording of its RAG key",
                enabled_when=have,
            ),
            ActionSpec(
                "preferences",
                "&Preferences…",
                self.edit_preferences,
                menu="edit",
                group=9,
                shortcut="Ctrl+,",
                tip="Your name as the change history records it; light or dark colours",
            ),
        ]

    def edit_properties(self) -> None:
        context = self._context
        session = context.session
        if session is None:
            return
        from nhp_planner.ui.plan_properties import PlanPropertiesDialog  # when first used

        context.editor.commit_pending()
        dialog = PlanPropertiesDialog(session.plan, context.parent, read_only=session.read_only)
        dialog.accepted.connect(
            lambda: context.guarded(
                "The plan's properties could not be saved.",
                lambda: session.set_properties(dialog.plan()),
            )
        )
        context.open_dialog(dialog)

    def edit_preferences(self) -> None:
        from nhp_planner.ui.preferences_dialog import PreferencesDialog  # when first used

        context = self._context
        dialog = PreferencesDialog(preferences.stored(context.settings), context.parent)

        def accepted() -> None:
            self.apply(dialog.preferences())

        dialog.accepted.connect(accepted)
        context.open_dialog(dialog)

    def apply(self, chosen: preferences.Preferences) -> None:
        """Keep the preferences and act on them now: the plan open records the new name."""
        context = self._context
        preferences.remember(context.settings, chosen)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, chosen.theme)
        session = context.session
        if session is not None:
            session.store.record_as(preferences.history_name(context.settings))
