"""Closing a plan with typing the plan would not take (busy, disk full): nothing dropped silently.

The person is asked to try again, to save a copy of the plan holding the typing
somewhere else (to merge in later), or to discard it. Asked to stop by the
system (logout, shutdown), nobody can be asked: the copy is saved in NHP
Planner's own folder and the log says where.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QWidget

from nhp_planner.model.errors import NhpError
from nhp_planner.model.store import PlanStore
from nhp_planner.paths import user_data_dir
from nhp_planner.ui import file_dialogs, messages
from nhp_planner.ui.editor import DeliverableEditor
from nhp_planner.ui.session import PlanSession

log = logging.getLogger(__name__)

#: Where typing is kept when the plan would not take it and nobody could be asked.
RESCUE_FOLDER = "unsaved typing"


def settle_typing(
    parent: QWidget | None, editor: DeliverableEditor, session: PlanSession | None, *, ask: bool
) -> bool:
    """Save what is typed before the plan closes; True when closing may go on.

    What cannot be saved is, as the person chooses, tried again, saved in a
    copy of the plan elsewhere, or discarded; with ``ask`` False (a signal to
    stop), it is saved in a copy in NHP Planner's own folder.
    """
    while not editor.commit_pending():
        if session is None:
            return True
        reason = str(editor.save_failure or "The plan would not take the change.")
        if not ask:
            _rescue(editor, session)
            return True
        choice = messages.ask_unsaved_typing(parent, reason)
        if choice is messages.UnsavedChoice.CANCEL:
            return False
        if choice is messages.UnsavedChoice.DISCARD:
            log.warning("Typing discarded on closing: %s", editor.pending_edits())
            editor.discard_pending()
            return True
        if choice is messages.UnsavedChoice.SAVE_COPY and _save_copy(parent, editor, session):
            return True
    return True


def save_copy_with_typing(
    session: PlanSession, edits: list[tuple[str, str, Any]], path: Path
) -> None:
    """A copy of the plan (to merge in later) with the typing the plan itself would not take."""
    session.store.make_copy(path)
    with PlanStore.open(path) as copy, copy.transaction():
        for deliverable_id, field, value in edits:
            copy.update_deliverable(deliverable_id, session.period, **{field: value})


def _save_copy(parent: QWidget | None, editor: DeliverableEditor, session: PlanSession) -> bool:
    stem = session.path.stem if session.path else "plan"
    path = file_dialogs.ask_save_path(
        parent,
        "Save a Copy of the Plan with Your Typing",
        Path.home() / f"{stem} - unsaved typing.nhp",
        file_dialogs.PLAN_FILTER,
        ".nhp",
    )
    if path is None:
        return False
    try:
        save_copy_with_typing(session, editor.pending_edits(), path)
    except NhpError as error:
        messages.show_error(parent, "The copy was not saved.", error)
        return False
    editor.discard_pending()
    messages.show_info(
        parent,
        f"Your typing is in “{path.name}”.",
        f"It is a copy of the plan: when the plan can be changed again, merge it in with "
        f"File ▸ Merge Copy ({path}).",
    )
    return True


def _rescue(editor: DeliverableEditor, session: PlanSession) -> None:
    folder = user_data_dir() / RESCUE_FOLDER
    stem = session.path.stem if session.path else "plan"
    path = folder / f"{stem} {dt.datetime.now():%Y-%m-%d %H%M%S}.nhp"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        save_copy_with_typing(session, editor.pending_edits(), path)
    except (NhpError, OSError) as error:
        log.error("Typing could not be saved anywhere: %s (%s)", editor.pending_edits(), error)
        return
    log.warning("Typing the plan would not take is in %s; merge it in with File > Merge Copy", path)
    editor.discard_pending()
