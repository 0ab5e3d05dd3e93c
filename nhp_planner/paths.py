"""Where NHP Planner finds its bundled resources and keeps its own files (no Qt)."""

from __future__ import annotations

from pathlib import Path

import platformdirs

from nhp_planner import APP_NAME

RESOURCES = Path(__file__).resolve().parent.parent / "resources"
SAMPLE_PLAN_JSON = RESOURCES / "sample-plan.json"
FONTS = RESOURCES / "fonts"
ICONS = RESOURCES / "icons"


def user_data_dir() -> Path:
    """Per-user folder for NHP Planner's own files (the working copy of the sample plan)."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False, ensure_exists=True))


def user_config_dir() -> Path:
    """Per-user folder for settings (the window's size, recent plans); read afresh each call."""
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False, ensure_exists=True))


def user_log_dir() -> Path:
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False, ensure_exists=True))
