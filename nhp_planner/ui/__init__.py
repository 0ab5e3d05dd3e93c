"""The desktop window: PySide6 widgets, Qt models over the plan store, undo commands, dialogs."""

import ctypes
import sys

# The plain-Python layers the window stands on are imported here, before PySide6 is:
# from its import on, PySide6 reads the source of each module an import statement
# names (looking for ``from __feature__ import``), once per module, some 0.1-0.4 ms
# each. Imported here, the plan store and the model, the socket the stop signals are
# written to, and platformdirs (which finds the settings, the log and the sample's
# working copy) name their own modules before then: only those the window's modules
# name themselves are read.
import platformdirs  # noqa: F401

import nhp_planner.logs
import nhp_planner.model.movement
import nhp_planner.model.plan_lock
import nhp_planner.model.store
import nhp_planner.model.store.actions
import nhp_planner.model.store.copies
import nhp_planner.model.store.findings
import nhp_planner.model.store.periods
import nhp_planner.model.summary
import nhp_planner.model.wording
import nhp_planner.sample
import nhp_planner.ui.stop_signals  # noqa: F401

if sys.version_info < (3, 12):  # pragma: no branch
    # PySide6 6.12's wheels are built for Pythons where None is immortal, so its
    # void methods (painter.setPen, widget.setEnabled, ...) hand None back without
    # taking a reference. On Python 3.11 every such call lowers None's count by
    # one, and after some thousands of them, or at exit, Python aborts with
    # "deallocating None". Giving None a count no session can use up makes it
    # immortal here too, as Python 3.12 does; tests/ui/test_pyside_none.py
    # shows the leak and that it is harmless now.
    ctypes.c_ssize_t.from_address(id(None)).value += 1 << 40
