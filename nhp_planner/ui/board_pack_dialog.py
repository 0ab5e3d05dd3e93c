"""The board pack dialog: edit the cover report, see the pack as it will print, save or print it."""

from __future__ import annotations

import itertools
import re
import shutil
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QRectF, QSize, Qt, QTemporaryDir, QTimer, Signal
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from nhp_planner.io.board_pack import PURPOSES, BoardPackResult, build_board_pack, complete_cover
from nhp_planner.model.entities import CoverReport
from nhp_planner.model.errors import NhpError
from nhp_planner.model.movement import compare
from nhp_planner.model.summary import summarise
from nhp_planner.ui import file_dialogs, messages
from nhp_planner.ui.jobs import Job, with_progress
from nhp_planner.ui.screen_fit import fit_to_screen, scrolling
from nhp_planner.ui.session import PlanSession

#: The cover's fields as the committee paper labels them, in its order.
COVER_LABELS = {
    "committees": "Committee(s)",
    "dated": "Dated",
    "subject": "Subject",
    "public": "Public / Non-public",
    "report_of": "Report of",
    "report_author": "Report author",
    "purpose": "For Decision / Discussion / Information",
    "summary": "Summary",
    "recommendations": "Recommendation(s)",
    "appendices": "Appendices",
}
_MULTI_LINE = ("summary", "recommendations")
#: How long typing in the cover may pause before the preview is rebuilt.
REBUILD_DELAY_MS = 900
#: Pages are printed as pictures of the PDF at this resolution at most.
PRINT_DPI = 300
_bursts = itertools.count(1)


def suggested_name(session: PlanSession) -> str:
    """ "Harrowdale NHP delivery plan - board pack 2026-11.pdf", safe on every file system."""
    period = f" {session.period.key}" if session.period else ""
    name = re.sub(r'[\\/:*?"<>|]+', " ", f"{session.plan.title} - board pack{period}.pdf")
    return " ".join(name.split())


def print_pdf(document: QPdfDocument, printer: QPrinter) -> None:
    """Print every page of a loaded PDF, each scaled to the printer's page."""
    painter = QPainter()
    if not painter.begin(printer):
        raise NhpError("The printer could not be started; check it is switched on and try again.")
    try:
        dpi = min(printer.resolution(), PRINT_DPI)
        for page in range(document.pageCount()):
            if page:
                printer.newPage()
            points = document.pagePointSize(page)
            size = QSize(round(points.width() / 72 * dpi), round(points.height() / 72 * dpi))
            image = document.render(page, size)
            target = QRectF(painter.viewport())
            scale = min(target.width() / size.width(), target.height() / size.height())
            painter.drawImage(QRectF(0, 0, size.width() * scale, size.height() * scale), image)
    finally:
        painter.end()


class BoardPackDialog(QDialog):
    """Cover fields on the left, the pack on the right; the pack is rebuilt as the cover changes.

    The cover is stored with the plan (undoably, one step per visit) each time
    the pack is built from it; a read-only plan builds from it without storing.
    """

    #: A preview was built and shown: its page count.
    preview_ready = Signal(int)

    def __init__(self, session: PlanSession, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._folder = folder
        self._today = session.today()
        self._files = QTemporaryDir()
        self._builds = itertools.count(1)
        self._burst = next(_bursts)
        self._built: BoardPackResult | None = None
        self._built_from: CoverReport | None = None
        self._job: Job | None = None
        self._then: list[Callable[[Path], None]] = []
        self.setWindowTitle("Board Pack")
        fit_to_screen(self, 1200, 820)

        self.fields: dict[str, QLineEdit | QPlainTextEdit | QComboBox] = {}
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        defaults = self._defaults()
        cover = session.plan.cover
        for name, label in COVER_LABELS.items():
            widget = self._field(name, getattr(cover, name), getattr(defaults, name))
            widget.setAccessibleName(label)
            self.fields[name] = widget
            caption = QLabel(label, self)
            caption.setBuddy(widget)
            form.addRow(caption, widget)
        note = QLabel(
            "Blank fields are filled in when the pack is printed (shown greyed). "
            "The cover is kept with the plan for next time.",
            self,
        )
        note.setWordWrap(True)
        note.setEnabled(False)
        form.addRow(note)
        left = QWidget(self)
        left.setLayout(form)
        left.setMinimumWidth(340)

        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setAccessibleName("Board pack preview")
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.status = QLabel("Building the preview…", self)

        self.update_button = QPushButton("&Update Preview", self)
        self.update_button.clicked.connect(lambda: self.build())
        self.save_button = QPushButton("&Save PDF…", self)
        self.save_button.clicked.connect(self.save)
        self.print_button = QPushButton("&Print…", self)
        self.print_button.clicked.connect(self.print_pack)
        close = QPushButton("Close", self)
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.update_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.print_button)
        buttons.addWidget(close)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(scrolling(left))
        splitter.addWidget(self.view)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([380, 820])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)

        self._rebuild = QTimer(self)
        self._rebuild.setSingleShot(True)
        self._rebuild.setInterval(REBUILD_DELAY_MS)
        self._rebuild.timeout.connect(lambda: self.build())
        self._update_buttons()
        self.build()

    # ------------------------------------------------------------ the cover

    def _defaults(self) -> CoverReport:
        """What blank fields become when printed (complete_cover fills every blank one)."""
        snapshot = replace(
            self._session.snapshot(),
            plan=replace(self._session.plan, cover=CoverReport(**dict.fromkeys(COVER_LABELS, ""))),
        )
        previous = self._session.previous_snapshot()
        movement = compare(previous, snapshot) if previous is not None else None
        return complete_cover(snapshot, summarise(snapshot, self._today), movement, self._today)

    def _field(self, name: str, value: str, default: str) -> QLineEdit | QPlainTextEdit | QComboBox:
        if name in ("public", "purpose"):
            combo = QComboBox(self)
            choices = ["Public", "Non-public"] if name == "public" else list(PURPOSES.values())
            combo.addItems(choices)
            if value and value not in choices:
                combo.addItem(value)
            combo.setCurrentText(value or default)
            combo.currentIndexChanged.connect(self._on_cover_edited)
            return combo
        if name in _MULTI_LINE:
            edit = QPlainTextEdit(value, self)
            edit.setPlaceholderText(default)
            edit.setTabChangesFocus(True)
            edit.setMinimumHeight(
                edit.fontMetrics().lineSpacing() * (7 if name == "summary" else 3)
            )
            edit.textChanged.connect(self._on_cover_edited)
            return edit
        line = QLineEdit(value, self)
        line.setPlaceholderText(default)
        line.textEdited.connect(self._on_cover_edited)
        return line

    def cover(self) -> CoverReport:
        """The cover as the fields have it now (blank fields stay blank)."""
        values = {}
        for name, widget in self.fields.items():
            if isinstance(widget, QComboBox):
                values[name] = widget.currentText()
            elif isinstance(widget, QPlainTextEdit):
                values[name] = widget.toPlainText().strip()
            else:
                values[name] = widget.text().strip()
        return CoverReport(**values)

    def _on_cover_edited(self) -> None:
        self._update_buttons()
        self._rebuild.start()

    # ------------------------------------------------------------ building

    def build(self, then: Callable[[Path], None] | None = None) -> None:
        """Build the pack from the cover as it stands; ``then`` gets the PDF once it is current."""
        if then is not None:
            self._then.append(then)
        self._rebuild.stop()
        if self._job is not None and self._job.running:
            return  # _on_built sees the cover changed and builds again
        cover = self.cover()
        if not self._session.read_only:
            try:
                self._session.set_cover(cover, burst=self._burst)
            except NhpError as error:
                messages.show_error(self, "The cover could not be kept with the plan.", error)
        snapshot = self._session.snapshot()
        snapshot = replace(snapshot, plan=replace(snapshot.plan, cover=cover))
        previous = self._session.previous_snapshot()
        out = Path(self._files.path()) / f"board-pack-{next(self._builds)}.pdf"
        today = self._today
        job = Job(
            lambda progress: build_board_pack(
                snapshot, out, previous=previous, today=today, progress=progress
            ),
            self,
        )
        job.finished.connect(lambda result: self._on_built(result, cover))
        job.failed.connect(self._on_failed)
        job.cancelled.connect(self._on_cancelled)
        self._job = job
        with_progress(self, job, "Building the board pack…")
        self.status.setText("Building the preview…")
        self._update_buttons()
        job.start()

    def is_current(self) -> bool:
        return self._built is not None and self._built_from == self.cover()

    def _on_built(self, result: BoardPackResult, cover: CoverReport) -> None:
        self._built = result
        self._built_from = cover
        self.document.load(str(result.path))
        plural = "s" if result.pages != 1 else ""
        self.status.setText(f"{result.pages} page{plural}, as it will print.")
        self._update_buttons()
        if not self.is_current():
            self.build()
            return
        waiting, self._then = self._then, []
        for then in waiting:
            then(result.path)
        self.preview_ready.emit(result.pages)

    def _on_failed(self, error: object, details: str) -> None:
        self._then.clear()
        self.status.setText("The board pack could not be built.")
        self._update_buttons()
        if isinstance(error, NhpError):
            messages.show_error(self, "The board pack could not be built.", error)
        else:
            messages.show_error(
                self,
                "The board pack could not be built.",
                f"{type(error).__name__}: {error}",
                details=details,
            )

    def _on_cancelled(self) -> None:
        self._then.clear()
        self.status.setText("Building the preview was cancelled.")
        self._update_buttons()

    def _update_buttons(self) -> None:
        building = self._job is not None and self._job.running
        self.update_button.setEnabled(not building and not self.is_current())
        self.save_button.setEnabled(not building)
        self.print_button.setEnabled(not building)

    # ------------------------------------------------------------ save and print

    def save(self) -> None:
        target = file_dialogs.ask_save_path(
            self,
            "Save Board Pack",
            self._folder / suggested_name(self._session),
            file_dialogs.PDF_FILTER,
            ".pdf",
        )
        if target is None:
            return
        self._when_current(lambda built: self._copy(built, target))

    def print_pack(self) -> None:
        printer = file_dialogs.ask_printer(self)
        if printer is None:
            return
        self._when_current(lambda _built: self._print(printer))

    def _when_current(self, action: Callable[[Path], None]) -> None:
        if self.is_current() and self._built is not None:
            action(self._built.path)
        else:
            self.build(then=action)

    def _copy(self, built: Path, target: Path) -> None:
        try:
            shutil.copyfile(built, target)
        except OSError as error:
            messages.show_error(
                self,
                f"The board pack could not be saved as {target}.",
                error.strerror or str(error),
            )
            return
        self.status.setText(f"Saved {target.name}.")

    def _print(self, printer: QPrinter) -> None:
        try:
            print_pdf(self.document, printer)
        except NhpError as error:
            messages.show_error(self, "The board pack could not be printed.", error)
            return
        self.status.setText("Sent to the printer.")


def show_board_pack(parent: QWidget, session: PlanSession, folder: Path) -> None:
    """The board pack dialog, until the person closes it."""
    dialog = BoardPackDialog(session, folder, parent)
    dialog.exec()
    dialog.deleteLater()
