"""The log: a rotating file in the user log folder, shared by the window and the command line."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from nhp_planner.paths import user_log_dir

LOG_NAME = "nhp-planner.log"


def setup_logging(level: int = logging.INFO) -> Path:
    """Send this process's log records to the rotating log file; returns its path."""
    path = user_log_dir() / LOG_NAME
    root = logging.getLogger()
    if not any(getattr(h, "baseFilename", None) == str(path) for h in root.handlers):
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
        )
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
    root.setLevel(level)
    return path
