"""The overview's tables: headcount today per mission against its ceiling, and the next
rotations; the share of the ceiling drawn as a bar."""

from __future__ import annotations

import datetime as dt
from typing import Any, Final

from PySide6.QtCore import QCoreApplication, QObject, QRect, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionProgressBar,
    QStyleOptionViewItem,
)

from planner.app import MissionDay, UpcomingRotation
from ui.i18n import QT_TRANSLATE_NOOP
from ui.widgets.rows_model import AnyIndex, RowsModel

translate = QCoreApplication.translate
OVER_BACKGROUND: Final = QColor(255, 214, 214)
OVER_FOREGROUND: Final = QColor(150, 0, 0)
OVER_BAR: Final = QColor(200, 30, 30)
SHARE_ROLE: Final = Qt.ItemDataRole.UserRole + 1
KEY_ROLE: Final = Qt.ItemDataRole.UserRole + 2
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def _day(value: dt.date) -> str:
    return value.isoformat()


class HeadcountModel(RowsModel):
    """Missions today: headcount, ceiling, share of the ceiling (drawn as a bar)."""

    context = "HeadcountModel"
    columns = (
        QT_TRANSLATE_NOOP("HeadcountModel", "Mission"),
        QT_TRANSLATE_NOOP("HeadcountModel", "Name"),
        QT_TRANSLATE_NOOP("HeadcountModel", "Today"),
        QT_TRANSLATE_NOOP("HeadcountModel", "Ceiling"),
        QT_TRANSLATE_NOOP("HeadcountModel", "Use"),
        QT_TRANSLATE_NOOP("HeadcountModel", "Authorisation"),
    )
    USE_COLUMN: Final = 4

    def cell(self, row: MissionDay, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (2, 3, 4):
            return int(_RIGHT)
        if role == Qt.ItemDataRole.BackgroundRole and row.over:
            return QBrush(OVER_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole and row.over:
            return QBrush(OVER_FOREGROUND)
        if role == Qt.ItemDataRole.FontRole and row.over and column == 2:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row)
        if role == SHARE_ROLE:
            return row.share
        if role == KEY_ROLE:
            return row.mission
        return None

    @staticmethod
    def _text(row: MissionDay, column: int) -> str:
        if column == 0:
            return row.mission
        if column == 1:
            return row.name
        if column == 2:
            return str(row.headcount)
        if column == 3:
            return "" if row.ceiling is None else str(row.ceiling)
        if column == 4:
            share = row.share
            if share is None:
                if row.authorisation:
                    return translate("HeadcountModel", "no ceiling")
                return translate("HeadcountModel", "not authorised")
            return translate("HeadcountModel", "over") if share == float("inf") else f"{share:.0%}"
        if row.authorisation is None:
            return "—"
        if row.total_ceiling is not None and row.total is not None:
            return translate(
                "HeadcountModel", "{authorisation} (total {total} of {ceiling})"
            ).format(authorisation=row.authorisation, total=row.total, ceiling=row.total_ceiling)
        return row.authorisation

    @staticmethod
    def _tooltip(row: MissionDay) -> str:
        if row.authorisation is None:
            if row.headcount:
                return translate(
                    "HeadcountModel",
                    "{count} deployed to {mission} with no authorisation in force.",
                ).format(count=row.headcount, mission=row.mission)
            return translate(
                "HeadcountModel", "No authorisation in force lists {mission} today."
            ).format(mission=row.mission)
        if row.ceiling is None:
            text = translate(
                "HeadcountModel", "{authorisation} sets no ceiling of its own for {mission}."
            ).format(authorisation=row.authorisation, mission=row.mission)
            if row.total_ceiling is not None and row.total is not None:
                text += translate(
                    "HeadcountModel",
                    " Its total today is {total} of {ceiling} across the missions it governs.",
                ).format(total=row.total, ceiling=row.total_ceiling)
            return text
        if row.over:
            return translate(
                "HeadcountModel",
                "{mission}: {count} today, {over} over the ceiling of {ceiling} set by "
                "{authorisation}.",
            ).format(
                mission=row.mission,
                count=row.headcount,
                over=row.headcount - row.ceiling,
                ceiling=row.ceiling,
                authorisation=row.authorisation,
            )
        return translate(
            "HeadcountModel", "{mission}: {count} of {ceiling} allowed by {authorisation}."
        ).format(
            mission=row.mission,
            count=row.headcount,
            ceiling=row.ceiling,
            authorisation=row.authorisation,
        )


class UpcomingModel(RowsModel):
    """The next rotations to start, soonest first."""

    context = "UpcomingModel"
    columns = (
        QT_TRANSLATE_NOOP("UpcomingModel", "Rotation"),
        QT_TRANSLATE_NOOP("UpcomingModel", "Unit"),
        QT_TRANSLATE_NOOP("UpcomingModel", "Mission"),
        QT_TRANSLATE_NOOP("UpcomingModel", "Starts"),
        QT_TRANSLATE_NOOP("UpcomingModel", "Ends"),
        QT_TRANSLATE_NOOP("UpcomingModel", "In"),
        QT_TRANSLATE_NOOP("UpcomingModel", "Status"),
        QT_TRANSLATE_NOOP("UpcomingModel", "Roster"),
    )

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.today = dt.date.today()

    def cell(self, row: UpcomingRotation, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (5, 7):
            return int(_RIGHT)
        short = row.strength is not None and row.members != row.strength
        if role == Qt.ItemDataRole.ForegroundRole and column == 7 and short:
            return QBrush(OVER_FOREGROUND)
        if role == Qt.ItemDataRole.ToolTipRole and column == 7 and row.strength is not None:
            return translate(
                "UpcomingModel", "{members} assigned of the unit's strength of {strength}."
            ).format(members=row.members, strength=row.strength)
        if role == KEY_ROLE:
            return row.code
        return None

    def _text(self, row: UpcomingRotation, column: int) -> str:
        if column == 0:
            return row.code
        if column == 1:
            return row.unit
        if column == 2:
            return row.mission
        if column == 3:
            return _day(row.starts_on)
        if column == 4:
            return _day(row.ends_on)
        if column == 5:
            days = row.days_until(self.today)
            return translate("UpcomingModel", "today") if days == 0 else self.tr("%n d", "", days)
        if column == 6:
            return row.status
        if row.strength is None:
            return str(row.members)
        return translate("UpcomingModel", "{members} / {strength}").format(
            members=row.members, strength=row.strength
        )


class UseBarDelegate(QStyledItemDelegate):
    """Draws the share of the ceiling as a progress bar (capped at 100 %) with its text."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        share = index.data(SHARE_ROLE)
        if share is None:
            super().paint(painter, option, index)
            return
        background = index.data(Qt.ItemDataRole.BackgroundRole)
        if isinstance(background, QBrush):
            painter.fillRect(option.rect, background)
        bar = QStyleOptionProgressBar()
        bar.rect = QRect(option.rect.adjusted(3, 3, -3, -3))
        bar.minimum = 0
        bar.maximum = 100
        bar.progress = min(100, round(share * 100)) if share != float("inf") else 100
        bar.text = str(index.data(Qt.ItemDataRole.DisplayRole))
        bar.textVisible = True
        bar.textAlignment = Qt.AlignmentFlag.AlignCenter
        bar.state = QStyle.StateFlag.State_Enabled | QStyle.StateFlag.State_Horizontal
        bar.palette = QPalette(option.palette)
        if share > 1:
            bar.palette.setColor(QPalette.ColorRole.Highlight, OVER_BAR)
        style = QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ProgressBar, bar, painter)
