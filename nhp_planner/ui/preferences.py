"""Preferences: your name as the change history records it, and light, dark or the system's.

A shared laptop's login ("station-laptop-3") is not a person: the name given here
is who the history says made each change. They are kept in the settings here;
``preferences_dialog`` is where they are chosen.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QSettings

from nhp_planner.model.plan_file import current_user
from nhp_planner.ui.appearance import THEMES

USER_NAME = "user/name"
THEME = "view/theme"


@dataclass(frozen=True, slots=True)
class Preferences:
    #: Who the change history says made each change; blank: the login name.
    name: str
    theme: str


def stored(settings: QSettings) -> Preferences:
    theme = str(settings.value(THEME, "system"))
    return Preferences(str(settings.value(USER_NAME, "")), theme if theme in THEMES else "system")


def remember(settings: QSettings, preferences: Preferences) -> None:
    settings.setValue(USER_NAME, preferences.name)
    settings.setValue(THEME, preferences.theme)


def history_name(settings: QSettings) -> str:
    """The name edits are recorded under: the one given in Preferences, else the login."""
    return stored(settings).name or current_user()
