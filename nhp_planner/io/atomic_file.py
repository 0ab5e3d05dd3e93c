"""Writing an output file whole or not at all: a temporary file beside it, renamed into place.

A failure (disk full, cancelled, a bug) never leaves a half-written tracker or
pack where the old one was.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from nhp_planner.model.errors import ExportError


@contextmanager
def replacing(out: Path, what: str) -> Iterator[BinaryIO]:
    """A binary stream whose content becomes ``out`` when the block ends without error.

    Args:
        what: what is being written, for messages ("the tracker", "the board pack").

    Raises:
        ExportError: the folder cannot be written, or writing or renaming failed.
    """
    part = out.with_name(f".{out.stem}-{secrets.token_hex(4)}{out.suffix}.part")
    try:
        # Mode 0666, so the umask gives the file the permissions any new file of
        # the user's would have (mkstemp would make it private to them).
        handle = os.open(
            part, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666
        )
    except OSError as error:
        raise ExportError(f"Cannot write {what} in {out.parent}: {reason(error)}.") from error
    try:
        with os.fdopen(handle, "wb") as stream:
            yield stream
        os.replace(part, out)
    except OSError as error:
        raise ExportError(f"Cannot write {what} {out}: {reason(error)}.") from error
    finally:
        part.unlink(missing_ok=True)


def reason(error: OSError) -> str:
    """Why a file operation failed, in words for people."""
    if isinstance(error, FileNotFoundError):
        return "the folder does not exist"
    if isinstance(error, PermissionError):
        return "permission denied (is the file open in another program?)"
    if isinstance(error, IsADirectoryError):
        return "that is a folder"
    return (error.strerror or str(error)).rstrip(".").lower()
