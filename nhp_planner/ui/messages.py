"""Every message box the window shows, in one place, so that tests can answer them.

Callers use ``messages.confirm(...)`` (the module attribute), which tests
replace with monkeypatch; no test ever waits on a real message box.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from nhp_planner import APP_NAME

_Button = QMessageBox.StandardButton


def _box(
    parent: QWidget | None,
    icon: QMessageBox.Icon,
    text: str,
    informative: str = "",
    details: str | None = None,
) -> QMessageBox:
    box = QMessageBox(icon, APP_NAME, text, _Button.NoButton, parent)
    box.setInformativeText(informative)
    if details:
        box.setDetailedText(details)
    return box


def show_error(
    parent: QWidget | None, what: str, error: BaseException | str, *, details: str | None = None
) -> None:
    """What failed, then why and what to do (the error's own sentence); details behind a button."""
    box = _box(parent, QMessageBox.Icon.Warning, what, str(error), details)
    box.setStandardButtons(_Button.Ok)
    box.exec()


def show_info(parent: QWidget | None, text: str, informative: str = "") -> None:
    box = _box(parent, QMessageBox.Icon.Information, text, informative)
    box.setStandardButtons(_Button.Ok)
    box.exec()


def confirm(parent: QWidget | None, question: str, informative: str, *, action: str) -> bool:
    """Ask before doing something; ``action`` names the button ("Delete"). Cancel is the default."""
    box = _box(parent, QMessageBox.Icon.Question, question, informative)
    accept = box.addButton(action, QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton(_Button.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.exec()
    return box.clickedButton() is accept


def ask_open_read_only(parent: QWidget | None, path: Path, holder: str) -> bool:
    """The plan is open in another window: open it read-only here instead?"""
    box = _box(
        parent,
        QMessageBox.Icon.Information,
        f"“{path.name}” is open in {holder}.",
        "Only one window at a time can change a plan. You can open it here read-only, "
        "to look at it, print it or export it.",
    )
    read_only = box.addButton("Open Read-Only", QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton(_Button.Cancel)
    box.setDefaultButton(read_only)
    box.setEscapeButton(cancel)
    box.exec()
    return box.clickedButton() is read_only


def show_crash(parent: QWidget | None, summary: str, details: str, log_file: Path) -> None:
    """Our own bug: say so plainly, where the log is, and keep the traceback behind Details."""
    box = _box(
        parent,
        QMessageBox.Icon.Critical,
        "NHP Planner hit an unexpected problem.",
        f"{summary}\n\nYour plan is saved as far as the last change that completed. "
        f"The details are in the log, {log_file}; please send it to whoever supports "
        "NHP Planner.",
        details,
    )
    box.setStandardButtons(_Button.Ok)
    box.exec()
