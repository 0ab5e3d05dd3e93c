"""Starting the window: the application object, the crash dialog, and which plan to open first."""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path

from PySide6.QtCore import QSocketNotifier, qFormatLogMessage, qInstallMessageHandler
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from nhp_planner import APP_NAME, __version__
from nhp_planner.logs import setup_logging
from nhp_planner.paths import resource
from nhp_planner.sample import sample_plan_file
from nhp_planner.ui import messages, preferences, settings
from nhp_planner.ui.appearance import apply_theme
from nhp_planner.ui.first_frame import after_first_frame
from nhp_planner.ui.main_window import MainWindow
from nhp_planner.ui.stop_signals import stop_signals_received, wake_on_stop_signals

TYPE_CHECKING = False  # typing is for mypy only: start-up (see docs/ARCHITECTURE.md, Rules)
if TYPE_CHECKING:
    import socket
    from types import TracebackType

    from PySide6.QtCore import QMessageLogContext, QSettings, QtMsgType

log = logging.getLogger(__name__)


def create_application(argv: list[str]) -> QApplication:
    """The QApplication, named so the system (and window titles) know it."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        app = existing
    else:
        app = QApplication(argv)
        if app.platformName() == "offscreen":
            quiet_offscreen_size_hints()
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_NAME)
    app.setDesktopFileName("nhp-planner")
    return app


#: What Qt's offscreen platform (no screen: tests, screenshots, CI) writes to stderr whenever a
#: window with a layout is shown: it has no window manager to pass the window's size limits to.
OFFSCREEN_SIZE_HINTS = "This plugin does not support propagateSizeHints()"


def quiet_offscreen_size_hints() -> None:
    """Drop that one line of Qt's; every other Qt message is written as it was before."""

    def handler(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
        if message == OFFSCREEN_SIZE_HINTS:
            return
        if previous is not None:
            previous(kind, context, message)
        else:  # Qt's own handler, which PySide cannot hand back: its format, on stderr
            print(qFormatLogMessage(kind, context, message), file=sys.stderr, flush=True)

    previous = qInstallMessageHandler(handler)


def set_window_icon(app: QApplication) -> None:
    """The title bar's and task bar's icon (finding it loads importlib.resources: some 6 ms)."""
    app.setWindowIcon(QIcon(str(resource("icons", "nhp-planner.svg"))))


def install_excepthook(log_file: Path) -> None:
    """Unexpected errors (our bugs) are logged and shown in a crash dialog, not lost on stderr."""

    def hook(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, trace)
            return
        log.critical("Unexpected error", exc_info=(kind, error, trace))
        details = "".join(traceback.format_exception(kind, error, trace))
        window = QApplication.activeWindow()
        messages.show_crash(window, f"{kind.__name__}: {error}", details, log_file)

    sys.excepthook = hook


def first_plan(plan: str | None, sample: bool, app_settings: QSettings) -> Path:
    """The plan to open: the one named; the sample if asked; the last one; else the sample."""
    if plan is not None:
        return Path(plan).expanduser()
    if not sample:
        last = settings.last_plan(app_settings)
        if last is not None:
            return last
    return sample_plan_file()


def open_main_window(
    plan: str | None, sample: bool, app_settings: QSettings | None = None
) -> MainWindow:
    """The main window on the first plan; a plan that cannot be opened falls back to the sample.

    ``app_settings`` are the ones the theme was read from, if read already (one file read).
    """
    app_settings = settings.app_settings() if app_settings is None else app_settings
    window = MainWindow(app_settings)
    path = first_plan(plan, sample, app_settings)
    if not window.open_plan(path) and path != sample_plan_file():
        window.open_plan(sample_plan_file())
    return window


def quit_on_signals(app: QApplication, window: MainWindow) -> None:
    """Close the window as Quit does (saving what is being typed) when the system asks us to stop.

    The signals wake the event loop through a socket (see :mod:`stop_signals`),
    which a QSocketNotifier watches, to close the window there.
    """
    receiver, sender = wake_on_stop_signals()
    notifier = QSocketNotifier(receiver.fileno(), QSocketNotifier.Type.Read, app)

    def on_signal(sockets: tuple[socket.socket, ...] = (receiver, sender)) -> None:
        numbers = stop_signals_received(receiver)
        if not numbers:
            return
        log.info("Asked to stop (signal %s); closing the window", ", ".join(map(str, numbers)))
        window.close_for_signal()
        app.quit()

    # The slot holds the sockets; the notifier belongs to the application.
    notifier.activated.connect(on_signal)


def show_window(app: QApplication, window: MainWindow) -> None:
    """Show the window; its icon and the log's line wait until its first frame is drawn.

    Neither is inside the window: the icon is the window manager's to draw, and
    the log's first line opens the log file (importing :mod:`logging.handlers`).
    """
    window.show()

    def shown() -> None:
        set_window_icon(app)
        log.info("Window shown: %s", window.windowTitle())

    # The deliverables' table is in every first frame (its tab is the one shown first).
    after_first_frame(window.table, shown)


def run_app(plan: str | None, sample: bool) -> int:
    """Open the window (on ``plan``, the sample, or the last plan) and run until it closes."""
    app = create_application(sys.argv[:1])
    install_excepthook(setup_logging())
    app_settings = settings.app_settings()
    apply_theme(app, preferences.stored(app_settings).theme)
    window = open_main_window(plan, sample, app_settings)
    quit_on_signals(app, window)
    show_window(app, window)
    status: int = app.exec()
    return status
