"""The board pack dialog: edit the cover report, see the pack as it will print, save or print it.

The dialog says the day the pack's figures are as at, marks the fields carried
from the last meeting's cover for review, and lists what the paper leaves blank.
"""

from __future__ import annotations

import datetime as dt
import itertools
import shutil
from collections.abc import Callable
from dataclasses import replace
from html import escape
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
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from nhp_planner.io.board_pack import BoardPackResult, build_board_pack
from nhp_planner.io.paper import COVER_FIELDS, PURPOSES, CoverField
from nhp_planner.io.paper.as_at import as_at, long_date
from nhp_planner.io.paper.cover import complete_cover
from nhp_planner.io.paper.fields import PUBLIC_CHOICES, FieldKind
from nhp_planner.model.entities import CoverReport
from nhp_planner.model.errors import NhpError
from nhp_planner.model.movement import compare
from nhp_planner.model.periods import ReportingPeriod
from nhp_planner.model.plural import counted
from nhp_planner.model.summary import summarise
from nhp_planner.model.wording import file_name
from nhp_planner.ui import file_dialogs, messages
from nhp_planner.ui.jobs import Job, with_progress
from nhp_planner.ui.note_label import note_label
from nhp_planner.ui.screen_fit import fit_to_screen, scrolling
from nhp_planner.ui.session import PlanSession
from nhp_planner.ui.word_template_row import WordTemplateRow

#: Shown after a label whose field came from the last meeting's cover, until it is edited.
REVIEW_MARK = " (from the last meeting: review)"
#: How long typing in the cover may pause before the preview is rebuilt: not at all, so it
#: follows within a build's time (issue 22); what is typed while one runs, the next one takes.
REBUILD_DELAY_MS = 0
#: Pages are printed as pictures of the PDF at this resolution at most.
PRINT_DPI = 300
_bursts = itertools.count(1)


def suggested_name(session: PlanSession, kind: str = "board pack", suffix: str = ".pdf") -> str:
    """ "Harrowdale NHP delivery plan - board pack 2026-11.pdf", safe on every file system."""
    period = f" {session.period.key}" if session.period else ""
    return file_name(f"{session.plan.title} - {kind}{period}{suffix}")


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


def printed_blanks(session: PlanSession) -> CoverReport:
    """What the blank fields the plan can fill become when printed (the placeholders)."""
    blank = CoverReport(**dict.fromkeys(CoverReport.field_names(), ""))
    shown = session.snapshot()
    snapshot = replace(shown, plan=replace(shown.plan, cover=blank))
    previous = session.previous_snapshot()
    movement = compare(previous, snapshot) if previous is not None else None
    when = as_at(shown.plan.cover.dated, snapshot.period)
    filled = complete_cover(snapshot, summarise(snapshot, when.day), movement, when)
    hints = {f.name: f.hint for f in COVER_FIELDS if f.hint}
    return replace(
        filled,
        **{name: hint for name, hint in hints.items() if not getattr(filled, name)},
    )


class BoardPackDialog(QDialog):
    """Cover fields on the left, the pack on the right; the pack is rebuilt as the cover changes.

    The cover is stored with the plan (undoably, one step per visit) each time
    the pack is built from it and when the dialog closes; a read-only plan
    builds from it without storing. The Word template is its own row
    (:class:`~nhp_planner.ui.word_template_row.WordTemplateRow`).
    """

    #: A preview was built and shown: its page count.
    preview_ready = Signal(int)

    def __init__(self, session: PlanSession, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._folder = folder
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
        self.captions: dict[str, QLabel] = {}
        cover = session.snapshot().plan.cover  # the cover of the period shown
        self._review = set(cover.to_review)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.as_at_label = QLabel(self)
        self.as_at_label.setWordWrap(True)
        form.addRow(self.as_at_label)
        defaults = printed_blanks(session)
        group = ""
        for field in COVER_FIELDS:
            if field.group != group:
                group = field.group
                title = QLabel(f"<b>{group}</b>", self)
                form.addRow(title)
            widget = self._field(field, getattr(cover, field.name), getattr(defaults, field.name))
            widget.setAccessibleName(field.title)
            self.fields[field.name] = widget
            caption = QLabel(self._caption(field), self)
            caption.setBuddy(widget)
            self.captions[field.name] = caption
            form.addRow(caption, widget)
        note = note_label(
            "Blank fields print blank (the greyed text is only a hint), except the Subject, "
            "Report of, Report author and Summary, which the plan fills in. The cover is kept "
            "with this period; a new period starts from it with Dated, the reference and the "
            "Summary cleared.",
            self,
        )
        form.addRow(note)
        self.warnings_label = QLabel(self)
        self.warnings_label.setWordWrap(True)
        self.warnings_label.setAccessibleName("What the paper leaves blank")
        form.addRow(self.warnings_label)
        inner = QWidget(self)
        inner.setLayout(form)
        left = QScrollArea(self)
        left.setWidget(inner)
        left.setWidgetResizable(True)
        left.setMinimumWidth(380)
        self._show_as_at()

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
        self.word_button = QPushButton("Save &Word…", self)
        self.word_button.setToolTip(
            "The same paper as an accessible Word document, for the committee's template"
        )
        self.word_button.clicked.connect(self.save_word)
        self.template = WordTemplateRow(folder, self)
        self.close_button = QPushButton("Close", self)
        self.close_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.update_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.word_button)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.close_button)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(scrolling(left))
        splitter.addWidget(self.view)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([380, 820])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.template)
        layout.addLayout(buttons)

        self._rebuild = QTimer(self)
        self._rebuild.setSingleShot(True)
        self._rebuild.setInterval(REBUILD_DELAY_MS)
        self._rebuild.timeout.connect(lambda: self.build(quietly=True))
        self._update_buttons()
        self.build()

    # ------------------------------------------------------------ the cover

    def _caption(self, field: CoverField) -> str:
        return field.title + (REVIEW_MARK if field.name in self._review else "")

    def _field(
        self, field: CoverField, value: str, default: str
    ) -> QLineEdit | QPlainTextEdit | QComboBox:
        name = field.name
        if field.kind is FieldKind.CHOICE:
            combo = QComboBox(self)
            choices = list(PUBLIC_CHOICES) if name == "public" else list(PURPOSES.values())
            combo.addItems(choices)
            if value and value not in choices:
                combo.addItem(value)
            combo.setCurrentText(value or default or choices[0])
            combo.currentIndexChanged.connect(lambda: self._on_cover_edited(name))
            return combo
        if field.kind is FieldKind.TEXT:
            edit = QPlainTextEdit(value, self)
            edit.setPlaceholderText(default)
            edit.setTabChangesFocus(True)
            edit.setMinimumHeight(
                edit.fontMetrics().lineSpacing() * (7 if name == "summary" else 3)
            )
            edit.textChanged.connect(lambda: self._on_cover_edited(name))
            return edit
        line = QLineEdit(value, self)
        line.setPlaceholderText(default)
        line.textEdited.connect(lambda: self._on_cover_edited(name))
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
        review = ",".join(f.name for f in COVER_FIELDS if f.name in self._review)
        return CoverReport(**values, review=review)

    def _show_as_at(self, day: dt.date | None = None) -> None:
        """ "Figures as at 31 January 2024 (the last day of the period; Dated is blank)"."""
        cover = self.cover()
        when = as_at(cover.dated, self._session.period) if day is None else None
        shown = long_date(day) if day is not None else when.text if when else ""
        source = (
            "the cover's Dated"
            if cover.dated.strip() and not (when and when.source != "dated")
            else "the last day of the period, as Dated is blank or not a date"
        )
        self.as_at_label.setText(f"<b>Figures as at {shown}</b> ({source}).")

    def done(self, result: int) -> None:
        """Closed, however (Close, Escape, the title bar): keep the cover as typed, build no more.

        A rebuild waiting, or one under way, would otherwise go on after the
        dialog is gone, from a plan that may be closed by then.
        """
        self._closed = True
        self._rebuild.stop()
        self._then.clear()
        if self._job is not None:
            self._job.cancel()
        self._keep_cover(self.cover())
        super().done(result)

    _closed = False
    #: The build under way was cancelled for a newer cover (not by the person).
    _superseded = False

    def _on_cover_edited(self, name: str | None = None) -> None:
        if name in self._review:
            self._review.discard(name)
            field = next(f for f in COVER_FIELDS if f.name == name)
            self.captions[name].setText(self._caption(field))
        self._update_buttons()
        self._rebuild.start()

    # ------------------------------------------------------------ building

    def build(self, then: Callable[[Path], None] | None = None, *, quietly: bool = False) -> None:
        """Build the pack from the cover as it stands; ``then`` gets the PDF once it is current.

        ``quietly``: rebuilt as the cover is typed, so no progress dialog takes the keyboard.
        """
        if then is not None:
            self._then.append(then)
        self._rebuild.stop()
        if self._job is not None and self._job.running:
            # Typing made it out of date: stopped, and _on_cancelled builds again at once. A
            # build someone waits for (save, print) runs on; _on_built sees the cover changed.
            if quietly and not self._then:
                self._superseded = True
                self._job.cancel()
            return
        cover = self.cover()
        self._keep_cover(cover)
        snapshot = self._session.snapshot()
        snapshot = replace(snapshot, plan=replace(snapshot.plan, cover=cover))
        previous = self._session.previous_snapshot()
        last_updated = self._last_updated()
        measures = self._session.store.measures()
        out = Path(self._files.path()) / f"board-pack-{next(self._builds)}.pdf"
        job = Job(
            lambda progress: build_board_pack(
                snapshot,
                out,
                previous=previous,
                last_updated=last_updated,
                measures=measures,
                progress=progress,
            ),
            self,
        )
        job.finished.connect(lambda result: self._on_built(result, cover))
        job.failed.connect(self._on_failed)
        job.cancelled.connect(self._on_cancelled)
        self._job, self._superseded = job, False
        if not quietly:
            with_progress(self, job, "Building the board pack…")
        self.status.setText("Building the preview…")
        self._update_buttons()
        job.start()

    def _keep_cover(self, cover: CoverReport) -> None:
        """Store the cover with the plan (one undo step a visit): the current period's, in a
        plan open for editing. An earlier period's cover is the one its meeting had."""
        session = self._session
        try:
            if not session.read_only and session.period == session.store.current_period:
                session.set_cover(cover, burst=self._burst)
        except NhpError as error:
            messages.show_error(self, "The cover could not be kept with the plan.", error)

    def _last_updated(self) -> dict[str, ReportingPeriod]:
        period = self._session.period
        return self._session.store.last_updated(period) if period is not None else {}

    def is_current(self) -> bool:
        return self._built is not None and self._built_from == self.cover()

    def _on_built(self, result: BoardPackResult, cover: CoverReport) -> None:
        if self._closed:
            return
        self._built = result
        self._built_from = cover
        self.document.load(str(result.path))
        self.status.setText(f"{counted(result.pages, 'page')}, as it will print.")
        self._show_as_at(result.as_at)
        self.warnings_label.setText(
            "<br/>".join(escape(w) for w in result.warnings) if result.warnings else ""
        )
        self._update_buttons()
        if not self.is_current():
            self.build(quietly=not self._then)
            return
        waiting, self._then = self._then, []
        for then in waiting:
            then(result.path)
        self.preview_ready.emit(result.pages)

    def _on_failed(self, error: object, details: str) -> None:
        if self._closed:
            return
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
        if self._closed:
            return
        if self._superseded:
            self.build(quietly=not self._then)
            return
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

    def save_word(self) -> None:
        """The paper as a Word document, from the cover as the fields have it now."""
        from nhp_planner.io.word_paper import build_word_paper  # python-docx, when first used

        target = file_dialogs.ask_save_path(
            self,
            "Save Committee Paper (Word)",
            self._folder / suggested_name(self._session, "committee paper", ".docx"),
            file_dialogs.DOCX_FILTER,
            ".docx",
        )
        if target is None:
            return
        snapshot = self._session.snapshot()
        snapshot = replace(snapshot, plan=replace(snapshot.plan, cover=self.cover()))
        try:
            build_word_paper(
                snapshot,
                target,
                previous=self._session.previous_snapshot(),
                last_updated=self._last_updated(),
                template=self.template.chosen(),
                measures=self._session.store.measures(),
            )
        except NhpError as error:
            messages.show_error(self, f"The committee paper could not be saved as {target}.", error)
            return
        self.status.setText(f"Saved {target.name}.")

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
