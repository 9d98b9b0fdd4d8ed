"""Keyboard and screen-reader checks for one window or dialog, the way a user meets it.

* **Mnemonics** (Alt+letter): the letter after ``&`` in a button's text, a group box title, a
  tab's text, a menu title, or a label's text when the label has a buddy (a QFormLayout row
  label gets one). Two widgets clash when they share a letter and can be on screen at the same
  time: widgets on different pages of one QStackedWidget (the window's pages, a tab widget's
  tabs) never are, so the same letter may be used again on another page or tab; the menu
  bar and the window's own controls are always there, so they clash with everything.
  Hidden widgets count: a widget hidden now (a selector shown only with a second home) may show.
* **Names**: every control that Tab can reach needs a name a screen reader will speak. The
  name is the one Qt's accessibility layer gives the screen reader
  (``QAccessible.queryAccessibleInterface(w).text(Name)``): the accessible name set on the
  widget, else a button's own text, else the text of a label whose buddy the widget is (for a
  combo box this is worked out here as on Windows; see ``spoken_name``). A
  tooltip does not count: screen readers speak it as a description, after a pause, or not at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMenuBar,
    QPlainTextEdit,
    QScrollArea,
    QScrollBar,
    QStackedWidget,
    QTabBar,
    QTabWidget,
    QTextEdit,
    QWidget,
)

_MNEMONIC = re.compile(r"&(?!&)(.)", re.DOTALL)


def mnemonic(text: str) -> str | None:
    """The Alt+ letter in a text (``"&Save"`` → ``"s"``), or None; ``&&`` is a literal ampersand."""
    match = _MNEMONIC.search(text.replace("&&", ""))
    return match.group(1).lower() if match and match.group(1).strip() else None


@dataclass(frozen=True)
class Mnemonic:
    letter: str
    text: str
    widget: QWidget
    #: where on screen it lives: (stack, page index) pairs from the window down
    pages: tuple[tuple[int, int], ...]

    def describe(self) -> str:
        return f"{type(self.widget).__name__} {self.text!r}"


def _pages(widget: QWidget, top: QWidget) -> tuple[tuple[int, int], ...]:
    """The (stack id, page index) of every QStackedWidget page the widget sits in, outermost first."""
    found: list[tuple[int, int]] = []
    child: QWidget = widget
    parent = widget.parentWidget()
    while parent is not None and child is not top:
        if isinstance(parent, QStackedWidget):
            found.append((id(parent), parent.indexOf(child)))
        child, parent = parent, parent.parentWidget()
    return tuple(reversed(found))


def _can_show_together(a: Mnemonic, b: Mnemonic) -> bool:
    """False when the two sit on different pages of one stack (never on screen at once)."""
    stacks_a = dict(a.pages)
    return all(stacks_a.get(stack, index) == index for stack, index in b.pages)


def mnemonics(top: QWidget) -> list[Mnemonic]:
    """Every Alt+letter in a window or dialog, its menu bar included."""
    found: list[Mnemonic] = []

    def add(text: str, widget: QWidget) -> None:
        letter = mnemonic(text)
        if letter is not None:
            found.append(Mnemonic(letter, text, widget, _pages(widget, top)))

    for widget in [top, *top.findChildren(QWidget)]:
        if isinstance(widget, QMenuBar):
            for action in widget.actions():
                add(action.text(), widget)
        elif isinstance(widget, QAbstractButton):
            add(widget.text(), widget)
        elif isinstance(widget, QGroupBox):
            add(widget.title(), widget)
        elif isinstance(widget, QTabBar):
            for index in range(widget.count()):
                add(widget.tabText(index), widget)
        elif isinstance(widget, QLabel) and widget.buddy() is not None:
            add(widget.text(), widget)
    return found


def mnemonic_clashes(top: QWidget) -> list[str]:
    """Pairs of Alt+letters that can be on screen together, in words."""
    found = mnemonics(top)
    clashes = []
    for i, a in enumerate(found):
        for b in found[i + 1:]:
            if a.letter == b.letter and a.widget is not b.widget and _can_show_together(a, b):
                clashes.append(f"Alt+{a.letter.upper()}: {a.describe()} and {b.describe()}")
            elif a.letter == b.letter and a.widget is b.widget:  # two tabs or menus of one bar
                clashes.append(f"Alt+{a.letter.upper()}: {a.describe()} and {b.text!r} in the same bar")
    return clashes


def _is_control(widget: QWidget) -> bool:
    """A control the user can Tab to and work (not a frame, a scroll bar or a field's inner part)."""
    if not widget.focusPolicy().value & 0x1:  # Qt.TabFocus
        return False
    if isinstance(widget, QScrollBar):
        return False
    parent = widget.parentWidget()
    if isinstance(parent, QAbstractSpinBox | QComboBox):  # the inner line edit of a spin box or combo
        return False
    if any(isinstance(a, QComboBox | QMenu) for a in _ancestors(widget, None)):
        return False  # a combo's drop-down list or a pop-up (the calendar): Qt's own, outside the Tab chain
    if isinstance(parent, QTabWidget) and isinstance(widget, QTabBar):
        return False  # a tab widget's tab bar: each tab is named by its text
    # A scroll area that takes Tab is a stop of its own, heard as an unnamed "scroll area": it must
    # not take the focus (its fields do, and it scrolls to each) or else carry a name.
    return isinstance(widget, QAbstractButton | QLineEdit | QComboBox | QAbstractSpinBox | QTextEdit
                      | QPlainTextEdit | QAbstractItemView | QAbstractSlider | QGroupBox | QTabBar | QScrollArea)


def spoken_name(widget: QWidget) -> str:
    """The name a screen reader is given for the widget (as on Windows, where the office PCs are).

    Qt on Linux names a combo box by its current choice (its label goes by a relation instead), so
    for a combo the name is worked out as Windows does: its accessible name, else its label's text.
    """
    if widget.accessibleName():
        return widget.accessibleName().replace("&", "").strip()
    if isinstance(widget, QComboBox):
        labels = widget.window().findChildren(QLabel)
        return next((label.text().replace("&", "").strip() for label in labels if label.buddy() is widget), "")
    iface = QAccessible.queryAccessibleInterface(widget)
    return (iface.text(QAccessible.Text.Name) if iface is not None else "").replace("&", "").strip()


def unnamed_controls(top: QWidget) -> list[str]:
    """Every Tab-reachable control with nothing for a screen reader to say, in words."""
    missing = []
    for widget in top.findChildren(QWidget):
        if _is_control(widget) and not spoken_name(widget):
            where = widget.objectName() or ""
            hint = widget.toolTip() or getattr(widget, "placeholderText", lambda: "")()
            path = " < ".join(type(w).__name__ for w in _ancestors(widget, top)[:4])
            missing.append(f"{type(widget).__name__} {where!r} ({hint!r}) in {path}")
    return missing


def _ancestors(widget: QWidget, top: QWidget | None) -> list[QWidget]:
    found = []
    parent = widget.parentWidget()
    while parent is not None and parent is not top:
        found.append(parent)
        parent = parent.parentWidget()
    return found


def is_main(top: QWidget) -> bool:
    return isinstance(top, QMainWindow)



def missing_access_keys(top: QWidget) -> list[str]:
    """Alt+ letters missing, in words: a menu bar item with none, and a field label with none among labels of one
    form (one parent widget) that have them. (A form whose labels have none at all, such as the policy values, is
    a choice; one label left out among lettered neighbours is a slip.)"""
    missing = []
    for bar in top.findChildren(QMenuBar):
        for title in bar.actions():
            menu = title.menu()
            for action in menu.actions() if isinstance(menu, QMenu) else []:
                if not action.isSeparator() and mnemonic(action.text()) is None:
                    missing.append(f"menu {title.text().replace('&', '')}: {action.text()!r}")
    forms: dict[int, list[QLabel]] = {}
    for label in top.findChildren(QLabel):
        if label.buddy() is not None and label.text().strip():
            forms.setdefault(id(label.parentWidget()), []).append(label)
    for labels in forms.values():
        if any(mnemonic(label.text()) for label in labels):
            missing += [f"label {label.text()!r} beside {[other.text() for other in labels if other is not label]}"
                        for label in labels if mnemonic(label.text()) is None]
    return missing
