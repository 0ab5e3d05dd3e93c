"""The system's requests to stop (logging out, shutting down, Ctrl+C), written as bytes to a socket.

Python runs a signal handler only between bytecodes, and Qt's event loop may sit
in C++ for as long as nobody types; so the signal's number is written to a
socket (``signal.set_wakeup_fd``) that the window's event loop watches
(``app.quit_on_signals``). Free of Qt, this is imported by :mod:`nhp_planner.ui`
before PySide6 is: PySide6 reads the source of every module named in an import
after it, and :mod:`socket` (with the modules it imports) is some 3 ms of that.
"""

from __future__ import annotations

import signal
import socket

#: Asked to stop: logging out or shutting down (SIGTERM, SIGHUP), or Ctrl+C (SIGINT).
QUIT_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP", "SIGINT") if hasattr(signal, name)
)


def wake_on_stop_signals() -> tuple[socket.socket, socket.socket]:
    """Have the stop signals write their numbers to a socket; the pair (read the first)."""
    receiver, sender = socket.socketpair()
    receiver.setblocking(False)
    sender.setblocking(False)
    signal.set_wakeup_fd(sender.fileno(), warn_on_full_buffer=False)
    for number in QUIT_SIGNALS:
        signal.signal(number, lambda *_: None)  # the wakeup byte does the work
    return receiver, sender


def stop_signals_received(receiver: socket.socket) -> bytes:
    """The numbers of the signals written since last asked (none: empty)."""
    try:
        return receiver.recv(64)
    except BlockingIOError:
        return b""
