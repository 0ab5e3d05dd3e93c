"""No module of nhp_planner.io imports one that imports it back (issue 12)."""

from __future__ import annotations

import grimp


def test_no_import_cycles_in_io() -> None:
    # Function-level imports count (importing loads the tracker reader lazily, never the
    # reverse); imports under TYPE_CHECKING make no cycle at run time.
    graph = grimp.build_graph("nhp_planner", exclude_type_checking_imports=True)
    io = sorted(m for m in graph.modules if m.startswith("nhp_planner.io"))
    cycles = [
        (module, imported)
        for module in io
        for imported in sorted(graph.find_modules_directly_imported_by(module))
        if imported.startswith("nhp_planner.io")
        and graph.chain_exists(importer=imported, imported=module)
    ]
    assert cycles == []
