"""The "Getting started" checklist: what a new home still needs, each with a button to the place to do it.

Compact on purpose (the ticked items on the title's line, a grid of the rest) so the Next 72 hours band stays in
view at 1366×768. The ticks come from the core (``services.dashboard_setup``), never from a click.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from carehome_desk.services.dashboard_setup import Checklist, SetupItem
from carehome_desk.ui.widgets.style import heading, role_label

COLUMNS = 2
BOX, TICK = "☐", "✓"  # an item to do, an item done


class SetupPanel(QFrame):
    """Unticked items with their buttons, ticked ones in one line, and Hide."""

    #: (page title, filter key): open the page where the item is done.
    page_requested = Signal(str, str)
    #: The manager chose to hide the checklist for this home.
    hide_requested = Signal()
    #: "Set a password…": the window's File → Set a password… dialog, not a page.
    password_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("setupPanel")
        self.setStyleSheet("QFrame#setupPanel { border: 1px solid #C8C8C8; border-radius: 4px; "
                           "background: palette(base); }")
        self.setAccessibleName("Getting started")
        self.title = heading("Getting started", size_delta=2)
        self.progress = QLabel()
        self.progress.setAccessibleName("Getting started progress")
        self.hide_button = QPushButton("Hide this list")
        self.hide_button.setToolTip("Hide the checklist for this home (it stays hidden when you next open it)")
        self.hide_button.clicked.connect(self.hide_requested)
        self.done_line = role_label("", "hint")
        self.done_line.setWordWrap(True)
        self.done_line.setAccessibleName("Done so far")
        self.grid = QGridLayout()
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(12)
        self.grid.setVerticalSpacing(2)
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addWidget(self.progress, 0, Qt.AlignmentFlag.AlignBottom)
        # What is done sits on the title's line, not a line of its own, so the backlog below starts higher.
        top.addSpacing(12)
        top.addWidget(self.done_line, 1, Qt.AlignmentFlag.AlignBottom)
        top.addStretch(0)
        top.addWidget(self.hide_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 4, 10, 6)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addLayout(self.grid)
        self.buttons: dict[str, QPushButton] = {}
        self.checklist: Checklist | None = None
        self.hide()

    def set_checklist(self, checklist: Checklist) -> None:
        """Show what is left (or nothing, once all is ticked or the manager hid it)."""
        self.checklist = checklist
        while self.grid.count():
            got = self.grid.takeAt(0)
            widget = got.widget() if got is not None else None
            if widget is not None:
                widget.deleteLater()
        self.buttons = {}
        todo = [i for i in checklist.items if not i.done]
        done = [i for i in checklist.items if i.done]
        self.progress.setText(f"{len(done)} of {len(checklist.items)} done")
        for n, item in enumerate(todo):
            row, col = divmod(n, COLUMNS)
            self.grid.addWidget(self._label(item), row, 2 * col)
            button = QPushButton(item.action)
            button.setAccessibleName(f"{item.action.rstrip('…')}: {item.label}")
            button.setToolTip(item.hint or item.label)
            button.clicked.connect(lambda _=False, i=item: self._go(i))
            self.grid.addWidget(button, row, 2 * col + 1, Qt.AlignmentFlag.AlignLeft)
            self.buttons[item.key] = button
        for col in range(2 * COLUMNS):
            self.grid.setColumnStretch(col, 1 if col % 2 else 0)
        # A tick beside each item done; a screen reader hears the words without the symbols.
        self.done_line.setText("Done: " + "  ".join(f"{TICK} {i.label}" for i in done) if done else "")
        self.done_line.setAccessibleDescription("Done: " + "; ".join(i.label for i in done) if done else "")
        self.done_line.setVisible(bool(done))
        self.setVisible(checklist.shown)

    def _go(self, item: SetupItem) -> None:
        if item.key == "password":
            self.password_requested.emit()
        else:
            self.page_requested.emit(item.opens, f"setup:{item.key}")

    @staticmethod
    def _label(item: SetupItem) -> QLabel:
        """An item still to do: an empty box and its words (a screen reader hears "To do: …")."""
        label = QLabel(f"{BOX} {item.label}")
        label.setAccessibleName(f"To do: {item.label}")
        label.setToolTip(item.hint or item.label)
        return label

    def ticked(self) -> dict[str, bool]:
        """Each item's tick as shown (for tests and screen readers' summaries)."""
        return {i.key: i.done for i in self.checklist.items} if self.checklist else {}
