"""No module of the window imports one that imports it back (issue 12)."""

from __future__ import annotations

import grimp


def test_no_import_cycles_in_the_ui() -> None:
    # Imports under TYPE_CHECKING are for the type checker only: they make no cycle at run time.
    graph = grimp.build_graph("nhp_planner", exclude_type_checking_imports=True)
    ui = sorted(m for m in graph.modules if m.startswith("nhp_planner.ui"))
    cycles = [
        (module, imported)
        for module in ui
        for imported in sorted(graph.find_modules_directly_imported_by(module))
        if imported.startswith("nhp_planner.ui")
        and graph.chain_exists(importer=imported, imported=module)
    ]
    assert cycles == []
