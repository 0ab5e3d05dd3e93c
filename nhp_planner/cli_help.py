"""The command line's parser: argparse's own, asking the terminal's width only to format help.

argparse makes a help formatter for every argument added (to check its metavar), and
each formatter asks :func:`shutil.get_terminal_size` for the width at once: importing
shutil (with bz2 and lzma) costs some 2 ms of a command that never prints help. Here the
width is asked, as argparse asks it, when help, usage or an error is first formatted.
"""

from __future__ import annotations

import argparse

TYPE_CHECKING = False  # typing is for mypy only: start-up (see docs/ARCHITECTURE.md, Rules)
if TYPE_CHECKING:
    from typing import Any, NoReturn


class HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter, its width (and so its help position) worked out on first use."""

    def __init__(
        self,
        prog: str,
        indent_increment: int = 2,
        max_help_position: int = 24,
        width: int | None = None,
    ) -> None:
        # A stand-in width until format_help: nothing before it reads the width.
        super().__init__(prog, indent_increment, max_help_position, width=width or 0)
        self._asked = (max_help_position, width)

    def format_help(self) -> str:
        max_help_position, width = self._asked
        if width is None:
            import shutil

            width = shutil.get_terminal_size().columns - 2
        # As argparse.HelpFormatter.__init__ sets them from the width.
        self._width = width
        self._max_help_position = min(
            max_help_position, max(width - 20, self._indent_increment * 2)
        )
        return super().format_help()


class ArgumentParser(argparse.ArgumentParser):
    """argparse's parser with :class:`HelpFormatter`; its sub-commands' parsers are its kind."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", HelpFormatter)
        super().__init__(*args, **kwargs)

    def add_subparsers(self, **kwargs: Any) -> Any:
        # argparse formats a usage line to name the sub-commands' program; with no
        # positional arguments before them (ours have none) that line is the program.
        if self.usage is None and not self._get_positional_actions():
            kwargs.setdefault("prog", self.prog)
        return super().add_subparsers(**kwargs)

    def error(self, message: str) -> NoReturn:
        """The mistake in one sentence and where the options are listed, not the whole usage:
        a command with the pack's 40 cover options printed 25 lines of it above the one that
        said what was wrong."""
        self.exit(2, f"{self.prog}: error: {message}\nRun '{self.prog} --help' for its options.\n")
