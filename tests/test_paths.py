"""Bundled files are found through ``paths.resource`` and every one of them goes into the wheel."""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path

from nhp_planner.paths import resource

REPO = Path(__file__).resolve().parent.parent


def _shipped_patterns() -> dict[str, list[str]]:
    """pyproject's package-data: for each package, the file patterns the wheel carries."""
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    patterns: dict[str, list[str]] = config["tool"]["setuptools"]["package-data"]
    return patterns


def test_the_files_the_program_opens_are_found() -> None:
    for parts in (
        ("sample-plan.json",),
        ("fonts", "DejaVuSans.ttf"),
        ("fonts", "DejaVuSans-Bold.ttf"),
        ("fonts", "Symbola-symbols.ttf"),
        ("icons", "nhp-planner.svg"),
    ):
        assert resource(*parts).is_file(), parts


def test_a_checkout_reads_the_top_level_resources_folder() -> None:
    assert resource("icons", "add.svg") == REPO / "resources" / "icons" / "add.svg"


def test_every_bundled_file_is_in_the_wheel() -> None:
    """A file in resources/ that no package-data pattern names would be left out of the wheel."""
    patterns = _shipped_patterns()
    files = [
        p
        for p in (REPO / "resources").rglob("*")
        if p.is_file() and p.suffix not in (".py", ".pyc")
    ]
    assert len(files) >= 20
    for path in files:
        folder = path.parent.relative_to(REPO / "resources")
        package = ".".join(("nhp_planner.resources", *folder.parts))
        assert any(fnmatch.fnmatch(path.name, p) for p in patterns.get(package, [])), path


def test_fonts_carry_their_licences() -> None:
    patterns = _shipped_patterns()["nhp_planner.resources.fonts"]
    for licence in ("LICENSE-DejaVu.txt", "LICENSE-Symbola.txt"):
        assert resource("fonts", licence).is_file()
        assert any(fnmatch.fnmatch(licence, p) for p in patterns)
