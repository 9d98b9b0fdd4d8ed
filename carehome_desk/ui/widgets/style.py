"""Colours and small style helpers: Okabe–Ito (colour-blind safe), words always beside colour."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QWidget

from carehome_desk.models.status import Status

ORANGE = "#E69F00"
SKY_BLUE = "#56B4E9"
BLUISH_GREEN = "#009E73"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
REDDISH_PURPLE = "#CC79A7"
# Darker shades of the same hues for text on a light background (contrast ≥ 4.5:1).
TEXT_VERMILLION = "#A63F00"
TEXT_GREEN = "#00684A"
#: Light tints of the same hues for banners and badges, where a block of strong colour would shout.
STATUS_TINTS: dict[Status, str] = {
    Status.OVERDUE: "#FBE3D3",
    Status.DUE_SOON: "#FCEFCF",
    Status.MISSING: "#F5E1EC",
    Status.IN_DATE: "#E3F4EC",
}

#: The navigation list's look, and the labels' by role: part of the application's style sheet, and also set on
#: just those widgets of the first frame, which is shown before the application's style sheet is set (an
#: application-wide sheet makes every widget's polish dearer: it is set once the first frame is painted).
NAV_STYLE = f"""
QListWidget#nav {{ border: none; background: palette(window); font-size: 11pt; }}
QListWidget#nav::item {{ padding: 8px 12px; border-radius: 4px; }}
QListWidget#nav::item:selected {{ background: {BLUE}; color: white; }}
"""
ROLE_STYLE = f"""
QLabel[role="error"] {{ color: {TEXT_VERMILLION}; }}
QLabel[role="hint"] {{ color: #4D4D4D; }}
QLabel[role="banner"] {{ background: #FFF3D6; border: 1px solid {ORANGE}; border-radius: 4px; padding: 6px 10px; }}
"""
APP_STYLE = NAV_STYLE + ROLE_STYLE + f"""
QToolButton#calendarButton::menu-indicator {{ image: none; width: 0px; }}
QLineEdit[invalid="true"], QPlainTextEdit[invalid="true"] {{ border: 2px solid {VERMILLION}; border-radius: 3px; }}
"""


def heading(text: str, parent: QWidget | None = None, size_delta: int = 6) -> QLabel:
    """A bold heading a few points larger than the system font."""
    label = QLabel(text, parent)
    font = QFont(label.font())
    font.setPointSizeF(max(font.pointSizeF(), 9) + size_delta)
    font.setBold(True)
    label.setFont(font)
    label.setAccessibleName(text)
    return label


def role_label(text: str, role: str, parent: QWidget | None = None) -> QLabel:
    """A label styled by role: 'error', 'hint' or 'banner'."""
    label = QLabel(text, parent)
    label.setProperty("role", role)
    label.setWordWrap(True)
    return label


def set_invalid(widget: QWidget, invalid: bool) -> None:
    """Mark a field as invalid (red border) and let the style sheet re-apply."""
    if not invalid and widget.property("invalid") is None:  # never marked: no border to take off
        widget.setProperty("invalid", "false")  # (and no style(): its first use costs the first frame's enums)
        return
    restyle(widget, "invalid", "true" if invalid else "false")


def restyle(widget: QWidget, name: str, value: str) -> None:
    """Set a property the style sheet reads (a label's 'role', a field's 'invalid') and re-apply the style."""
    widget.setProperty(name, value)
    widget.style().unpolish(widget)
    widget.style().polish(widget)
