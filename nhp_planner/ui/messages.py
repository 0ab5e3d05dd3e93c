"""Every message box the window shows, in one place, so that tests can answer them.

Callers use ``messages.confirm(...)`` (the module attribute), which tests
replace with monkeypatch; no test ever waits on a real message box. QMessageBox
is imported by the box being shown: the window starts without it.
"""

from __future__ import annotations

import enum
from pathlib import Path

from nhp_planner import APP_NAME

TYPE_CHECKING = False  # typing is for mypy only: start-up (see docs/ARCHITECTURE.md, Rules)
if TYPE_CHECKING:
    from typing import Literal

    from PySide6.QtWidgets import QMessageBox, QWidget

    from nhp_planner.model.plan_lock import LockHolder


def _box(
    parent: QWidget | None,
    icon: Literal["Information", "Question", "Warning", "Critical"],
    text: str,
    informative: str = "",
    details: str | None = None,
) -> QMessageBox:
    """A box with the ``icon`` of that name, its buttons still to add."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(
        QMessageBox.Icon[icon], APP_NAME, text, QMessageBox.StandardButton.NoButton, parent
    )
    box.setInformativeText(informative)
    if details:
        box.setDetailedText(details)
    return box


def show_error(
    parent: QWidget | None, what: str, error: BaseException | str, *, details: str | None = None
) -> None:
    """What failed, then why and what to do (the error's own sentence); details behind a button."""
    from PySide6.QtWidgets import QMessageBox

    box = _box(parent, "Warning", what, str(error), details)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.exec()


def show_info(parent: QWidget | None, text: str, informative: str = "") -> None:
    from PySide6.QtWidgets import QMessageBox

    box = _box(parent, "Information", text, informative)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.exec()


def confirm(parent: QWidget | None, question: str, informative: str, *, action: str) -> bool:
    """Ask before doing something; ``action`` names the button ("Delete"). Cancel is the default."""
    from PySide6.QtWidgets import QMessageBox

    box = _box(parent, "Question", question, informative)
    accept = box.addButton(action, QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.exec()
    return box.clickedButton() is accept


class LockChoice(enum.Enum):
    """What to do with a plan another program has open for changes."""

    READ_ONLY = "read-only"
    BREAK = "break"
    CANCEL = "cancel"


def ask_open_locked(parent: QWidget | None, path: Path, holder: LockHolder) -> LockChoice:
    """The plan is open in another program: open it read-only here, or break its lock?"""
    from PySide6.QtWidgets import QMessageBox

    informative = (
        "Only one program at a time can change a plan. You can open it here read-only, "
        "to look at it, print it or export it."
    )
    if holder.is_stale() and holder.refreshed is not None:
        informative += (
            f"\n\nThat program last showed it was there on {holder.refreshed:%d %b %Y at %H:%M} "
            f"UTC, more than a day ago: if {holder.host} is switched off or NHP Planner "
            "crashed there, break the lock to change the plan here."
        )
    box = _box(
        parent,
        "Information",
        f"“{path.name}” is open for changes in {holder.describe()}.",
        informative,
    )
    read_only = box.addButton("Open Read-Only", QMessageBox.ButtonRole.AcceptRole)
    breaking = box.addButton("Break the Lock…", QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(read_only)
    box.setEscapeButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    if clicked is read_only:
        return LockChoice.READ_ONLY
    if clicked is breaking and confirm(
        parent,
        f"Break the lock of {holder.describe()}?",
        "If that program is still open, what is typed there goes into the plan too and may "
        "overwrite changes made here. The plan's history records that you broke the lock.",
        action="Break the Lock",
    ):
        return LockChoice.BREAK
    return LockChoice.CANCEL


class UnsavedChoice(enum.Enum):
    """What to do, on closing, with typing the plan would not take."""

    RETRY = "retry"
    SAVE_COPY = "save-copy"
    DISCARD = "discard"
    CANCEL = "cancel"


def ask_unsaved_typing(parent: QWidget | None, reason: str) -> UnsavedChoice:
    """Closing with typing the plan would not take: try again, keep it in a copy, or let it go?"""
    from PySide6.QtWidgets import QMessageBox

    box = _box(
        parent,
        "Warning",
        "Some of your typing is not saved in the plan yet.",
        f"{reason}\n\nTry again, or save a copy of the plan with your typing somewhere "
        "else (a USB stick, another drive) and merge it in later with File ▸ Merge Copy.",
    )
    retry = box.addButton("Try Again", QMessageBox.ButtonRole.AcceptRole)
    copy = box.addButton("Save a Copy Elsewhere…", QMessageBox.ButtonRole.ActionRole)
    discard = box.addButton("Discard My Typing", QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(retry)
    box.setEscapeButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    if clicked is retry:
        return UnsavedChoice.RETRY
    if clicked is copy:
        return UnsavedChoice.SAVE_COPY
    if clicked is discard:
        return UnsavedChoice.DISCARD
    return UnsavedChoice.CANCEL


def show_crash(parent: QWidget | None, summary: str, details: str, log_file: Path) -> None:
    """Our own bug: say so plainly, where the log is, and keep the traceback behind Details."""
    from PySide6.QtWidgets import QMessageBox

    box = _box(
        parent,
        "Critical",
        "NHP Planner hit an unexpected problem.",
        f"{summary}\n\nYour plan is saved as far as the last change that completed. "
        f"The details are in the log, {log_file}; please send it to whoever supports "
        "NHP Planner.",
        details,
    )
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.exec()
