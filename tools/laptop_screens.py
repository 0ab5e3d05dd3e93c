"""Screenshots of the window and its big dialogs on the screen they run on (issue 17).

Run under a virtual screen of the size to check, e.g.::

    xvfb-run -s "-screen 0 1366x768x24" \
        .venv/bin/python tools/laptop_screens.py docs/screens/1366x768
    QT_SCALE_FACTOR=1.5 xvfb-run -s "-screen 0 1920x1080x24" \
        .venv/bin/python tools/laptop_screens.py docs/screens/1920x1080-150

Each picture is the whole screen, so anything past its edge is plainly missing.
Settings go to a temporary home: a first start, as a new user has it.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget

HOME = tempfile.mkdtemp(prefix="nhp-screens-")
for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
    os.environ[name] = str(Path(HOME) / name.lower())

from nhp_planner.io.importing import preview_import, read_source  # noqa: E402
from nhp_planner.io.plan_json import new_plan_from_document, read_plan_json  # noqa: E402
from nhp_planner.model.measures import Frequency, Measure, MeasurePeriod, Narrative  # noqa: E402
from nhp_planner.model.rag import Rag  # noqa: E402
from nhp_planner.model.store import PlanStore  # noqa: E402
from nhp_planner.sample import sample_document  # noqa: E402
from nhp_planner.ui import settings  # noqa: E402
from nhp_planner.ui.app import create_application  # noqa: E402
from nhp_planner.ui.board_pack_dialog import BoardPackDialog  # noqa: E402
from nhp_planner.ui.history_dialog import HistoryDialog  # noqa: E402
from nhp_planner.ui.import_dialog import ImportDialog  # noqa: E402
from nhp_planner.ui.main_window import MainWindow  # noqa: E402
from nhp_planner.ui.measures_dialog import MeasuresDialog  # noqa: E402
from nhp_planner.ui.merge_dialog import ConflictsDialog, MergeDialog  # noqa: E402
from nhp_planner.ui.text_dialog import TextDialog  # noqa: E402

SAMPLE_TODAY = dt.date(2026, 11, 23)
DATA = Path(__file__).parent.parent / "tests" / "data"
TRACKER = DATA / "nhp-delivery-plan-2024-01.xlsx"
PLAN_JSON = DATA / "nhp-delivery-plan-2024-01.json"


def settle(ms: int = 400) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def shoot(app: QApplication, out: Path) -> None:
    settle()
    app.primaryScreen().grabWindow(0).save(str(out))
    print(out)


def show(dialog: QWidget) -> None:
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()


def crime_measure() -> Measure:
    """A quarterly measure with a missing quarter, an exception and a narrative."""
    history = (452, 470, None, 489, 463, 476, 468, 489, 455, 413, 428, 371, 409)
    start = MeasurePeriod.quarter(2020, 3)
    values = {start.shifted(i): float(v) for i, v in enumerate(history) if v is not None}
    story = Narrative("Up 9% (+38) on the quarter, mostly shoplifting.", "Retail patrols.")
    return Measure(
        "Reduce Neighbourhood Crime",
        Frequency.QUARTERLY,
        values=values,
        target=420.0,
        narratives={start.shifted(12): story},
    )


def main(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    app = create_application(sys.argv[:1])
    work = Path(HOME)
    plan = work / "harrowdale.nhp"
    new_plan_from_document(plan, sample_document(), user="Sgt. Example").close()
    window = MainWindow(settings.app_settings(), today=lambda: SAMPLE_TODAY)
    window.open_plan(plan)
    window.show()
    overdue = (
        next((d for d in window.session.store.deliverables() if d.date_text[:1].isdigit()), None)
        if window.session
        else None
    )
    if overdue is not None:
        window.select_deliverable(overdue.id)
    shoot(app, folder / "main-window.png")
    for index, name in ((1, "findings"), (2, "actions")):  # the registers' tabs
        window.registers.setCurrentIndex(index)
        shoot(app, folder / f"{name}.png")
    window.registers.setCurrentIndex(0)

    session = window.session
    assert session is not None
    pack = BoardPackDialog(session, work, window)
    show(pack)
    settle(3000)
    shoot(app, folder / "board-pack.png")
    pack.close()

    history = HistoryDialog(session.store, session.store.deliverables()[2].id, window)
    show(history)
    shoot(app, folder / "history.png")
    history.close()
    for name in ("user_guide", "about"):
        window.action(name).trigger()
        shoot(app, folder / f"{name.replace('_', '-')}.png")
        window.findChildren(TextDialog)[-1].close()
    session.store.add_measure(crime_measure())
    measures = MeasuresDialog(session.store.measures(), dt.date(2024, 2, 22), window)
    show(measures)
    shoot(app, folder / "measures.png")
    measures.close()

    with PlanStore.open(plan, read_only=True) as owner:
        copy = owner.make_copy(work / "copy.nhp")
    first = session.store.deliverables()[0]
    session.store.update_deliverable(first.id, rag=Rag.RED)  # and the lead, AMBER: a conflict
    with PlanStore.open(copy, user="Insp. Priya Shah") as lead:  # a lead's return
        lead.update_deliverable(first.id, rag=Rag.AMBER)
        for item in lead.deliverables()[:6]:
            lead.update_deliverable(
                item.id, summary_position=f"{item.summary_position} Checked in December."
            )
    merge = MergeDialog(session, session.store.merge_from(copy, dry_run=True), window)
    show(merge)
    shoot(app, folder / "merge.png")
    merge.close()
    session.store.merge_from(copy)
    conflicts = ConflictsDialog(session, window)
    show(conflicts)
    shoot(app, folder / "conflicts.png")
    conflicts.close()

    fixture = work / "fixture.nhp"
    new_plan_from_document(fixture, read_plan_json(PLAN_JSON), user="Sgt. Example").close()
    with PlanStore.open(fixture) as store:
        preview = preview_import(store, read_source(TRACKER))
    dialog: QDialog = ImportDialog(preview, window)
    show(dialog)
    shoot(app, folder / "import-preview.png")
    dialog.close()
    window.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]))
