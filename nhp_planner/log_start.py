"""The command line's log, started without importing :mod:`logging`, which most runs never need.

A run of ``summary``, ``dump``, ``copy`` or ``merge`` writes no log record, yet importing
logging (with traceback, threading, weakref and string under it) costs some 5 ms of its
start. Until something imports logging, nothing can write a record; so the log is started
(:func:`nhp_planner.logs.start_logging`) the moment logging is first imported, by our code
or a library's, before that importer can write one: no record is lost.
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False  # typing is for mypy only: start-up (see docs/ARCHITECTURE.md, Rules)
if TYPE_CHECKING:
    from collections.abc import Sequence
    from importlib.machinery import ModuleSpec
    from types import ModuleType
    from typing import Any

#: logging.INFO, named here without importing logging.
INFO = 20


def start_logging_when_imported(level: int = INFO) -> None:
    """:func:`~nhp_planner.logs.start_logging` now if logging is imported, else once it is."""
    if "logging" in sys.modules:
        from nhp_planner.logs import start_logging

        start_logging(level)
    elif not any(isinstance(finder, _StartLogging) for finder in sys.meta_path):
        sys.meta_path.insert(0, _StartLogging(level))


class _StartLogging:
    """A finder on :data:`sys.meta_path` that finds only logging, through the finders after it,
    and has its loader start the log once the module has run; then it leaves the path."""

    def __init__(self, level: int) -> None:
        self._level = level

    def find_spec(
        self, name: str, path: Sequence[str] | None = None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if name != "logging":
            return None
        sys.meta_path.remove(self)
        for finder in sys.meta_path:
            find = getattr(finder, "find_spec", None)
            spec: ModuleSpec | None = find(name, path, target) if find is not None else None
            if spec is not None:
                if spec.loader is not None:
                    # A loader by its methods (importlib.abc.Loader would cost an import).
                    spec.loader = _ThenStartLogging(spec.loader, self._level)  # type: ignore[assignment]
                return spec
        return None


class _ThenStartLogging:
    """logging's own loader, which starts the log once it has run the module."""

    def __init__(self, loader: Any, level: int) -> None:
        self._loader = loader
        self._level = level

    def create_module(self, spec: ModuleSpec) -> ModuleType | None:
        module: ModuleType | None = self._loader.create_module(spec)
        return module

    def exec_module(self, module: ModuleType) -> None:
        self._loader.exec_module(module)
        from nhp_planner.logs import start_logging

        start_logging(self._level)

    def __getattr__(self, name: str) -> Any:
        """The rest of the loader's face (``get_source`` for tracebacks, ``is_package``...)."""
        return getattr(self._loader, name)
