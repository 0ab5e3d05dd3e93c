"""Delegates that draw and edit through model roles only: the RAG pill and the objective row."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QRectF,
    QSize,
    Qt,
)
from PySide6.QtGui import QFontMetrics, QIcon, QPainter, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from nhp_planner.model.rag import ALL_RAGS, Rag
from nhp_planner.model.wording import SHOWN_MOVES
from nhp_planner.ui.icons import warning_icon
from nhp_planner.ui.rag_style import (
    paint_pill,
    paint_rag_bar,
    pill_icon,
    pill_size,
    widest_pill,
)
from nhp_planner.ui.roles import (
    CONFLICT_ROLE,
    DISPLAY,
    EDIT,
    MOVE_ROLE,
    OVERDUE_ROLE,
    RAG_COUNTS_ROLE,
    RAG_ROLE,
)

#: Room the movement arrow takes beside a RAG pill.
ARROW_ROOM = 22

_Index = QModelIndex | QPersistentModelIndex


def _style(option: QStyleOptionViewItem) -> QStyle:
    widget = option.widget
    return widget.style() if widget is not None else QApplication.style()


def _draw_background(option: QStyleOptionViewItem, painter: QPainter) -> None:
    """The view's own background, selection and focus frame, without the text."""
    option.text = ""
    _style(option).drawControl(
        QStyle.ControlElement.CE_ItemViewItem,
        option,
        painter,
        option.widget,
    )


class CellDelegate(QStyledItemDelegate):
    """Draws a table cell from its DISPLAY role alone (and one flag role, where asked).

    QStyledItemDelegate asks the model for seven roles for every cell it
    paints, and each is a call from Qt into Python costing microseconds in
    PySide: a repaint of a big table took three times as long as Qt's own. This
    asks only for what the deliverables table shows: in the date column whether
    it is overdue, in the reference column whether it has a merge conflict.
    """

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        marks_overdue: bool = False,
        marks_conflicts: bool = False,
    ) -> None:
        super().__init__(parent)
        self._marks_overdue = marks_overdue
        self._marks_conflicts = marks_conflicts
        self._warning: QIcon | None = None  # made when a cell first shows one

    def _warning_icon(self) -> QIcon:
        if self._warning is None:
            self._warning = warning_icon()
        return self._warning

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        styled = QStyleOptionViewItem(option)
        styled.text = index.data(DISPLAY) or ""
        styled.features |= QStyleOptionViewItem.ViewItemFeature.HasDisplay
        styled.displayAlignment = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        if self._marks_overdue and index.data(OVERDUE_ROLE):
            # Flagged three ways: a warning sign, bold, and "overdue" in the tooltip.
            styled.font.setBold(True)
            styled.icon = self._warning_icon()
            styled.features |= QStyleOptionViewItem.ViewItemFeature.HasDecoration
        elif self._marks_conflicts and index.data(CONFLICT_ROLE):
            # A warning sign and bold, and the conflict spelled out in the tooltip.
            styled.font.setBold(True)
            styled.icon = self._warning_icon()
            styled.features |= QStyleOptionViewItem.ViewItemFeature.HasDecoration
        _style(styled).drawControl(
            QStyle.ControlElement.CE_ItemViewItem, styled, painter, styled.widget
        )


class RagDelegate(QStyledItemDelegate):
    """Draws RAG_ROLE as a pill with its word, and MOVE_ROLE as an arrow beside it.

    Edits the rating with a list of the four ratings. Only moves draw an arrow
    (▲ improved, ▼ declined, ● rated, ★ new), in the text colour: a shape,
    never colour alone; an unchanged rating is left plain so the moves stand out.
    """

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        # The view's own background, selection and focus frame (no initStyleOption:
        # see CellDelegate), then the pill.
        styled = QStyleOptionViewItem(option)
        _draw_background(styled, painter)
        rag = index.data(RAG_ROLE)
        if not isinstance(rag, Rag):
            return
        paint_pill(painter, QRectF(styled.rect), rag, styled.palette, styled.font)
        move = index.data(MOVE_ROLE)
        if move in SHOWN_MOVES:
            selected = bool(styled.state & QStyle.StateFlag.State_Selected)
            role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
            left = styled.rect.left() + 4 + pill_size(styled.font, rag).width() + 4
            painter.save()
            painter.setPen(styled.palette.color(role))
            painter.setFont(styled.font)
            painter.drawText(
                QRect(left, styled.rect.top(), ARROW_ROOM, styled.rect.height()),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                move.arrow,
            )
            painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(widest_pill(option.font) + 12 + ARROW_ROOM, size.height())

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: _Index) -> QWidget:
        editor = QComboBox(parent)
        editor.setAccessibleName("RAG")
        palette = parent.palette()
        for rag in ALL_RAGS:
            editor.addItem(pill_icon(rag, palette), rag.label, rag)
        # Choosing a rating is the whole edit: save it and close at once.
        editor.activated.connect(lambda _: self._commit(editor))
        return editor

    def setEditorData(self, editor: QWidget, index: _Index) -> None:
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findData(index.data(RAG_ROLE))))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: _Index) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), EDIT)

    def _commit(self, editor: QComboBox) -> None:
        self.commitData.emit(editor)
        self.closeEditor.emit(editor, QStyledItemDelegate.EndEditHint.NoHint)


class ObjectiveDelegate(QStyledItemDelegate):
    """An objective's title (up to two lines) over a bar of its RAG counts, numbers in it."""

    _MARGIN_X = 8
    _MARGIN_Y = 6
    _GAP = 4
    _LINES = 2

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        styled = QStyleOptionViewItem(option)
        self.initStyleOption(styled, index)
        title = styled.text
        _draw_background(styled, painter)
        title_rect, bar_rect = self._rects(styled)
        selected = bool(styled.state & QStyle.StateFlag.State_Selected)
        palette: QPalette = styled.palette
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        metrics = QFontMetrics(styled.font)
        painter.save()
        painter.setPen(palette.color(role))
        painter.setFont(styled.font)
        lines = title_lines(title, metrics, title_rect.width(), self._LINES)
        # A one-line title sits in the middle of the two lines' room, next to its bar.
        spare = (self._LINES - len(lines)) * metrics.lineSpacing() // 2
        for line, text in enumerate(lines):
            top = title_rect.top() + spare + line * metrics.lineSpacing()
            painter.drawText(
                QRect(title_rect.left(), top, title_rect.width(), metrics.height()),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                text,
            )
        painter.restore()
        counts = index.data(RAG_COUNTS_ROLE)
        if counts is not None:
            paint_rag_bar(painter, QRectF(bar_rect), counts, palette, styled.font)

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        metrics = QFontMetrics(option.font)
        title = metrics.lineSpacing() * (self._LINES - 1) + metrics.height()
        return QSize(120, 2 * self._MARGIN_Y + title + self._GAP + metrics.height() + 2)

    def updateEditorGeometry(
        self, editor: QWidget, option: QStyleOptionViewItem, index: _Index
    ) -> None:
        """Renaming edits over the title; the bar stays in view."""
        title_rect, _ = self._rects(option)
        height = editor.sizeHint().height()
        editor.setGeometry(
            title_rect.left() - 3, title_rect.top() - 2, title_rect.width() + 6, height
        )

    def _rects(self, option: QStyleOptionViewItem) -> tuple[QRect, QRect]:
        rect: QRect = option.rect
        metrics = QFontMetrics(option.font)
        inner = rect.adjusted(self._MARGIN_X, self._MARGIN_Y, -self._MARGIN_X, -self._MARGIN_Y)
        height = metrics.lineSpacing() * (self._LINES - 1) + metrics.height()
        title = QRect(inner.left(), inner.top(), inner.width(), height)
        bar = QRect(
            inner.left(), title.bottom() + 1 + self._GAP, inner.width(), metrics.height() + 2
        )
        return title, bar


def title_lines(text: str, metrics: QFontMetrics, width: int, lines: int) -> list[str]:
    """Words laid into at most ``lines`` lines of ``width``; the last is elided if it overflows."""
    words = text.split()
    result: list[str] = []
    while words and len(result) < lines - 1:
        line = words.pop(0)
        while words and metrics.horizontalAdvance(f"{line} {words[0]}") <= width:
            line = f"{line} {words.pop(0)}"
        result.append(line)
    if words:
        result.append(metrics.elidedText(" ".join(words), Qt.TextElideMode.ElideRight, width))
    return result
