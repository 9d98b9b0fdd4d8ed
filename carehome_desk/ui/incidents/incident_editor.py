"""One incident open for editing: the form; steps, reg 40 and review beside it (under it when narrow); Save below."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QPushButton, QVBoxLayout, QWidget

from carehome_desk.models.changes import Changes
from carehome_desk.models.children import Child
from carehome_desk.models.dates import UK
from carehome_desk.models.deadlines import incident_steps, record_made_refusal
from carehome_desk.models.home import HomeDetails
from carehome_desk.models.ids import HomeId
from carehome_desk.models.incidents import Incident, IncidentDetails, IncidentType, validate_incident
from carehome_desk.models.recipients import NotifyContext, notify_context
from carehome_desk.models.staff import StaffMember
from carehome_desk.reference.bank_holidays import bank_holidays
from carehome_desk.store import ConflictError, RecordGoneError, Store, StoreError, ValidationError
from carehome_desk.ui.widgets.field_form import FORM_MAX_WIDTH, FieldForm, every_problem
from carehome_desk.ui.incidents.add_child_dialog import AddChildDialog
from carehome_desk.ui.incidents.editor_columns import EditorColumns
from carehome_desk.ui.incidents.incident_form import IncidentForm, takes_tab
from carehome_desk.ui.incidents.incident_table_model import children_text, reg40_text
from carehome_desk.ui.incidents.incident_text import local_text
from carehome_desk.ui.incidents.notification_dialog import NotificationDialog
from carehome_desk.ui.incidents.reg40_panel import Reg40Panel
from carehome_desk.ui.incidents.review_panel import ReviewPanel
from carehome_desk.ui.widgets.saving import (
    ask_to_discard, message_lines, save_form, save_row, saved_at, say_gone, say_in,
)
from carehome_desk.ui.incidents.steps_panel import PREVIEW, StepsPanel
from carehome_desk.ui.widgets.style import heading, role_label

REVERT_HINT = " Revert shows the saved version."


class IncidentEditor(QWidget):
    """Save (Ctrl+S) writes the form and the reg 40 decision together; nothing is saved if any field is wrong."""

    # Made by save_row() and message_lines() (widgets.saving.EditingForm).
    save_button: QPushButton
    revert_button: QPushButton
    state: QLabel
    conflict: QLabel
    reload_button: QPushButton  # offered when the record was archived elsewhere
    general: QLabel

    #: Emitted with Changes after any write (the incident, a notification, a sign-off).
    changed = Signal(object)
    #: Emitted with the Incident after the form was saved.
    saved = Signal(object)

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.incident: Incident | None = None
        self.kind: IncidentType | None = None
        self.home_id: HomeId | None = None
        self.kids: list[Child] = []
        self.home: HomeDetails | None = None
        self.staff: list[StaffMember] = []
        self.review_days = 7
        self.dialog: QDialog | None = None
        self._loaded: tuple[object, ...] = ()
        self._reg40_context = NotifyContext()
        self._loading = False
        self.heading = heading("", size_delta=3)
        self.subheading = role_label("", "hint")
        message_lines(self)
        self.form = IncidentForm(store)
        self.steps = StepsPanel()
        self.reg40 = Reg40Panel()
        self.review = ReviewPanel()

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 6, 0)
        left_layout.addWidget(self.form)
        left_layout.addWidget(self.general)
        left.setMaximumWidth(FORM_MAX_WIDTH)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 6, 0)
        right_layout.addWidget(self.steps)
        right_layout.addWidget(self.reg40)
        right_layout.addWidget(self.review)
        right_layout.addStretch(1)
        right.setMaximumWidth(FORM_MAX_WIDTH)
        self.columns = EditorColumns(left, right)  # side by side, or the steps under the form when narrow
        self.form_area, self.side_area = self.columns.form_area, self.columns.side_area

        buttons = save_row(self)
        self.revert_button.clicked.disconnect()
        self.revert_button.clicked.connect(self.revert)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.subheading)
        layout.addWidget(self.conflict)
        layout.addWidget(self.reload_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.columns, 1)
        layout.addLayout(buttons)

        self.form.edited.connect(self._edited)
        self.form.add_child_requested.connect(self.add_child)
        self.reg40.edited.connect(self._reg40_edited)
        self.reg40.record_requested.connect(self.record_notification)
        self.review.sign_off_requested.connect(self.sign_off)
        self.review.edited.connect(self._edited)

    # ---- the Tab key ---------------------------------------------------------------------------

    def _tab_stops(self) -> list[QWidget]:
        """The form in reading order, then the rest of the editor (steps, Reg 40, review, Save) as Qt orders it."""
        def stop(w: QWidget) -> bool:
            return w.isVisibleTo(self) and w.isEnabled() and takes_tab(w)
        stops = [w for w in self.form.reading_order() if stop(w)]
        rest: list[QWidget] = []
        w: QWidget | None = self
        for _ in range(5000):
            w = w.nextInFocusChain() if w is not None else None
            if w is None:
                break
            if w is self:
                break
            if self.isAncestorOf(w) and not self.form.isAncestorOf(w) and stop(w) and w not in rest:
                rest.append(w)
        return stops + rest

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802, A002 - Qt naming
        """Tab and Shift+Tab go down the form in reading order, then the panels beside it and Save.

        The type's fields are made after the rest of the window, so Qt's chain puts them after Save;
        reordering that chain with setTabOrder drags compound fields' parts along and can close it into
        a loop the keyboard cannot leave. So the editor walks its own list, and at either end hands over
        to the first control outside it in Qt's chain.
        """
        stops = self._tab_stops()
        here = QApplication.focusWidget()
        if here not in stops:
            return super().focusNextPrevChild(next)
        reason = Qt.FocusReason.TabFocusReason if next else Qt.FocusReason.BacktabFocusReason
        i = stops.index(here) + (1 if next else -1)
        if 0 <= i < len(stops):
            stops[i].setFocus(reason)
            return True
        w: QWidget | None = here
        for _ in range(5000):
            w = (w.nextInFocusChain() if next else w.previousInFocusChain()) if w is not None else None
            if w is None or w is here:
                break
            if not self.isAncestorOf(w) and w.isVisible() and w.isEnabled() and takes_tab(w):
                w.setFocus(reason)
                return True
        return super().focusNextPrevChild(next)

    # ---- showing -------------------------------------------------------------------------------

    @property
    def is_new(self) -> bool:
        """True while the editor holds an incident not yet saved."""
        return self.incident is None and self.kind is not None

    def set_context(self, home_id: HomeId | None, kids: list[Child], staff: list[StaffMember],
                    review_days: int, home: HomeDetails | None = None) -> None:
        """The home's children and staff (for the pick lists), its review policy, and the home (for reg 40)."""
        self.home_id, self.kids, self.staff, self.home = home_id, kids, staff, home
        self.review_days = review_days
        self.review.review_days = review_days
        if self.kind is not None and home_id is not None:  # an open form lists who was added elsewhere
            self.form.refresh_lists(kids, staff)

    def show_incident(self, incident: Incident) -> None:
        """Show a saved incident."""
        self._show(incident.type, incident)

    def start_new(self, kind: IncidentType) -> None:
        """An empty form for a new incident of ``kind`` (the type is chosen first and stays)."""
        self._show(kind, None)
        self.state.setText("New incident: fill in the form and save")
        self.form.occurred.setFocus()

    def _show(self, kind: IncidentType, incident: Incident | None) -> None:
        same = incident is not None and self.incident is not None and incident.id == self.incident.id
        self._loading = True
        try:
            self.kind, self.incident = kind, incident
            self.form.show_incident(kind, incident, self.kids, self.staff)
            d = incident
            self.reg40.load(d.notifiable if d else None, d.reg40_paragraphs if d else (),
                            d.reg40_rationale if d else "", d.other_recipients if d else ())
            self.reg40.show_problems({}, focus=False)
            self.review.show_incident(incident)
        finally:
            self._loading = False
        self._loaded = self._snapshot()
        self.conflict.hide()
        self.reload_button.hide()
        self.general.hide()
        if not same:  # a reload after saving keeps "Saved at …" in view
            self.state.setText("")
        self._describe()
        self.refresh()
        self._update_buttons()

    def _describe(self) -> None:
        if self.kind is None:
            self.heading.setText("")
            self.subheading.setText("")
            return
        if self.incident is None:
            self.heading.setText(f"New incident: {self.kind.label}")
            self.subheading.setText("Record what happened now; the statutory steps are timed from it once saved.")
            return
        i = self.incident
        self.heading.setText(f"{i.type.label} — {local_text(i.occurred_at)}")
        kids = {c.id: c for c in self.kids}
        reviewed = f"reviewed {local_text(i.reviewed_at)}" if i.reviewed_at else "not reviewed"
        self.subheading.setText(" · ".join(p for p in (children_text(i, kids), f"Reg 40: {reg40_text(i).lower()}",
                                                        reviewed) if p))

    def refresh(self) -> None:
        """Recompute the steps and who has been told at the store's 'now' (on save and each minute)."""
        now = self.store.now()
        if self.incident is None:
            self.steps.show_steps([], now, PREVIEW.get(self.kind, "Once saved: the manager's review.")
                                  if self.kind else "")
        else:
            context = notify_context(self.incident.child_ids, {c.id: c for c in self.kids}, self.home)
            self.steps.show_steps(incident_steps(self.incident, now, bank_holidays(), self.review_days, context), now)
        self._show_reg40(now)

    def form_context(self) -> NotifyContext:
        """Reg 40's context for the children ticked on the form (saved or not) and the home."""
        return notify_context(self.form.chosen_children(), {c.id: c for c in self.kids}, self.home)

    def _show_reg40(self, now: datetime) -> None:
        self._reg40_context = self.form_context()
        self.reg40.show_status(self.incident, now, self._reg40_context)

    # ---- editing -------------------------------------------------------------------------------

    def _snapshot(self) -> tuple[object, ...]:
        return self.form.snapshot(), self.reg40.snapshot()

    def form_dirty(self) -> bool:
        """True when the incident's own fields differ from what is saved (or a new one has anything typed)."""
        if self.is_new:
            f = self.form
            return bool(f.summary.toPlainText().strip() or f.occurred.text() or f.chosen_children()
                        or f.location.text().strip() or f.chosen_staff() or f.staff_involved.text().strip())
        return self.incident is not None and self._snapshot() != self._loaded

    def has_unsaved_changes(self) -> bool:
        """Unsaved edits to the incident, or a review note typed but not signed off."""
        return self.form_dirty() or self.review.has_unsaved_changes()

    def _edited(self, *_args: object) -> None:
        if not self._loading:
            if self.form_context() != self._reg40_context:  # other children ticked: other reg 40(1) recipients
                self._show_reg40(self.store.now())
            self._update_buttons()

    def _reg40_edited(self) -> None:
        if not self._loading:
            self._show_reg40(self.store.now())
            self._update_buttons()

    def _update_buttons(self) -> None:
        dirty = self.form_dirty()
        self.save_button.setEnabled(dirty or self.is_new)
        self.revert_button.setEnabled(dirty or self.review.has_unsaved_changes())
        if dirty and not self.is_new:
            self.state.setText("Unsaved changes")
        elif not dirty and self.state.text() == "Unsaved changes":
            self.state.setText("")

    def _collect(self) -> tuple[IncidentDetails | None, dict[str, str]]:
        problems: dict[str, str] = {}
        occurred = self.form.occurred_at(problems)
        details = self.form.details.collect(problems)
        kind = self.kind
        if kind is None:
            return None, problems

        def typed(stand_in: date) -> IncidentDetails:  # midday on the stand-in for a time not read (every_problem)
            return IncidentDetails(
                type=kind, occurred_at=occurred or datetime.combine(stand_in, time(12), tzinfo=UK),
                child_ids=self.form.chosen_children(), summary=self.form.summary.toPlainText().strip(),
                location=self.form.location.text().strip(), staff_involved=self.form.staff_involved.text().strip(),
                staff_ids=self.form.chosen_staff(), details=details, notifiable=self.reg40.notifiable(),
                reg40_paragraphs=self.reg40.chosen(), reg40_rationale=self.reg40.rationale.toPlainText().strip(),
                other_recipients=self.reg40.other_recipients())

        if problems or occurred is None:  # the children, summary and reg 40 are said with a time not read
            now = self.store.now()
            return None, every_problem(problems, lambda stand_in: validate_incident(typed(stand_in), now))
        collected = typed(occurred.date())
        refusal = record_made_refusal(collected, self.incident)  # reg 35(3)(a): set only once complete
        if refusal:
            found = validate_incident(collected, self.store.now())  # a bad time is said first, at its field
            return None, {"record_made_at": refusal, **found}
        return collected, problems

    def show_problems(self, problems: dict[str, str]) -> None:
        """Each message at its field (the form, then reg 40, then the review); the rest under the form."""
        rest = self.form.show_problems(problems)
        placed = len(rest) < len(problems)
        before = len(rest)
        rest = self.reg40.show_problems(rest, focus=not placed)
        placed = placed or len(rest) < before
        rest = self.review.show_problems(rest, focus=not placed)
        self.general.setText(" ".join(f"⚠ {m}" for m in rest.values()))
        self.general.setVisible(bool(rest))

    def field_forms(self) -> list[FieldForm]:
        """The editor's fields: the form down its column (the type's sections as built now), then Reg 40 and
        the review beside it."""
        return [self.form.common, *self.form.details.forms, self.reg40.form, self.review.form]

    def save(self) -> bool:
        """Validate and save; on any problem nothing is saved and each message shows at its field."""
        if self.kind is None or self.home_id is None:
            return True
        if not self.form_dirty() and not self.is_new:
            return self._save_review_draft()
        home_id, saved_incident = self.home_id, self.incident

        def write(details: IncidentDetails) -> tuple[Incident, Changes]:
            if saved_incident is None:
                return self.store.incidents.add(home_id, details)
            return self.store.incidents.update(replace(saved_incident, **vars(details)))

        saved = save_form(self, self._collect, write, self.show_problems, say_in(self.general),
                          REVERT_HINT, forms=self.field_forms, offer=self.reload_button)
        if saved is None:
            return False
        incident, changes = saved
        self._show(incident.type, incident)
        self.state.setText(saved_at(self.store))
        self.saved.emit(incident)
        self.changed.emit(changes)
        return self._save_review_draft()

    def _save_review_draft(self) -> bool:
        # A review note typed and then Ctrl+S (or "Save" when leaving) is a sign-off: it is the only
        # way a review note is kept, and typing one means the manager has reviewed the incident.
        return self.sign_off() if self.review.has_unsaved_changes() else True

    def revert(self) -> bool:
        """The Revert button: ask before throwing typed text away; False when the manager keeps editing."""
        if self.has_unsaved_changes() and not ask_to_discard(
                self, "Throw away what you have typed on this incident and show the saved version?"
                if self.incident is not None else "Throw away what you have typed on this new incident?"):
            return False
        self.discard()
        return True

    def discard(self) -> None:
        """Throw away edits: show the saved incident again (a new one is emptied)."""
        if self.incident is not None:
            self.review.discard()
            self._show(self.incident.type, self.incident)
        elif self.kind is not None:
            self._show(self.kind, None)

    def clear(self) -> None:
        """Show nothing (no incident selected)."""
        self.kind, self.incident = None, None
        self._describe()

    def _saved_first(self) -> bool:
        """Save pending edits before a sign-off or notification; False if they could not be saved."""
        if self.is_new or self.form_dirty():
            return self.save() if not self.review.has_unsaved_changes() else self._save_form_only()
        return self.incident is not None

    def _save_form_only(self) -> bool:
        draft = self.review.note.toPlainText()
        self.review.discard()
        try:
            return self.save()
        finally:
            self.review.note.setPlainText(draft)

    def sign_off(self) -> bool:
        """The manager's review, with the note typed; any edits to the incident are saved first."""
        if not self._saved_first() or self.incident is None:
            return False
        try:
            incident, changes = self.store.incidents.review(self.incident, self.review.note.toPlainText(), "")
        except ValidationError as exc:
            self.show_problems(exc.problems)
            self.state.setText("Not signed off: fix the marked field")
            return False
        except RecordGoneError as exc:
            say_gone(self, exc, self.reload_button)
            return False
        except ConflictError as exc:
            self.conflict.setText(f"⚠ {exc}{REVERT_HINT}")
            self.conflict.show()
            return False
        except StoreError as exc:
            self.general.setText(f"⚠ Not signed off: {exc}")
            self.general.show()
            return False
        self.review.show_incident(None)  # drop the draft: the signed note is now the saved one
        self._show(incident.type, incident)
        self.state.setText(f"Signed off at {self.store.now().astimezone(UK):%H:%M}")
        self.changed.emit(changes)
        return True

    def add_child(self) -> None:
        """'Add child…': the child's register entry in a box; once saved they are listed here and ticked."""
        if self.home_id is None:
            return
        dialog = AddChildDialog(self.store, self.home_id, parent=self)
        self.dialog = dialog
        dialog.accepted.connect(lambda: self._child_added(dialog))
        dialog.open()

    def _child_added(self, dialog: AddChildDialog) -> None:
        if dialog.child is None or dialog.changes is None:
            return
        self.kids = [*self.kids, dialog.child]
        self.form.refresh_lists(self.kids, self.staff)
        self.form.set_child(dialog.child.id)
        self.form.child_list.setFocus()
        self.changed.emit(dialog.changes)

    def record_notification(self) -> None:
        """Open 'Record notification…' for the saved incident (saving edits first)."""
        if not self._saved_first() or self.incident is None:
            return
        context = notify_context(self.incident.child_ids, {c.id: c for c in self.kids}, self.home)
        dialog = NotificationDialog(self.store, self.incident, context, parent=self)
        self.dialog = dialog
        dialog.accepted.connect(lambda: self._notified(dialog.changes))
        dialog.open()

    def _notified(self, changes: Changes) -> None:
        if self.incident is None:
            return
        self._show(self.incident.type, self.store.incidents.get(self.incident.id))
        self.state.setText("Notification recorded")
        self.changed.emit(changes)

