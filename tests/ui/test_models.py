"""The Qt models over the plan: checked by Qt's model tester, sorted and filtered by role."""

from __future__ import annotations

import random
from dataclasses import replace

from PySide6.QtCore import QPersistentModelIndex, Qt
from pytestqt.modeltest import ModelTester

from nhp_planner.model.rag import Rag
from nhp_planner.model.refs import ref_sort_key
from nhp_planner.ui.deliverable_filter import DeliverableFilter
from nhp_planner.ui.deliverable_model import Column
from nhp_planner.ui.deliverable_proxy import DeliverableSortProxy
from nhp_planner.ui.roles import (
    FILTER_ROLE,
    NUMBER_ROLE,
    OBJECT_ROLE,
    OVERDUE_ROLE,
    RAG_COUNTS_ROLE,
    RAG_ROLE,
)
from nhp_planner.ui.session import PlanSession


def _refs(proxy: DeliverableSortProxy) -> list[str]:
    return [proxy.index(row, Column.REF).data() for row in range(proxy.rowCount())]


def _proxy(session: PlanSession) -> DeliverableSortProxy:
    proxy = DeliverableSortProxy(session)
    proxy.setSourceModel(session.deliverables)
    return proxy


def test_table_model_passes_the_model_tester(
    session: PlanSession, qtmodeltester: ModelTester
) -> None:
    qtmodeltester.check(session.deliverables)


def test_objective_model_passes_the_model_tester(
    session: PlanSession, qtmodeltester: ModelTester
) -> None:
    qtmodeltester.check(session.objectives)


def test_proxy_passes_the_model_tester_through_edits(
    session: PlanSession, qtmodeltester: ModelTester
) -> None:
    proxy = _proxy(session)
    qtmodeltester.check(proxy)
    # The tester stays attached and checks every notification these make.
    proxy.sort(Column.RAG, Qt.SortOrder.DescendingOrder)
    proxy.set_filter(DeliverableFilter(text="community"))
    proxy.set_filter(DeliverableFilter(rags=frozenset({Rag.AMBER})))
    first = session.deliverables.deliverables()[0]
    session.edit_deliverable(first.id, "rag", Rag.AMBER)
    session.edit_deliverable(first.id, "rag", Rag.RED)
    session.undo_stack.undo()
    session.delete([first])
    session.undo_stack.undo()
    session.new_deliverable(2)
    session.undo_stack.undo()
    proxy.set_filter(DeliverableFilter())
    proxy.sort(Column.DATE)
    objective = session.objectives.objectives()[1]
    session.move_objective(objective, 1)
    session.undo_stack.undo()


def test_references_sort_as_numbers(session: PlanSession) -> None:
    proxy = _proxy(session)
    proxy.sort(Column.REF)
    refs = _refs(proxy)
    assert refs.index("1.10") == refs.index("1.9") + 1
    assert refs[:5] == ["0.1", "0.2", "0.3", "0.4", "1.1"]
    proxy.sort(Column.REF, Qt.SortOrder.DescendingOrder)
    assert _refs(proxy)[:3] == ["4.15", "4.14", "4.13"]


def test_ties_keep_reference_order_both_ways(session: PlanSession) -> None:
    proxy = _proxy(session)
    proxy.sort(Column.RAG, Qt.SortOrder.DescendingOrder)
    rags = [proxy.index(r, 0).data(RAG_ROLE) for r in range(proxy.rowCount())]
    assert rags == sorted(rags, key=lambda rag: -rag.rank)
    greens = [ref for ref, rag in zip(_refs(proxy), rags, strict=True) if rag is Rag.GREEN]
    ambers = [ref for ref, rag in zip(_refs(proxy), rags, strict=True) if rag is Rag.AMBER]
    assert greens[:3] == ["0.1", "0.2", "0.4"]
    assert greens == sorted(greens, key=ref_sort_key)
    assert ambers == sorted(ambers, key=ref_sort_key)


def test_dates_sort_by_due_date_with_undated_last(session: PlanSession) -> None:
    proxy = _proxy(session)
    proxy.sort(Column.DATE)
    dues = [proxy.index(r, 0).data(OBJECT_ROLE).date.due for r in range(proxy.rowCount())]
    dated = [due for due in dues if due is not None]
    assert dated == sorted(dated)
    assert dues[: len(dated)] == dated


def test_text_search_covers_ref_commitment_and_summary(session: PlanSession) -> None:
    proxy = _proxy(session)
    target = next(d for d in session.deliverables.deliverables() if d.summary_position)
    word = max(target.summary_position.split(), key=len)
    proxy.set_filter(DeliverableFilter(text=word.upper()))
    assert target.ref in _refs(proxy)
    for row in range(proxy.rowCount()):
        facts = proxy.index(row, 0).data(FILTER_ROLE)
        assert word.casefold() in facts.search_text
    proxy.set_filter(DeliverableFilter(text="1.10"))
    assert "1.10" in _refs(proxy)
    proxy.set_filter(DeliverableFilter(text="no such words anywhere"))
    assert proxy.rowCount() == 0


def test_rag_overdue_and_objective_filters(session: PlanSession) -> None:
    proxy = _proxy(session)
    proxy.set_filter(DeliverableFilter(rags=frozenset({Rag.AMBER})))
    assert proxy.rowCount() == 17
    proxy.set_filter(DeliverableFilter(rags=frozenset({Rag.AMBER, Rag.GREEN})))
    assert proxy.rowCount() == 55
    proxy.set_filter(DeliverableFilter(overdue_only=True))
    assert proxy.rowCount() > 0
    assert all(proxy.index(r, 0).data(OVERDUE_ROLE) for r in range(proxy.rowCount()))
    proxy.set_filter(DeliverableFilter(objective=2))
    assert _refs(proxy) == [f"2.{n}" for n in range(1, 11)]


def test_an_edit_moves_the_row_and_keeps_it_selected(session: PlanSession) -> None:
    proxy = _proxy(session)
    proxy.sort(Column.RAG)
    green = next(d for d in session.deliverables.deliverables() if d.rag is Rag.GREEN)
    row = session.deliverables.row_of(green.id)
    assert row is not None
    held = QPersistentModelIndex(proxy.mapFromSource(session.deliverables.index(row, 0)))
    session.edit_deliverable(green.id, "rag", Rag.RED)
    assert held.isValid()
    assert held.data(OBJECT_ROLE).id == green.id
    assert held.row() == 0  # RED sorts first now


def test_an_edit_that_fails_the_filter_hides_the_row(session: PlanSession) -> None:
    proxy = _proxy(session)
    proxy.set_filter(DeliverableFilter(rags=frozenset({Rag.GREEN})))
    before = proxy.rowCount()
    green = proxy.index(3, 0).data(OBJECT_ROLE)
    session.edit_deliverable(green.id, "rag", Rag.AMBER)
    assert proxy.rowCount() == before - 1
    assert green.ref not in _refs(proxy)
    session.undo_stack.undo()
    assert proxy.rowCount() == before
    assert _refs(proxy)[3] == green.ref


def test_proxy_matches_a_plain_filter_after_random_edits(session: PlanSession) -> None:
    """Whatever the edits, the proxy shows exactly what filtering and sorting in full would."""
    proxy = _proxy(session)
    proxy.sort(Column.RAG, Qt.SortOrder.DescendingOrder)
    flt = DeliverableFilter(rags=frozenset({Rag.RED, Rag.AMBER}))
    proxy.set_filter(flt)
    chance = random.Random(4)
    for _ in range(40):
        deliverables = session.deliverables.deliverables()
        pick = chance.choice(deliverables)
        action = chance.random()
        if action < 0.6:
            session.edit_deliverable(pick.id, "rag", chance.choice(list(Rag)))
        elif action < 0.75:
            session.delete([pick])
        elif action < 0.9:
            session.new_deliverable(chance.choice([1, 2, 3]))
        else:
            session.undo_stack.undo()
        expected = sorted(
            (d for d in session.deliverables.deliverables() if d.rag in flt.rags),
            key=lambda d: d.sort_key,
        )
        expected.sort(key=lambda d: d.rag.rank, reverse=True)
        assert _refs(proxy) == [d.ref for d in expected]


def test_objective_rows_carry_counts(session: PlanSession) -> None:
    model = session.objectives
    overall = model.index(0).data(RAG_COUNTS_ROLE)
    assert (overall.green, overall.amber, overall.total) == (38, 17, 55)
    assert model.index(0).data(NUMBER_ROLE) is None
    two = model.index(model.row_of_number(2))
    assert two.data() == "Objective 2"  # the plan gives objective 2 no title
    assert two.data(RAG_COUNTS_ROLE).total == 10


def test_renumbering_objectives_reorders_the_list(session: PlanSession) -> None:
    model = session.objectives
    one = model.index(model.row_of_number(1))
    held = QPersistentModelIndex(one)
    objective = one.data(OBJECT_ROLE)
    assert session.move_objective(objective, 1)
    assert held.data(NUMBER_ROLE) == 2
    assert held.row() == model.row_of_number(2)
    refs = {d.ref for d in session.deliverables.deliverables()}
    assert "2.15" in refs and "1.10" in refs  # the old 1.x are 2.x now, and the old 2.x are 1.x


def test_summary_change_reaches_the_row(session: PlanSession) -> None:
    first = session.deliverables.deliverables()[0]
    session.edit_deliverable(first.id, "summary_position", "A brand new summary")
    row = session.deliverables.row_of(first.id)
    assert row is not None
    facts = session.deliverables.index(row, 0).data(FILTER_ROLE)
    assert "a brand new summary" in facts.search_text
    assert session.store.deliverable(first.id).summary_position == "A brand new summary"


def test_deliverable_filter_defaults_let_everything_through(session: PlanSession) -> None:
    facts = session.deliverables.index(0, 0).data(FILTER_ROLE)
    assert DeliverableFilter().accepts(facts)
    assert not DeliverableFilter(lead="Someone").accepts(facts)
    assert DeliverableFilter(lead="").accepts(facts)  # no lead named
    assert not replace(DeliverableFilter(), not_updated_only=True).accepts(
        replace(facts, updated=True)
    )
