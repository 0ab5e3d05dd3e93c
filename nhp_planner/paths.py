"""Where NHP Planner finds its bundled resources and keeps its own files (no Qt).

platformdirs is imported by the functions that ask it, not here: a command that
needs no folder of the user's (most runs) does not load it (some 5 ms).
"""

from __future__ import annotations

from pathlib import Path

from nhp_planner import APP_NAME

#: A plan file's suffix.
PLAN_SUFFIX = ".nhp"


def resource(*parts: str) -> Path:
    """A file bundled with NHP Planner: the sample plan, a font, an icon.

    The repository keeps them in its top-level ``resources/`` folder, which the
    package ships as ``nhp_planner.resources``; reading them through
    ``importlib.resources`` finds them alike in a checkout (editable install), an
    installed wheel, pipx and a frozen (PyInstaller) build. Each of those unpacks
    the package into folders, so the file has a name reportlab and Qt can open.
    """
    from importlib.resources import files  # some 5 ms, and only a resource needs it

    found = files("nhp_planner.resources").joinpath(*parts)
    if not isinstance(found, Path):
        raise RuntimeError(f"NHP Planner's resources are not in a folder ({found}); reinstall it.")
    return found


def user_data_dir() -> Path:
    """Per-user folder for NHP Planner's own files (the working copy of the sample plan)."""
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False, ensure_exists=True))


def user_config_dir() -> Path:
    """Per-user folder for settings (the window's size, recent plans); read afresh each call."""
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False, ensure_exists=True))


def user_log_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False, ensure_exists=True))


def with_suffix_added(path: Path, suffix: str) -> Path:
    """``path`` ending in ``suffix`` (".nhp"): added when the name lacks it, as a save dialog does.

    A name ending otherwise gets the suffix after its own ("n1.v2" becomes "n1.v2.nhp"), so a
    dot in a name the user typed is never taken for a suffix to replace.
    """
    return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)
