"""The log: a rotating file in the user log folder, shared by the window and the command line."""

from __future__ import annotations

import logging
from pathlib import Path

from nhp_planner.paths import user_log_dir

LOG_NAME = "nhp-planner.log"


class _RotatingLog(logging.Handler):
    """The rotating log file, opened on the first record.

    Most runs of a command log nothing; they neither import
    :mod:`logging.handlers` (sockets, pickling, queues: some 6 ms) nor open the file.
    """

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.baseFilename = str(path)
        self._file: logging.Handler | None = None

    def emit(self, record: logging.LogRecord) -> None:
        if self._file is None:
            from logging.handlers import RotatingFileHandler

            self._file = RotatingFileHandler(
                self.baseFilename, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
            )
            self._file.setFormatter(self.formatter)
        self._file.emit(record)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
        super().close()


def setup_logging(level: int = logging.INFO) -> Path:
    """Send this process's log records to the rotating log file; returns its path."""
    path = user_log_dir() / LOG_NAME
    root = logging.getLogger()
    if not any(getattr(h, "baseFilename", None) == str(path) for h in root.handlers):
        handler = _RotatingLog(path)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
    root.setLevel(level)
    return path
