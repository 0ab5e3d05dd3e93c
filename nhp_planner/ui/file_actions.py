"""The File menu's plans and copies: new, open, recent, restore, save a copy, close; a copy for a
lead, merging it back; quit. And what to do when the plan's file goes away while open."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMenu

from nhp_planner.model.entities import Plan
from nhp_planner.model.errors import NhpError
from nhp_planner.model.plan_lock import PlanLock
from nhp_planner.model.store import PlanStore
from nhp_planner.model.wording import file_name
from nhp_planner.paths import PLAN_SUFFIX
from nhp_planner.ui import file_dialogs, messages, settings
from nhp_planner.ui.actions import ActionSpec, ActionState, changeable, have
from nhp_planner.ui.session import WINDOW
from nhp_planner.ui.unsaved_typing import settle_typing
from nhp_planner.ui.window_context import WindowContext

#: The File menu's groups; import and export (1) and printing (3) come from their own parts.
PLANS, COPIES, QUIT = 0, 2, 4


class FileActions:
    """Opening and starting plans; sending copies to leads and merging them back."""

    def __init__(
        self,
        context: WindowContext,
        quit_window: Callable[[], object],
        close_plan: Callable[[], object],
    ) -> None:
        self._context = context
        self._quit = quit_window
        self._close_plan = close_plan
        self.recent_menu = QMenu("Open &Recent", context.parent)
        self.recent_menu.aboutToShow.connect(self.fill_recent_menu)

    def action_specs(self) -> list[ActionSpec]:
        k = QKeySequence.StandardKey

        def conflicts(state: ActionState) -> bool:
            return state.changeable and bool(state.session and state.session.open_conflicts)

        return [
            ActionSpec(
                "new_plan",
                "&New Plan…",
                self.new_plan,
                menu="file",
                group=PLANS,
                shortcut=k.New,
                icon="new-plan",
                tip="Start a plan of your own",
            ),
            ActionSpec(
                "open_plan",
                "&Open…",
                self._on_open,
                menu="file",
                group=PLANS,
                shortcut=k.Open,
                icon="open",
                tip="Open a plan file",
            ),
            ActionSpec("open_recent", "Open &Recent", None, menu="file", submenu=self.recent_menu),
            ActionSpec(
                "restore_backup",
                "Res&tore from Backup…",
                self._on_restore,
                menu="file",
                group=PLANS,
                tip="Put a backup of a plan back in its place; the plan it replaces is kept",
            ),
            ActionSpec(
                "save_copy",
                "Save &a Copy…",
                self.save_copy,
                menu="file",
                group=PLANS,
                shortcut="Ctrl+Shift+S",
                tip="Write the plan as it stands to another file (every edit is saved already)",
                enabled_when=have,
            ),
            ActionSpec(
                "close_plan",
                "&Close",
                self._on_close,
                menu="file",
                group=PLANS,
                shortcut="Ctrl+W",
                tip="Close the plan (its edits are all saved)",
                enabled_when=have,
            ),
            ActionSpec(
                "send_copy",
                "Sen&d Copy to Lead…",
                self._on_send_copy,
                menu="file",
                group=COPIES,
                tip="A copy of the plan file for a lead to update offline and send back",
                enabled_when=have,
            ),
            ActionSpec(
                "merge_copy",
                "&Merge Copy…",
                self._on_merge,
                menu="file",
                group=COPIES,
                tip="Bring the changes made in a copy of this plan into it",
                enabled_when=changeable,
            ),
            ActionSpec(
                "resolve_conflicts",
                "Resolve Con&flicts…",
                lambda: self.resolve_conflicts(),
                menu="file",
                group=COPIES,
                tip="Decide between values two copies of the plan changed differently",
                enabled_when=conflicts,
            ),
            # Ctrl+Q everywhere: the platform's Quit key is empty on Windows and without a desktop.
            ActionSpec("quit", "&Quit", self._quit, menu="file", group=QUIT, shortcut="Ctrl+Q"),
        ]

    def new_plan(self) -> None:
        from nhp_planner.ui.new_plan_dialog import ask_new_plan  # when first used

        context = self._context
        request = ask_new_plan(context.parent, context.folder(), context.today())
        if request is None:
            return
        context.remember_folder(request.path)
        plan = Plan(title=request.title, force=request.force, owner=request.owner)
        try:
            PlanStore.create(request.path, plan, period=request.period).close()
        except NhpError as error:
            messages.show_error(context.parent, "The new plan could not be created.", error)
            return
        context.open_plan(request.path)

    def _on_open(self) -> None:
        context = self._context
        path = file_dialogs.ask_open_plan(context.parent, context.folder())
        if path is not None:
            context.remember_folder(path)
            context.open_plan(path)

    def _on_restore(self) -> None:
        """Put a backup back in place of the plan shown (or one chosen), then show it."""
        from nhp_planner.model.restore import restore_backup  # not at start-up: it is rare

        context = self._context
        session = context.session
        shown = session.path if session is not None and not session.is_sample else None
        plan = shown or file_dialogs.ask_plan_to_replace(context.parent, context.folder())
        if plan is None:
            return
        backup = file_dialogs.ask_backup(context.parent, context.folder(), plan.name)
        if backup is None or not messages.confirm(
            context.parent,
            f"Replace “{plan.name}” with the backup “{backup.name}”?",
            f"The plan as it is now is kept beside it, as “{plan.name}.before-restore-…”, "
            "with any log a program that stopped left beside it.",
            action="Restore",
        ):
            return
        if session is not None and shown is not None:
            if not settle_typing(context.parent, context.editor, session, ask=True):
                return
            # Its file closed and lock given up so the plan can be replaced; the plan
            # is opened again straight after, replacing this session.
            session.close()
        try:
            lock = PlanLock(plan, WINDOW)
            lock.acquire_or_raise()
            try:
                aside = restore_backup(backup, plan)
            finally:
                lock.release()
        except NhpError as error:
            messages.show_error(context.parent, "The backup was not restored.", error)
            if shown is not None:
                context.open_plan(plan)  # the plan as it was
            return
        context.remember_folder(backup)
        if context.open_plan(plan):
            kept = f"; the plan it replaced is kept as {aside.name}" if aside else ""
            context.say(f"Restored {plan.name} from {backup.name}{kept}.", 15000)

    def save_copy(self) -> Path | None:
        """File ▸ Save a Copy: the plan as it stands, under another name; where it went."""
        context = self._context
        session = context.session
        if session is None:
            return None
        context.editor.commit_pending()
        stem = session.path.stem if session.path is not None else session.plan.title
        target = file_dialogs.ask_save_path(
            context.parent,
            "Save a Copy of the Plan",
            context.folder() / f"{stem} (copy){PLAN_SUFFIX}",
            file_dialogs.PLAN_FILTER,
            PLAN_SUFFIX,
        )
        if target is None:
            return None
        context.remember_folder(target)
        try:
            session.store.save_copy(target)
        except NhpError as error:
            messages.show_error(context.parent, "The copy was not saved.", error)
            return None
        context.say(f"Saved a copy of the plan at {target}.", 8000)
        return target

    def _on_close(self) -> None:
        context = self._context
        if settle_typing(context.parent, context.editor, context.session, ask=True):
            self._close_plan()

    def plan_lost(self) -> None:
        """The plan's file was moved or deleted while open: save the plan somewhere, or stop
        editing (edits would go into a file no one will find)."""
        context = self._context
        session = context.session
        if session is None or session.path is None:
            return
        context.editor.commit_pending()
        name = session.path.name
        if messages.confirm(
            context.parent,
            f"The plan file “{name}” was moved or deleted while it was open.",
            "Every edit made here is still in this window. Save the plan somewhere, and go "
            "on working there? Otherwise the window stays open read-only.",
            action="Save the Plan…",
        ):
            saved = self.save_copy()
            if saved is not None and context.open_plan(saved):
                return
        # Nothing more goes into the lost file; what it holds can still be saved from here.
        session.stop_writing(f"its file {name} was moved or deleted while it was open")

    def fill_recent_menu(self) -> None:
        menu, stored = self.recent_menu, self._context.settings
        menu.clear()
        recent = settings.recent_plans(stored)
        for number, path in enumerate(recent, start=1):
            action = menu.addAction(f"&{number} {path.name}")
            action.setToolTip(str(path))
            action.setStatusTip(str(path))
            action.setEnabled(path.exists())
            action.triggered.connect(lambda _=False, p=path: self._context.open_plan(p))
        if not recent:
            menu.addAction("No recent plans").setEnabled(False)
        menu.addSeparator()
        clear = menu.addAction("&Clear Recent Plans")
        clear.setEnabled(bool(recent))
        clear.triggered.connect(lambda: settings.forget_recent(stored))

    def _on_send_copy(self) -> None:
        context = self._context
        session = context.session
        if session is None:
            return
        from nhp_planner.ui.lead_file_dialog import ask_copy

        context.editor.commit_pending()
        title = session.plan.title

        def name_for(lead: str | None) -> str:
            return file_name(f"{title} - {lead}" if lead else f"{title} copy")

        request = ask_copy(
            context.parent,
            context.folder() / f"{name_for(None)}{PLAN_SUFFIX}",
            session.deliverables.leads(),
            name_for,
        )
        if request is None:
            return
        context.remember_folder(request.path)
        try:
            session.store.make_copy(request.path, lead=request.lead)
        except NhpError as error:
            messages.show_error(context.parent, "The copy was not made.", error)
            return
        whom = f"for {request.lead} " if request.lead else ""
        context.say(
            f"Made a copy {whom}at {request.path}: send it, and merge it in when it comes back.",
            10000,
        )

    def _on_merge(self) -> None:
        context = self._context
        if context.session is None:
            return
        path = file_dialogs.ask_merge_source(context.parent, context.folder())
        if path is None:
            return
        context.remember_folder(path)
        self.merge_file(path)

    def merge_file(self, path: Path) -> None:
        """Show what merging ``path`` would do; the dialog merges it on the person's word."""
        context = self._context
        session = context.session
        if session is None:
            return
        from nhp_planner.ui.merge_dialog import MergeDialog

        context.editor.commit_pending()
        if session.path is not None and path.resolve() == session.path.resolve():
            messages.show_error(
                context.parent,
                "Nothing was merged.",
                f"{path.name} is this plan itself; choose a copy of it.",
            )
            return
        try:
            preview = session.store.merge_from(path, dry_run=True)
        except NhpError as error:
            messages.show_error(context.parent, f"“{path.name}” cannot be merged.", error)
            return
        context.open_dialog(MergeDialog(session, preview, context.parent))

    def resolve_conflicts(self, conflict_id: str | None = None) -> None:
        """The conflicts a merge left, ``conflict_id``'s chosen if given."""
        context = self._context
        session = context.session
        if session is None:
            return
        from nhp_planner.ui.merge_dialog import ConflictsDialog

        context.editor.commit_pending()
        dialog = ConflictsDialog(session, context.parent)
        if conflict_id:
            dialog.panel.choose(conflict_id)
        context.open_dialog(dialog)
