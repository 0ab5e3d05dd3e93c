"""Menu and toolbar actions as data: each part of the window declares its own; one set builds them.

A part (files, periods, deliverables…) returns :class:`ActionSpec` values: the text,
shortcut, icon and slot, where the action goes (menu and group, toolbar group, a
widget's context menu) and when it is enabled. :class:`ActionSet` turns them into
``QAction`` objects, fills the menus and toolbar in the order the parts were given,
and re-enables everything from one :class:`ActionState`; the conditions several parts
share (:func:`have`, :func:`changeable`, :func:`writable`) are here, once. This is
napari's app-model pattern (an action names its menu, group and enablement) kept to
what NHP Planner needs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QPalette
from PySide6.QtWidgets import QMenu, QMenuBar, QToolBar, QWidget

from nhp_planner.ui.icons import icon

if TYPE_CHECKING:
    from nhp_planner.model.entities import Deliverable, Objective
    from nhp_planner.ui.session import PlanSession

Shortcut = QKeySequence | QKeySequence.StandardKey | str | tuple["Shortcut", ...]


@dataclass(frozen=True)
class ActionState:
    """What decides which actions are enabled: the plan shown and what is chosen in it."""

    session: PlanSession | None
    #: Some rows of the table are selected.
    chosen: bool
    current: Deliverable | None
    objective: Objective | None
    #: The editor holds typing not yet saved.
    typing: bool

    @property
    def have(self) -> bool:
        return self.session is not None

    @property
    def changeable(self) -> bool:
        """The plan file can be changed at all (undo, import, merge, periods)."""
        return self.session is not None and not self.session.read_only

    @property
    def writable(self) -> bool:
        """The period shown can be edited (the current one, or one reopened)."""
        return self.session is not None and self.session.editable

    @property
    def earlier(self) -> bool:
        """An earlier period than the current one is shown."""
        session = self.session
        return bool(
            session is not None and session.period is not None and not session.shows_current_period
        )

    @property
    def reopened(self) -> bool:
        return self.earlier and self.writable


def have(state: ActionState) -> bool:
    """Enabled while a plan is open."""
    return state.have


def changeable(state: ActionState) -> bool:
    """Enabled while the plan file can be changed."""
    return state.changeable


def writable(state: ActionState) -> bool:
    """Enabled while the period shown can be edited."""
    return state.writable


@dataclass(frozen=True)
class ActionSpec:
    """One action, as a part of the window declares it."""

    #: The action's object name, and its key in the :class:`ActionSet`.
    name: str
    text: str
    #: None only for an entry that opens a ``submenu``.
    slot: Callable[[], Any] | None
    #: The menu it is in (a key of the window's menu list) and its group there; groups are
    #: separated, in increasing order.
    menu: str | None = None
    group: int = 0
    shortcut: Shortcut | None = None
    icon: str | None = None
    #: Said in the status bar, and after the text in the tooltip.
    tip: str | None = None
    #: The toolbar group it is in, if it is on the toolbar.
    toolbar: int | None = None
    #: A widget (by name) whose context menu holds it too.
    widget: str | None = None
    #: Its shortcut works only in ``widget``: the same keys mean another thing elsewhere.
    local: bool = False
    #: When it is enabled; None: always.
    enabled_when: Callable[[ActionState], bool] | None = None
    #: A submenu shown as this entry (its text is the menu's title).
    submenu: QMenu | None = None


def key_sequences(shortcut: Shortcut) -> list[QKeySequence]:
    """Every key sequence a shortcut stands for: a standard key is each binding the platform
    has for it; a tuple is all of its members', the first shown in the menu."""
    if isinstance(shortcut, tuple):
        found: list[QKeySequence] = []
        for member in shortcut:
            found += [key for key in key_sequences(member) if key not in found]
        return found
    if isinstance(shortcut, QKeySequence.StandardKey):
        return list(QKeySequence.keyBindings(shortcut))
    return [QKeySequence(shortcut)]


class ActionSet:
    """The window's actions, built from the specs its parts declare."""

    def __init__(self, host: QWidget, widgets: dict[str, QWidget]) -> None:
        self._host = host
        self._widgets = widgets
        self._specs: list[ActionSpec] = []
        self._actions: dict[str, QAction] = {}
        self._refreshers: list[Callable[[ActionSet, ActionState], None]] = []

    def __getitem__(self, name: str) -> QAction:
        return self._actions[name]

    @property
    def specs(self) -> tuple[ActionSpec, ...]:
        """Every action as its part declared it, in the order given."""
        return tuple(self._specs)

    def add(
        self,
        specs: Iterable[ActionSpec],
        refresh: Callable[[ActionSet, ActionState], None] | None = None,
    ) -> None:
        """Build a part's actions; ``refresh``, if given, retitles them on each update."""
        for spec in specs:
            if spec.name in self._actions:
                raise ValueError(f"Two actions are named {spec.name!r}.")
            self._specs.append(spec)
            self._actions[spec.name] = self._build(spec)
        if refresh is not None:
            self._refreshers.append(refresh)

    def _build(self, spec: ActionSpec) -> QAction:
        if spec.submenu is not None:
            entry = spec.submenu.menuAction()
            entry.setObjectName(spec.name)
            return entry
        action = QAction(spec.text, self._host)
        action.setObjectName(spec.name)
        if spec.shortcut is not None:
            action.setShortcuts(key_sequences(spec.shortcut))
        if spec.icon is not None:
            action.setIcon(icon(spec.icon, self._host.palette()))
        if spec.tip is not None:
            action.setStatusTip(spec.tip)
            action.setToolTip(f"{spec.text.replace('&', '').rstrip('…')}: {spec.tip}")
        if spec.slot is not None:
            action.triggered.connect(spec.slot)
        widget = self._widgets[spec.widget] if spec.widget is not None else None
        if spec.local and widget is not None:
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        else:
            self._host.addAction(action)
        if widget is not None:
            widget.addAction(action)
        return action

    def fill_menus(self, bar: QMenuBar, menus: Sequence[tuple[str, str]]) -> None:
        """Add the ``(key, title)`` menus in order, each with its actions by group."""
        unknown = {s.menu for s in self._specs if s.menu is not None} - {k for k, _ in menus}
        if unknown:
            raise ValueError(f"Actions name menus the window does not have: {sorted(unknown)}.")
        for key, title in menus:
            chosen = [(s.group, s) for s in self._specs if s.menu == key]
            self._fill(bar.addMenu(title), chosen)

    def fill_toolbar(self, toolbar: QToolBar) -> None:
        self._fill(toolbar, [(s.toolbar, s) for s in self._specs if s.toolbar is not None])

    def _fill(self, target: QMenu | QToolBar, grouped: list[tuple[int, ActionSpec]]) -> None:
        last: int | None = None
        # A stable sort: within a group, the parts' own order.
        for group, spec in sorted(grouped, key=lambda pair: pair[0]):
            if last is not None and group != last:
                target.addSeparator()
            last = group
            target.addAction(self._actions[spec.name])

    def update(self, state: ActionState) -> None:
        """Enable each action that has a condition by it, and let the parts retitle theirs."""
        for spec in self._specs:
            if spec.enabled_when is not None:
                self._actions[spec.name].setEnabled(spec.enabled_when(state))
        for refresh in self._refreshers:
            refresh(self, state)

    def refresh_icons(self, palette: QPalette) -> None:
        """Icons drawn afresh in the palette's colours (light to dark)."""
        for spec in self._specs:
            if spec.icon is not None:
                self._actions[spec.name].setIcon(icon(spec.icon, palette))
