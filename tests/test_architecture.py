"""The layers point one way, no module imports itself round a cycle, and classes stay small.

The class-size check covers the whole package (every room: model, io, ui, the
command line) and exempts nothing: a class that grows past
:data:`MOST_CLASS_LINES` lines is split by concern (issue 12).
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "nhp_planner"
#: Where no class may be over :data:`MOST_CLASS_LINES` lines: all of it.
CLASS_SIZE_ROOMS = [PACKAGE]
MOST_CLASS_LINES = 400


def test_import_contracts_hold() -> None:
    """import-linter's contracts in pyproject.toml (layers, and no Qt below the ui)."""
    result = subprocess.run(
        [
            str(Path(sys.executable).parent / "lint-imports"),
            "--config",
            str(REPO / "pyproject.toml"),
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "BROKEN" not in result.stdout and "KEPT" in result.stdout


def test_model_and_io_do_not_load_qt() -> None:
    code = (
        "import importlib, pkgutil, sys\n"
        "import nhp_planner.model, nhp_planner.io\n"
        "for pkg in (nhp_planner.model, nhp_planner.io):\n"
        "    for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "        importlib.import_module(info.name)\n"
        "import nhp_planner.cli, nhp_planner.sample\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))\n"
        "assert not loaded, loaded\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


def test_command_line_does_not_load_heavy_libraries_it_does_not_need() -> None:
    """`summary` starts fast: no Qt, Excel or PDF library, and never pandas."""
    code = (
        "import sys\n"
        "from nhp_planner.cli import main\n"
        "main(['summary', '--sample'])\n"
        "heavy = {'PySide6', 'openpyxl', 'reportlab', 'pandas', 'numpy'}\n"
        "loaded = sorted(heavy & {m.split('.')[0] for m in sys.modules})\n"
        "assert not loaded, loaded\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


#: Run in a child process given, as JSON, the commands to run and the libraries none may load.
_COMMANDS_RUN = """
import contextlib, io, json, sys
from nhp_planner.cli import main
commands, forbidden = json.loads(sys.argv[1])
for command in commands:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        assert main(command) == 0, command
loaded = sorted(set(forbidden) & {m.split(".")[0] for m in sys.modules})
assert not loaded, f"loaded by {commands}: {loaded}"
"""
#: What a command never needs: the window, the formats of other commands, and sqlite-utils
#: (with click, dateutil and pluggy), which only a migration or a table helper's write uses.
_NEVER = {"PySide6", "shiboken6", "pandas", "numpy", "sqlite_utils", "click", "dateutil", "pluggy"}


@pytest.mark.parametrize(
    ("commands", "allowed"),
    [
        (
            [
                "summary {plan}",
                "dump {plan}",
                "copy {plan} --out {out}/copy2.nhp",
                "merge {plan} --from {out}/copy.nhp",
                "findings list {plan}",
                "actions list {plan}",
            ],
            set(),
        ),
        (
            ["import {tracker} --plan {plan} --dry-run", "export {plan} --out {out}/t.xlsx"],
            {"openpyxl"},
        ),
        (["board-pack {plan} --out {out}/pack.pdf"], {"reportlab"}),
        (["paper {plan} --out {out}/paper.docx"], {"docx"}),
    ],
    ids=["plan file only", "Excel", "PDF", "Word"],
)
def test_each_command_loads_only_the_libraries_it_uses(
    tmp_path: Path, plan_file: Path, commands: list[str], allowed: set[str]
) -> None:
    """Start-up (issue 22): a command on a plan file of this release reads it through sqlite3,
    imports only its own format's library."""
    from nhp_planner.cli import main

    assert main(["copy", str(plan_file), "--out", str(tmp_path / "copy.nhp")]) == 0
    forbidden = (_NEVER | {"openpyxl", "reportlab", "docx"}) - allowed
    tracker = REPO / "tests" / "data" / "nhp-delivery-plan-2024-01.xlsx"
    words = {"plan": plan_file, "out": tmp_path, "tracker": tracker}
    argv = [[word.format(**words) for word in command.split()] for command in commands]
    result = subprocess.run(
        [sys.executable, "-c", _COMMANDS_RUN, json.dumps([argv, sorted(forbidden)])],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
    )
    assert result.returncode == 0, result.stderr


#: Run in a child process given a command's words, ``--``, then modules: those it loaded.
_COMMAND_LOADS = """
import contextlib, io, sys
from nhp_planner.cli import main
split = sys.argv.index("--")
with contextlib.redirect_stdout(io.StringIO()):
    assert main(sys.argv[1:split]) == 0
print(" ".join(m for m in sys.argv[split + 1:] if m in sys.modules))
"""
#: What none of the plan-file commands loads: the user folders (platformdirs: asked for
#: only by the window and the sample), the log file's handler (made on a first record),
#: the measures with their SPC, and the edits of the plan with diff (none of them edits).
_READS_NEVER = [
    "platformdirs",
    "logging.handlers",
    "uuid",
    "nhp_planner.model.measures",
    "nhp_planner.model.spc",
    "nhp_planner.model.store.measures",
    "nhp_planner.model.store.edits",
    "nhp_planner.model.diff",
    "nhp_planner.register_commands",
]
#: What a pack or paper of a plan with no measures, without the registers' sections, does not load.
_PACK_NEVER = [
    "nhp_planner.model.store.measures",
    "nhp_planner.io.measures_paper",
    "nhp_planner.register_commands",
    "nhp_planner.io.paper.register_rows",
    "nhp_planner.model.actions",
    "nhp_planner.model.findings",
]
#: The measures' model and its SPC: nor does the paper (the pack's layout names the model).
_MEASURES_MODEL = ["nhp_planner.model.measures", "nhp_planner.model.spc"]
#: Merging, the change records and the locks: what only a merge needs.
_MERGING = [
    "nhp_planner.model.merge",
    "nhp_planner.model.changes",
    "nhp_planner.model.convergence",
    "nhp_planner.model.store.merging",
    "nhp_planner.model.plan_lock",
]


@pytest.mark.parametrize(
    ("command", "not_loaded"),
    [
        (
            "summary {plan}",
            [
                *_READS_NEVER,
                *_MERGING,
                "json",
                "tempfile",
                "typing",
                "shutil",  # argparse's, for the terminal's width: asked only to print help
                "nhp_planner.model.store.copies",
                "nhp_planner.model.store.register_rows",
                "nhp_planner.model.actions",
                "nhp_planner.model.findings",
            ],
        ),
        ("summary {plan} --json", [*_MERGING[:2], "nhp_planner.model.store.merging"]),
        (
            "dump {plan}",
            [*_READS_NEVER, *_MERGING, "tempfile", "shutil", "nhp_planner.model.movement"],
        ),
        (
            "copy {plan} --out {out}/copy2.nhp",
            [
                *_READS_NEVER,
                *_MERGING,
                "nhp_planner.model.movement",
                "nhp_planner.model.store.register_rows",
                "typing",
            ],
        ),
        (
            "merge {plan} --from {out}/copy.nhp",  # a copy with nothing new: no rows to work out
            [
                *_READS_NEVER,
                "typing",
                "platform",  # the lock's host name is os.uname's
                "nhp_planner.model.store.converged_rows",
                "nhp_planner.model.store.register_rows",
            ],
        ),
        # The documents show a merge's conflicts but work nothing of a merge out; their
        # one record ("Wrote ...") goes to the log without its rotation.
        (
            "board-pack {plan} --out {out}/pack.pdf",
            [*_MERGING[:3], "logging.handlers", *_PACK_NEVER],
        ),
        # A paper without measures or the registers' sections loads neither's code.
        (
            "paper {plan} --out {out}/paper.docx",
            [*_MERGING[:3], "logging.handlers", *_PACK_NEVER, *_MEASURES_MODEL],
        ),
    ],
    ids=["summary", "summary --json", "dump", "copy", "merge", "board-pack", "paper"],
)
def test_a_plan_file_command_loads_only_its_own_code(
    tmp_path: Path, plan_file: Path, command: str, not_loaded: list[str]
) -> None:
    """Start-up (issue 22): a command imports the parts of the store and the model it uses,
    and the rest on first use; cli.py imports no command's code itself."""
    from nhp_planner.cli import main

    assert main(["copy", str(plan_file), "--out", str(tmp_path / "copy.nhp")]) == 0
    words = [w.format(plan=plan_file, out=tmp_path) for w in command.split()]
    result = subprocess.run(
        [sys.executable, "-c", _COMMAND_LOADS, *words, "--", "sqlite3", *not_loaded],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["sqlite3"], f"{command} loaded {result.stdout.split()[1:]}"


#: Run in a child process: the window started as ``nhp-planner --sample`` starts it, until
#: its table has painted its first frame; then what it imported is checked.
_WINDOW_STARTED = """
import os, sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView

class QuitWhenPainted(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, QApplication.quit)
        return False

shown = []
show, exec_ = QMainWindow.show, QApplication.exec
def remember(window):
    shown.append(window)
    show(window)
def until_painted(*_):
    shown[-1].findChild(QTableView).installEventFilter(QuitWhenPainted(QApplication.instance()))
    QTimer.singleShot(30_000, lambda: os._exit(3))
    return exec_()
QMainWindow.show, QApplication.exec = remember, until_painted

from nhp_planner.ui import messages
def crashed(parent, summary, details, log_file):
    print(details, file=sys.stderr, flush=True)
    os._exit(4)
messages.show_crash = crashed

from nhp_planner.paths import user_data_dir
from nhp_planner.sample import SAMPLE_FILE_NAME
made_before = (user_data_dir() / SAMPLE_FILE_NAME).exists()

from nhp_planner.cli import main
assert main(["--sample"]) == 0
assert shown, "no window was shown"
heavy = {"reportlab", "openpyxl", "docx", "pypdf", "pandas", "numpy"}
loaded = sorted(heavy & {m.split(".")[0] for m in sys.modules})
assert not loaded, f"libraries the first frame does not use: {loaded}"
later = ("PySide6.QtPdf", "PySide6.QtPrintSupport", "nhp_planner.io.paper",
         "nhp_planner.io.board_pack", "nhp_planner.io.word_paper", "nhp_planner.io.tracker",
         "nhp_planner.io.excel_export", "nhp_planner.io.importing", "nhp_planner.model.restore",
         "nhp_planner.ui.jobs")
if made_before:  # the sample's working copy is made from its plan JSON on the first start only
    later += ("nhp_planner.io.plan_json", "nhp_planner.io.registers")
dialogs = [m for m in sys.modules if m.startswith("nhp_planner.ui.") and m.endswith("_dialog")]
parts = sorted(dialogs + [m for m in sys.modules if m.startswith(later)])
assert not parts, f"parts built on first use, not at start-up: {parts}"
"""


def test_the_window_starts_without_what_its_first_frame_does_not_use() -> None:
    """Start-up (issue 22): no PDF, Excel or Word library, no dialog, no pack preview, no
    thread pool for long jobs, until a pack, a workbook, a paper, a dialog or a job is asked for;
    and after the first start, which makes the sample's working copy, no plan JSON reader."""
    for _start in ("first", "later"):
        result = subprocess.run(
            [sys.executable, "-c", _WINDOW_STARTED],
            capture_output=True,
            text=True,
            check=False,
            cwd=REPO,
        )
        assert result.returncode == 0, result.stderr


def _module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _import_time_imports(body: list[ast.stmt]) -> Iterator[ast.Import | ast.ImportFrom]:
    """The imports a module runs as it loads: not those in functions or under TYPE_CHECKING."""
    for node in body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        elif isinstance(node, ast.If):
            if not _is_type_checking(node.test):
                yield from _import_time_imports(node.body)
            yield from _import_time_imports(node.orelse)
        elif isinstance(node, ast.Try):
            for block in (node.body, node.orelse, node.finalbody):
                yield from _import_time_imports(block)
            for handler in node.handlers:
                yield from _import_time_imports(handler.body)
        elif isinstance(node, ast.With | ast.ClassDef):
            yield from _import_time_imports(node.body)


def import_graph() -> dict[str, set[str]]:
    """Each module of nhp_planner and the modules of nhp_planner it imports as it loads."""
    paths = {_module_name(path): path for path in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in paths.items():
        is_package = path.name == "__init__.py"
        imported: set[str] = set()
        for node in _import_time_imports(ast.parse(path.read_text(), str(path)).body):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                base = node.module or ""
                if node.level:
                    anchor = name.split(".")
                    anchor = anchor[: len(anchor) - node.level + (1 if is_package else 0)]
                    base = ".".join([*anchor, *([base] if base else [])])
                targets = [
                    f"{base}.{alias.name}" if f"{base}.{alias.name}" in paths else base
                    for alias in node.names
                ]
            imported.update(t for t in targets if t in paths and t != name)
        graph[name] = imported
    return graph


def import_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The groups of modules that import each other round a cycle (Tarjan's components)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for target in sorted(graph[module]):
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                cycles.append(sorted(group))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return cycles


def test_the_import_graph_sees_the_package() -> None:
    """The graph the cycle check walks is the real one (a check over nothing cannot fail)."""
    graph = import_graph()
    assert "nhp_planner.model.store.plan_store" in graph["nhp_planner.model.store"]
    assert "nhp_planner.model.store.reads" in graph["nhp_planner.model.store.edits"]
    assert "nhp_planner.cli" in graph and len(graph) > 50


def test_the_cycle_finder_finds_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert import_cycles(graph) == [["a", "b", "c"]]


def test_no_module_level_import_cycles() -> None:
    """Type-only imports (under ``if TYPE_CHECKING:``) and imports in functions don't count."""
    assert import_cycles(import_graph()) == []


def oversized_classes(rooms: list[Path], most: int) -> list[str]:
    """Every class in the rooms' modules longer than ``most`` lines, as "module.Class: n lines"."""
    found = []
    for room in rooms:
        for path in sorted(room.rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(), str(path))):
                if isinstance(node, ast.ClassDef) and node.end_lineno is not None:
                    lines = node.end_lineno - node.lineno + 1
                    if lines > most:
                        found.append(f"{_module_name(path)}.{node.name}: {lines} lines")
    return found


def test_the_class_size_check_measures_classes() -> None:
    assert oversized_classes(CLASS_SIZE_ROOMS, 100) != []


def test_no_class_is_over_400_lines() -> None:
    assert oversized_classes(CLASS_SIZE_ROOMS, MOST_CLASS_LINES) == []


@pytest.mark.parametrize("room", ["nhp_planner.ui", "nhp_planner.io"])
def test_no_import_cycles_within_a_room_even_through_function_level_imports(room: str) -> None:
    """A room's lazy (function-level) imports count too: they run, only later (grimp sees them).

    Imports under TYPE_CHECKING are for the type checker only and make no cycle at run time.
    """
    import grimp

    graph = grimp.build_graph("nhp_planner", exclude_type_checking_imports=True)
    modules = sorted(m for m in graph.modules if m.startswith(room))
    cycles = [
        (module, imported)
        for module in modules
        for imported in sorted(graph.find_modules_directly_imported_by(module))
        if imported.startswith(room) and graph.chain_exists(importer=imported, imported=module)
    ]
    assert cycles == []
