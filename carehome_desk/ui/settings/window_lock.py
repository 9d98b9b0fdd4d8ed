"""Locking the main window: swap every page for the lock screen, on Ctrl+L or after the idle time."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import QApplication, QMainWindow, QStackedWidget, QWidget

from carehome_desk.models.changes import Changes, Register
from carehome_desk.ui.settings.idle_watch import IdleWatch

if TYPE_CHECKING:
    from carehome_desk.ui.settings.lock_screen import LockScreen
    from carehome_desk.store import Store
    from collections.abc import Callable

SET_A_PASSWORD_FIRST = ("These records have no password, so there is nothing to unlock with: set one first "
                        "with File → Set a password….")


class WindowCover(QObject):
    """A dialog or message box that was open when the window locked: its contents hidden, a lock screen on top.

    Hiding the dialog itself would end a modal dialog's ``exec()`` as if Cancel had been pressed and
    lose what was typed in it; so it stays open, its child widgets are hidden (out of sight, out of the
    Tab order and of the screen reader's tree) and a lock screen covers it. A modal dialog blocks the
    main window's lock screen, so this one takes the password too.
    """

    def __init__(self, dialog: QWidget, check_password: Callable[[str], None], unlocked: Callable[[], None]):
        super().__init__()  # no parent: the lock's list owns it, so it goes when the list lets go
        from PySide6.QtCore import Qt  # not before the first paint (widgets/first_paint.py)

        from carehome_desk.ui.settings.lock_screen import LockScreen

        self.dialog = dialog
        self.title = dialog.windowTitle()  # may name a child or a member of staff
        self.hidden = [w for w in dialog.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
                       if w.isVisible() and not w.isWindow()]
        for widget in self.hidden:
            widget.hide()
        dialog.setWindowTitle("carehome-desk is locked")
        self.screen = LockScreen(check_password, dialog)
        self.screen.unlocked.connect(unlocked)
        self.screen.setAutoFillBackground(True)
        self.screen.setGeometry(dialog.rect())
        self.screen.show()
        self.screen.raise_()
        self.screen.password.setFocus()
        dialog.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt naming
        if watched is self.dialog and event.type() == QEvent.Type.Resize:
            self.screen.setGeometry(self.dialog.rect())
        return False

    def remove(self) -> None:
        """Show the dialog as it was, with everything typed in it."""
        self.dialog.removeEventFilter(self)
        self.screen.hide()
        self.screen.deleteLater()
        for widget in self.hidden:
            widget.show()
        self.dialog.setWindowTitle(self.title)


class WindowLock(QObject):
    """Owns the window's central stack: [everything, lock screen]. Locked, only the lock screen shows.

    The pages are hidden, not reloaded or closed, so unsaved edits stay in memory (never written to
    disk) and are there again after unlocking. Hidden widgets are out of the Tab order and reported
    invisible to screen readers; the menus and status bar are hidden too, which also switches off
    their shortcuts.
    """

    locked_changed = Signal(bool)

    def __init__(self, window: QMainWindow, store: Store | None, content: QWidget):
        super().__init__(window)
        self.window, self.content = window, content
        self.store: Store | None = store  # None in the first frame, until ``attach``: nothing to lock yet
        self.locked = False
        self.screens = QStackedWidget()
        self.screens.addWidget(content)
        self._lock_screen: LockScreen | None = None  # made when first locked: most windows never are
        window.setCentralWidget(self.screens)
        self._focus: QWidget | None = None
        self._covers: list[WindowCover] = []
        minutes = store.settings.get().lock_after_minutes if store is not None and store.protected else 0
        self.idle = IdleWatch(minutes, self)
        self.idle.idle.connect(self.lock)

    @property
    def lock_screen(self) -> LockScreen:
        """The screen shown while locked (made the first time it is wanted)."""
        if self._lock_screen is None:
            from carehome_desk.ui.settings.lock_screen import LockScreen

            self._lock_screen = LockScreen(self._check_password)
            self._lock_screen.unlocked.connect(self.unlock)
            self.screens.addWidget(self._lock_screen)
        return self._lock_screen

    def attach(self, store: Store) -> None:
        """The store is open (the first frame had none): lock after the idle minutes its settings say."""
        if self.store is store:
            return
        self.store = store
        if store.protected:
            self.idle.set_minutes(store.settings.get().lock_after_minutes)

    def _check_password(self, password: str) -> None:
        assert self.store is not None  # never locked before the store is attached
        self.store.check_password(password)

    def lock(self) -> bool:
        """Show only the lock screen; False (and a message) when the records have no password."""
        if self.store is None or not self.store.protected:
            self.window.statusBar().showMessage(SET_A_PASSWORD_FIRST, 10000)
            return False
        if self.locked:
            return True
        popup = QApplication.activePopupWidget()
        if popup is not None:
            popup.close()  # an open menu or drop-down list would stay on top of the lock screen
        focus = QApplication.focusWidget()
        self._focus = focus if focus is not None and self.content.isAncestorOf(focus) else None
        self.screens.setCurrentWidget(self.lock_screen)
        self._covers = [WindowCover(w, self._check_password, self.unlock) for w in self._open_dialogs()]
        self.content.hide()  # QStackedWidget hides it already; said again so no later change shows it
        self.window.menuBar().hide()
        self.window.statusBar().clearMessage()  # may name the record just saved
        self.window.statusBar().hide()
        self.idle.pause()
        self.locked = True
        self.lock_screen.reset()
        self.locked_changed.emit(True)
        return True

    def unlock(self) -> None:
        """Back to where the manager was (the lock screen calls this after the right password)."""
        self.locked = False
        for cover in self._covers:
            cover.remove()
        self._covers = []
        self.screens.setCurrentWidget(self.content)
        self.content.show()
        self.window.menuBar().show()
        self.window.statusBar().show()
        if self._focus is not None:
            self._focus.setFocus()
        self._focus = None
        self.idle.resume()
        self.locked_changed.emit(False)

    def _open_dialogs(self) -> list[QWidget]:
        """Every other visible window: this window's dialogs, message boxes and file pickers, and any without
        a parent (a message box shown with none)."""
        from PySide6.QtCore import Qt

        return [w for w in QApplication.topLevelWidgets()
                if w.isVisible() and w is not self.window and not isinstance(w, QMainWindow)
                and w.windowType() in (Qt.WindowType.Dialog, Qt.WindowType.Window, Qt.WindowType.Sheet)
                and (w.parentWidget() is None or self._owns(w))]

    def _owns(self, widget: QWidget) -> bool:
        # isAncestorOf stops at window boundaries, and a dialog is a window of its own: walk the parents.
        parent = widget.parentWidget()
        while parent is not None and parent is not self.window:
            parent = parent.parentWidget()
        return parent is self.window

    def on_changes(self, changes: Changes) -> None:
        """A policy change takes effect at once."""
        if changes.touches(Register.SETTINGS) and self.store is not None and self.store.protected:
            self.idle.set_minutes(self.store.settings.get().lock_after_minutes)

    def stop(self) -> None:
        """The window is closing: stop watching for idleness."""
        self.idle.stop()
