"""Qt settings for the first frame's widgets, made without PySide6's ``Qt`` namespace.

The first use of ``PySide6.QtCore.Qt`` (even ``from PySide6.QtCore import Qt``) creates every enum in
it: 93 Python enums with about 1,200 members, some 10 ms, an eighth of a bare window's whole start, for
the handful of values the first frame needs. So the modules imported before the first paint do not
import ``Qt``: the first frame's widgets set these values through their Qt properties, by number (Qt's
own values, part of its binary interface; tests/ui/test_first_paint.py checks each against its enum),
and ``Qt`` is first used once the window is on screen (a tile's pointing-hand cursor, key presses).
"""

from __future__ import annotations

from PySide6.QtCore import QObject

#: Qt::FocusPolicy
NO_FOCUS = 0x0
STRONG_FOCUS = 0xB
#: Qt::AlignmentFlag
ALIGN_LEFT = 0x1
ALIGN_TOP = 0x20
ALIGN_BOTTOM = 0x40
ALIGN_CENTER = 0x84  # AlignHCenter | AlignVCenter
#: Qt::ScrollBarPolicy
SCROLL_BAR_ALWAYS_OFF = 1
SCROLL_BAR_ALWAYS_ON = 2
#: Qt::ArrowType
DOWN_ARROW = 2


def set_qt_properties(widget: QObject, **values: int) -> None:
    """Set Qt properties of ``widget`` by number (``focusPolicy=NO_FOCUS``); a name that is not one of its
    Qt properties, or a value it does not take, is an error (not a silent dynamic property)."""
    for name, value in values.items():
        if not widget.setProperty(name, value):
            raise ValueError(f"{type(widget).__name__} has no Qt property {name!r} taking {value}")
