"""Saving a record form: one way to say what went wrong, so every form behaves the same.

A problem with a field is shown at the field; someone else's newer save (a conflict) and a store
failure (disk full, database locked) are said in the form's own lines. Nothing is saved unless
all of it is, and the typing stays on screen whatever happens.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Protocol, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QPushButton, QWidget

from carehome_desk.models.changes import Changes
from carehome_desk.models.dates import UK
from carehome_desk.store import ConflictError, RecordGoneError, StoreError, ValidationError
if TYPE_CHECKING:
    from carehome_desk.store import Store
from carehome_desk.ui.widgets.field_form import MarkedForm, marked_fields, reveal
from carehome_desk.ui.widgets.style import role_label

D = TypeVar("D")
R = TypeVar("R")

FIX_FIELDS = "Not saved: fix the marked fields"
RELOAD_LIST = "Reload the list"
#: After the store's "This record was archived elsewhere ... not saved.": what to do now.
GONE_ADVICE = (" What you typed is still on screen: copy anything you need, then choose "
               f"{RELOAD_LIST} to see the register as it is now.")


def point_to_problems(forms: Iterable[MarkedForm]) -> str:
    """Focus the first marked field on screen, scroll it and its message into view, and say what it is.

    "Not saved: 'Name' — its problem" (and how many more are marked); FIX_FIELDS when no field is marked.
    """
    marked = marked_fields(forms)
    if not marked:
        return FIX_FIELDS
    first = marked[0]
    first.widget.setFocus(Qt.FocusReason.OtherFocusReason)
    reveal(first.widget, first.error)
    more = f" (and {len(marked) - 1} more marked)" if len(marked) > 1 else ""
    return f"Not saved: '{first.name}' — {first.message}{more}"


class Editor(Protocol):
    """Whatever holds edits: a form, a tab, a page."""

    def has_unsaved_changes(self) -> bool: ...

    def save(self) -> bool: ...

    def discard(self) -> None: ...


def ask_to_save(parent: QWidget, question: str, editor: Editor, *, discard: bool = True) -> bool:
    """Save / Discard / Cancel for edits not saved yet; False means stay where you are.

    ``discard=False``: the caller shows another record straight away, so the edits need no undoing first.
    """
    if not editor.has_unsaved_changes():
        return True
    buttons = QMessageBox.StandardButton
    answer = QMessageBox.question(parent, "Unsaved changes", question, buttons.Save | buttons.Discard | buttons.Cancel,
                                  buttons.Save)
    if answer == buttons.Save:
        return editor.save()
    if answer == buttons.Discard:
        if discard:
            editor.discard()
        return True
    return False


def ask_to_discard(parent: QWidget, question: str) -> bool:
    """Discard / Keep editing before throwing typed text away; Escape (or closing the box) keeps editing."""
    box = QMessageBox(QMessageBox.Icon.Question, "Discard changes?", question, QMessageBox.StandardButton.NoButton,
                      parent)
    discard = box.addButton("&Discard", QMessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton("&Keep editing", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)
    box.exec()
    return box.clickedButton() is discard


def revert_asking(editor: Editor, parent: QWidget, question: str = "") -> bool:
    """A Revert button's action: ask Discard / Keep editing when there is typing to lose, then discard.

    True when the edits were thrown away (or there were none); False when the manager keeps editing.
    """
    if editor.has_unsaved_changes() and not ask_to_discard(
            parent, question or "Throw away what you have typed here and show the saved version?"):
        return False
    editor.discard()
    return True


class RecordForm(Protocol):
    """The lines a form keeps for messages."""

    state: QLabel  # "Saved at 14:05" / "Not saved"
    conflict: QLabel  # someone else saved a newer version


def say_gone(form: RecordForm, exc: RecordGoneError, offer: QPushButton | None = None) -> None:
    """Say plainly that the record was archived (or removed) elsewhere since it was opened; the typing stays,
    and ``offer`` (a "Reload the list" button) is shown."""
    form.conflict.setText(f"⚠ {exc}" + (GONE_ADVICE if offer is not None else
                                        " What you typed is still on screen: copy anything you need."))
    form.conflict.show()
    form.state.setText("Not saved: archived elsewhere" if exc.archived else "Not saved: removed elsewhere")
    if offer is not None:
        offer.show()


def save_form(form: RecordForm, collect: Callable[[], tuple[D | None, dict[str, str]]],
              write: Callable[[D], tuple[R, Changes]], show_problems: Callable[[dict[str, str]], None],
              store_failed: Callable[[StoreError], None], conflict_hint: str = "",
              forms: Callable[[], Iterable[MarkedForm]] | None = None,
              offer: QPushButton | None = None) -> tuple[R, Changes] | None:
    """Check the form and write it; None when nothing was saved (and the form says why).

    With ``forms`` (the field forms, as they are now), a refusal focuses the first marked field on screen,
    scrolls it into view and names it in the state line (point_to_problems).
    A record archived or removed elsewhere since it was opened is said so (say_gone), with ``offer`` shown.
    On success the caller shows the saved record, then ``saved_at()`` in its state line.
    """
    def refuse(problems: dict[str, str]) -> None:
        show_problems(problems)
        form.state.setText(point_to_problems(forms()) if forms is not None else FIX_FIELDS)

    details, problems = collect()
    if details is None or problems:
        refuse(problems)
        return None
    try:
        saved = write(details)
    except ValidationError as exc:
        refuse(exc.problems)
        return None
    except RecordGoneError as exc:  # before ConflictError: reloading and saving again would not help
        say_gone(form, exc, offer)
        return None
    except ConflictError as exc:
        form.conflict.setText(f"⚠ {exc}{conflict_hint}")
        form.conflict.show()
        form.state.setText("Not saved")
        return None
    except StoreError as exc:
        store_failed(exc)
        form.state.setText("Not saved")
        return None
    return saved


def saved_at(store: Store) -> str:
    """'Saved at 14:05' in UK time, for a form's state line."""
    return f"Saved at {store.now().astimezone(UK):%H:%M}"


def say_in(label: QLabel) -> Callable[[StoreError], None]:
    """Report a store failure in a form's general message line."""
    def report(exc: StoreError) -> None:
        label.setText(f"⚠ Not saved: {exc}")
        label.show()
    return report


class EditingForm(Editor, Protocol):
    """A form that gets the shared Save / Revert row and message lines."""

    save_button: QPushButton
    revert_button: QPushButton
    state: QLabel
    conflict: QLabel
    general: QLabel


def save_row(form: EditingForm, save_text: str = "&Save", revert_text: str = "Revert") -> QHBoxLayout:
    """Make the form's Save and Revert buttons and its state line ('Unsaved changes', 'Saved at 14:05'); return the row."""
    form.save_button = QPushButton(save_text)
    form.save_button.setToolTip("Save (Ctrl+S)")
    form.save_button.clicked.connect(form.save)
    form.revert_button = QPushButton(revert_text)
    form.revert_button.setToolTip("Throw away unsaved edits and show what is saved")
    form.revert_button.clicked.connect(lambda: revert_asking(form, form.revert_button))
    form.state = role_label("", "hint")
    form.state.setAccessibleName("Save state")
    row = QHBoxLayout()
    row.addWidget(form.save_button)
    row.addWidget(form.revert_button)
    row.addWidget(form.state, 1)
    return row


def show_edit_state(form: EditingForm, dirty: bool, *, is_new: bool = False) -> None:
    """Save and Revert enabled as the edits allow, and 'Unsaved changes' said while there are any.

    A new record can always be saved (Save then says what is missing); it has nothing to revert.
    """
    form.save_button.setEnabled(dirty or is_new)
    form.revert_button.setEnabled(dirty)
    if dirty and not is_new:
        form.state.setText("Unsaved changes")
    elif not dirty and form.state.text() == "Unsaved changes":
        form.state.setText("")


class LinedForm(EditingForm, Protocol):
    """A form with the shared message lines, and the button offered when its record went elsewhere."""

    reload_button: QPushButton


def message_lines(form: LinedForm) -> None:
    """Make the form's conflict banner (someone saved a newer version, or archived the record), the
    "Reload the list" button offered under it when the record was archived, and its general error line:
    all hidden. The page connects the button (reload_after_gone)."""
    form.conflict = role_label("", "banner")
    form.conflict.setAccessibleName("Not saved")
    form.conflict.hide()
    form.reload_button = QPushButton(RELOAD_LIST)
    form.reload_button.setToolTip("Show the register as it is now; what you typed here is cleared")
    form.reload_button.hide()
    form.general = role_label("", "error")
    form.general.hide()


def reload_after_gone(parent: QWidget, editor: Editor, what: str, reload: Callable[[], None]) -> bool:
    """The "Reload the list" offered when the record on show was archived elsewhere: ask before the typing
    that cannot be saved is cleared, then show the register as it is now. False: the manager kept it."""
    if editor.has_unsaved_changes() and not ask_to_discard(
            parent, f"What you typed for {what} cannot be saved: the record was archived or removed elsewhere. "
                    f"Clear it from the screen and reload the list? Copy anything you need first."):
        return False
    editor.discard()
    reload()
    return True
