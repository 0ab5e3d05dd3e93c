"""The window's settings (size, splitters, recent plans): an INI file in the config folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from nhp_planner.paths import user_config_dir

SETTINGS_FILE = "nhp-planner.ini"
#: How many plans File > Open Recent lists.
RECENT_LIMIT = 8

LAST_PLAN = "plans/last"
#: Whether the last plan is a copy made for a lead.
LAST_PLAN_IS_COPY = "plans/last_is_copy"
RECENT_PLANS = "plans/recent"
GEOMETRY = "window/geometry"
WINDOW_STATE = "window/state"
SPLITTER = "window/splitter"
TABLE_HEADER = "window/table_header"
LAST_FOLDER = "files/last_folder"
WORD_TEMPLATE = "paper/word_template"


def app_settings() -> QSettings:
    """The settings file, located afresh each time so tests' temporary homes are honoured.

    QSettings' own default location is fixed once per process; an explicit
    path follows ``XDG_CONFIG_HOME`` (or the platform's equivalent) every time.
    """
    return QSettings(str(user_config_dir() / SETTINGS_FILE), QSettings.Format.IniFormat)


def recent_plans(settings: QSettings) -> list[Path]:
    """Recently opened plans, newest first."""
    value = settings.value(RECENT_PLANS, [])
    if isinstance(value, str):  # QSettings reads a one-item list back as a string
        value = [value]
    items = value if isinstance(value, list) else []
    return [Path(str(item)) for item in items if item]


def remember_plan(settings: QSettings, path: Path, *, copy: bool = False) -> None:
    """Put a plan at the top of the recent list and make it the one to open next time.

    A lead's ``copy`` is the one to open next time only where no master plan was: the
    owner who looks at a copy that came back still starts in the master next time,
    while a lead who has only their copy starts in it.
    """
    path = path.resolve()
    recent = [path, *(p for p in recent_plans(settings) if p != path)][:RECENT_LIMIT]
    settings.setValue(RECENT_PLANS, [str(p) for p in recent])
    master = last_plan(settings) is not None and not _bool(settings.value(LAST_PLAN_IS_COPY))
    if copy and master:
        return
    settings.setValue(LAST_PLAN, str(path))
    settings.setValue(LAST_PLAN_IS_COPY, copy)


def _bool(value: object) -> bool:
    """A flag as QSettings reads it back from an ini file (the text "true" or "false")."""
    return value is True or str(value).lower() == "true"


def forget_recent(settings: QSettings) -> None:
    settings.setValue(RECENT_PLANS, [])


def last_plan(settings: QSettings) -> Path | None:
    """The plan open when the window last closed, if it still exists."""
    value = settings.value(LAST_PLAN, "")
    path = Path(str(value)) if value else None
    return path if path is not None and path.exists() else None


def last_folder(settings: QSettings) -> Path:
    """Where file dialogs start: the folder last used, else the home folder."""
    value = settings.value(LAST_FOLDER, "")
    folder = Path(str(value)) if value else Path.home()
    return folder if folder.is_dir() else Path.home()


def remember_folder(settings: QSettings, path: Path) -> None:
    settings.setValue(LAST_FOLDER, str(path if path.is_dir() else path.parent))


def word_template(settings: QSettings) -> Path | None:
    """The force's Word template the committee paper takes its styles from, if one is set
    and still there."""
    value = settings.value(WORD_TEMPLATE, "")
    path = Path(str(value)) if value else None
    return path if path is not None and path.is_file() else None


def set_word_template(settings: QSettings, path: Path | None) -> None:
    settings.setValue(WORD_TEMPLATE, str(path) if path is not None else "")
