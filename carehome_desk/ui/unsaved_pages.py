"""Before the window closes or shows another home: every page with unsaved edits is dealt with.

One page with edits gets the usual Save / Discard / Cancel, naming the record. Several get one question
that lists each page and its record, with Save all / Discard all / Cancel: Save all saves them in turn and
stops at the first that cannot be saved, showing that page with its problems marked; Cancel keeps everything.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox

from carehome_desk.ui.widgets.page import Page, PageId

if TYPE_CHECKING:
    from carehome_desk.ui.main_window import MainWindow

SAVE_ALL = "&Save all"
DISCARD_ALL = "&Discard all"


def unsaved_line(page: Page) -> str:
    """'Staff: Jo Bloggs', or the page's title alone when it has nothing more to name."""
    what = page.unsaved_record()
    return f"{page.title}: {what}" if what else page.title


def confirm_unsaved(window: MainWindow) -> bool:
    """Ask what to do with every page's unsaved edits; False means stay where we are (nothing thrown away)."""
    dirty = [page for page in window.page_set.built() if page.has_unsaved_changes()]
    if not dirty:
        return True
    if len(dirty) == 1:
        return _one(window, dirty[0])
    choice = _ask_about_all(window, dirty)
    if choice == SAVE_ALL:
        return _save_all(window, dirty)
    if choice == DISCARD_ALL:
        for page in dirty:
            page.discard()
        return True
    return False


def _show(window: MainWindow, page: Page) -> None:
    window.nav.setCurrentRow(window.page_set.row(page.page_id or PageId.DASHBOARD))


def _one(window: MainWindow, page: Page) -> bool:
    from carehome_desk.ui.widgets.saving import ask_to_save  # the forms' module: not before a page has edits

    _show(window, page)
    what = page.unsaved_record()
    named = f"The changes to {what} on the {page.title} page" if what else f"The changes on the {page.title} page"
    return ask_to_save(window, f"{named} are not saved yet. Save them now?", page)


def _ask_about_all(window: MainWindow, dirty: list[Page]) -> str:
    """The one question naming each page's unsaved record; the text of the button chosen ('' for Cancel)."""
    listed = "\n".join(f"•  {unsaved_line(page)}" for page in dirty)
    box = QMessageBox(QMessageBox.Icon.Question, "Unsaved changes",
                      f"Changes on {len(dirty)} pages are not saved yet:\n\n{listed}",
                      QMessageBox.StandardButton.NoButton, window)
    box.setInformativeText("Save all saves each in turn; a page that cannot be saved is shown with what to put "
                           "right. Discard all throws all of these changes away.")
    save = box.addButton(SAVE_ALL, QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton(DISCARD_ALL, QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton("Cancel", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(save)
    box.setEscapeButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    return SAVE_ALL if clicked is save else DISCARD_ALL if clicked is discard else ""


def _save_all(window: MainWindow, dirty: list[Page]) -> bool:
    """Save each page on show in turn; at the first refusal stay on that page (its problems are marked)."""
    back_to = window.nav.currentRow()
    saved: list[str] = []
    for page in dirty:
        _show(window, page)  # its problems, if any, are marked and focused where the manager can see them
        if not page.save():
            before = f"Saved {', '.join(saved)}. " if saved else ""
            window.statusBar().showMessage(f"{before}{page.title}: not saved — put right what is marked.", 15000)
            return False
        saved.append(page.title)
    window.nav.setCurrentRow(back_to)
    return True
