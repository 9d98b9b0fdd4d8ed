"""Reg 45 reviews: the six-monthly list with the 28-day send-by date, and an editor that drafts from the records."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QEvent, QItemSelection, QItemSelectionModel, QObject, Qt
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from carehome_desk.services.evidence import Period, reg45_draft
from carehome_desk.models.calendar_math import add_months
from carehome_desk.models.dates import UK, format_uk
from carehome_desk.models.quality import Reg45Review, overlapping_reviews, reg45_requirements, validate_review
from carehome_desk.models.status import Requirement, Status, classify
from carehome_desk.store import Store, StoreError, ValidationError
from carehome_desk.ui.widgets.date_field import DateField
from carehome_desk.ui.widgets.field_form import FieldForm, as_read, every_problem, hint_of, read_date
from carehome_desk.ui.quality.quality_common import DONE_COLOUR, QualityTab, register_table
from carehome_desk.ui.quality.reg45_overlap import save_overlap_anyway
from carehome_desk.ui.widgets.record_table_model import RECORD_ROLE, Column, RecordTableModel
from carehome_desk.ui.widgets.saving import ask_to_save, revert_asking
from carehome_desk.ui.widgets.sort_proxy import RecordSortProxy
from carehome_desk.ui.widgets.status_style import STATUS_COLOURS, StatusBanner
from carehome_desk.ui.widgets.style import role_label

SEND_RULE = "Reg 45(4)(a): the report reaches Ofsted within 28 days of completing the review"


def review_state(r: Reg45Review, today: date, window_days: int) -> tuple[str, str | None]:
    """The report's status word and colour: Draft, Sent on time, Sent late, Overdue, Due soon or Not sent yet."""
    if r.send_by is None:
        return "Draft", None
    if r.sent_to_ofsted_on is not None:
        return ("Sent late", None) if r.sent_to_ofsted_on > r.send_by else ("Sent on time", DONE_COLOUR)
    status = classify(r.send_by, today, window_days)
    if status is Status.IN_DATE:
        return "Not sent yet", None
    return ("Overdue" if status is Status.OVERDUE else "Due soon"), STATUS_COLOURS[status]


def first_review_words(next_review: Requirement | None, registered: date | None) -> str:
    """The empty list's words: when the first review is due, by the dashboard's rule (six months from
    registration, ``reg45_requirements``), and what to do next."""
    start = "No Reg 45 reviews recorded yet. "
    then = " Click New review (Ctrl+N) to start it."
    if next_review is None or next_review.due is None or registered is None:
        return (start + "The first is due within six months of the home's registration: add the registration "
                "date in Home settings to see by when. Click New review (Ctrl+N) to start one.")
    due, since = format_uk(next_review.due), format_uk(registered)
    if next_review.status is Status.OVERDUE:
        return f"{start}Overdue: the first was due by {due}, six months after registration on {since}.{then}"
    return f"{start}The first is due by {due}, six months after registration on {since}.{then}"


class Reg45TableModel(RecordTableModel[Reg45Review]):
    """The Reg 45 reviews; status words are worked out for ``today``."""

    def __init__(self, today: date, parent: Any = None):
        self.today = today  # the store's day, reset on each reload
        self.window = 28
        columns: list[Column[Reg45Review]] = [
            Column("Period", lambda r: f"{format_uk(r.period_start)} to {format_uk(r.period_end)}",
                   sort_key=lambda r: (r.period_end, r.period_start)),
            Column("Completed", lambda r: format_uk(r.completed_on) or "Not yet", sort_key=lambda r: r.completed_on),
            Column("Send by", lambda r: format_uk(r.send_by), sort_key=lambda r: r.send_by,
                   header_tooltip=SEND_RULE + " (law)."),
            Column("Sent to Ofsted", lambda r: format_uk(r.sent_to_ofsted_on) or ("Not sent" if r.completed_on else ""),
                   sort_key=lambda r: r.sent_to_ofsted_on),
            Column("Status", lambda r: review_state(r, self.today, self.window)[0],
                   background=lambda r: review_state(r, self.today, self.window)[1],
                   tooltip=lambda r: f"{SEND_RULE} (law)."),
        ]
        super().__init__(columns, parent)


class Reg45Tab(QualityTab):
    """The list of reviews beside the selected (or new) review: period, draft text, completed and sent dates."""

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(store, parent)
        self.review: Reg45Review | None = None
        self._loaded: tuple[str, ...] = ()
        self._switching = False
        today = store.today()
        self.banner = StatusBanner()
        self.model = Reg45TableModel(today, self)
        self.proxy = RecordSortProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = register_table(self.proxy, "Reg 45 reviews")
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.table.selectionModel().selectionChanged.connect(self._selected)
        self.new_button = QPushButton("&New review")
        self.new_button.setToolTip("Start a review for the next six months (Ctrl+N)")
        self.new_button.clicked.connect(self.new_record)

        self.start = DateField(today)
        self.end = DateField(today)
        self.draft_button = QPushButton("&Draft review from the records")
        self.draft_button.setToolTip("Fill the text with the period's figures: incidents by type, restraint and "
                                     "missing, workforce, Reg 44 themes and action progress")
        self.draft_button.clicked.connect(self.draft)
        self.summary = QPlainTextEdit()
        self.summary.setTabChangesFocus(True)  # Tab moves on; a review has no use for tab characters
        self.summary.setAccessibleName("Review report")
        self.summary.setPlaceholderText("Click Draft review from the records, then add the views of children, "
                                        "parents, placing authorities and staff, and the actions you intend to take.")
        self.completed = DateField(today)
        self.sent = DateField(today)
        self.form = FieldForm()
        self.form.add("period_start", "Period fro&m", self.start)
        self.form.add("period_end", "Period &to", self.end)
        self.report_form = FieldForm()
        self.report_form.add("completed_on", "&Completed on", self.completed)
        holder = self.report_form.add("sent_to_ofsted_on", "Sent to &Ofsted", self.sent, hint=" ")
        hint = hint_of(holder)
        assert isinstance(hint, QLabel)
        self.send_hint = hint
        self.save_button = QPushButton("&Save review")
        self.save_button.setToolTip("Save (Ctrl+S)")
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton("Revert")
        self.revert_button.clicked.connect(lambda: revert_asking(self, self.revert_button, "Throw away what you have typed on this Reg 45 review and show the saved version?"))
        self.state = role_label("", "hint")
        self.general = role_label("", "error")
        self.general.hide()

        self.editor = QGroupBox("Review")
        dates = QHBoxLayout()
        dates.addLayout(self.form.layout, 2)
        dates.addLayout(self.report_form.layout, 3)
        column = QVBoxLayout(self.editor)
        column.addLayout(dates)
        draft_row = QHBoxLayout()
        draft_row.addWidget(self.draft_button)
        draft_row.addStretch(1)
        column.addLayout(draft_row)
        column.addWidget(self.summary, 1)
        column.addWidget(self.general)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.state, 1)
        column.addLayout(buttons)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.new_button)
        top.addStretch(1)
        left_layout.addLayout(top)
        self.empty = role_label("", "hint")  # no reviews yet: when the first is due, in place of the list
        self.empty.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.empty.setAccessibleName("No reviews yet")
        self.body = QStackedWidget()
        self.body.addWidget(self.empty)
        self.body.addWidget(self.table)
        left_layout.addWidget(self.body, 1)
        self.splitter = splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.editor)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setChildrenCollapsible(False)
        self._user_split = False
        splitter.splitterMoved.connect(lambda *_: setattr(self, "_user_split", True))
        splitter.installEventFilter(self)
        layout = QVBoxLayout(self)
        layout.addWidget(role_label(
            "Reg 45: a quality of care review at least every six months, seeking the views of children, parents, "
            "placing authorities and staff; the report goes to Ofsted within 28 days of completing it.", "hint"))
        layout.addWidget(self.banner)
        layout.addWidget(splitter, 1)

        for field in (self.start, self.end, self.completed, self.sent):
            field.edited.connect(self._edited)
            field.line.textChanged.connect(lambda _t: self._edited())
        self.summary.textChanged.connect(self._edited)
        self._show_review(None)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt naming
        if watched is self.splitter and event.type() == QEvent.Type.Resize:
            self._split()
        return False

    def _split(self) -> None:
        """The list as wide as its columns (up to half); the review's text has the rest."""
        total = self.splitter.width()
        if self._user_split or total < 200:
            return
        header = self.table.horizontalHeader()
        wanted = header.length() + 2 * self.table.frameWidth() + 40  # room for a scroll bar, never a sideways one
        left = min(wanted, total // 2)
        self.splitter.setSizes([left, total - left])

    # ---- loading -------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the reviews again; a review being edited is left as it is."""
        today = self.store.today()
        window = self.store.settings.get().due_soon_days
        reviews = self.store.quality.reviews(self.home.id) if self.home else []
        self.model.today, self.model.window = today, window
        self._switching = True
        try:
            self.model.set_rows(reviews)
        finally:
            self._switching = False
        self.table.resizeColumnsToContents()
        self._split()
        reqs = reg45_requirements(reviews, self.home.registration_date if self.home else None, today, window,
                                  self.home.name if self.home else "")
        next_review = next((r for r in reqs if r.key == "reg45:review"), None)
        self.banner.show_requirement(next_review, title="Next review")
        self.empty.setText(first_review_words(next_review, self.home.registration_date) if self.home
                           else "No home selected.")
        self.body.setCurrentIndex(1 if reviews else 0)
        if self.has_unsaved_changes():
            return
        keep = self.review.id if self.review is not None else None
        match = next((r for r in reviews if keep and r.id == keep), None)
        if match is None and reviews and self.review is None:
            match = max(reviews, key=lambda r: r.period_end)  # the latest, to start from
        self._show_review(match)
        if match is not None:
            self._select(int(match.id))

    def _select(self, review_id: int) -> None:
        for r in range(self.proxy.rowCount()):
            if int(self.proxy.index(r, 0).data(RECORD_ROLE).id) == review_id:
                self._switching = True
                self.table.selectionModel().setCurrentIndex(
                    self.proxy.index(r, 0),
                    QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
                self._switching = False
                return

    def select_review(self, review_id: int) -> bool:
        """Show a review (asking first if the one on screen has unsaved edits)."""
        review = next((self.model.record(r) for r in range(self.model.rowCount())
                       if int(self.model.record(r).id) == review_id), None)
        if review is None:
            return False
        if self.review is None or review.id != self.review.id:
            if not self._confirm_leave():
                return False
            self._show_review(review)
        self._select(review_id)
        return True

    def _selected(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        if self._switching:
            return
        index = self.table.currentIndex()
        review = index.data(RECORD_ROLE) if index.isValid() else None
        if review is None or (self.review is not None and review.id == self.review.id):
            return
        if not self._confirm_leave():
            if self.review is not None and self.review.id:
                self._select(int(self.review.id))
            return
        self._show_review(review)

    def _confirm_leave(self) -> bool:
        return ask_to_save(self, "This Reg 45 review has changes that are not saved yet. Save them now?", self, discard=False)

    def _show_review(self, review: Reg45Review | None) -> None:
        self.review = review
        self._switching = True
        try:
            self.start.set_value(review.period_start if review else None)
            self.end.set_value(review.period_end if review else None)
            self.summary.setPlainText(review.summary if review else "")
            self.completed.set_value(review.completed_on if review else None)
            self.sent.set_value(review.sent_to_ofsted_on if review else None)
        finally:
            self._switching = False
        self.editor.setEnabled(review is not None)
        self.editor.setTitle("New review (not saved yet)" if review is not None and not review.id else
                             f"Review of {format_uk(review.period_start)} to {format_uk(review.period_end)}"
                             if review else "Review: click New review to start one")
        self._loaded = self._snapshot()
        self.form.show_problems({}, focus=False)
        self.report_form.show_problems({}, focus=False)
        self.general.hide()
        self._edited()

    def _snapshot(self) -> tuple[str, ...]:
        return (self.start.text(), self.end.text(), self.summary.toPlainText(), self.completed.text(), self.sent.text())

    def has_unsaved_changes(self) -> bool:
        """True for a new review, or one whose fields differ from what is saved."""
        return self.review is not None and (not self.review.id or self._snapshot() != self._loaded)

    def _edited(self) -> None:
        if self._switching:
            return
        dirty = self.has_unsaved_changes()
        self.save_button.setEnabled(dirty)
        self.revert_button.setEnabled(dirty)
        if dirty:
            self.state.setText("Unsaved changes")
        elif self.state.text() == "Unsaved changes":
            self.state.setText("")
        try:
            completed = self.completed.value()
        except ValueError:
            completed = None
        self.send_hint.setText(f"{SEND_RULE}: by {format_uk(completed + timedelta(days=28))}." if completed
                               else f"{SEND_RULE}.")

    # ---- editing -------------------------------------------------------------------------

    def new_record(self) -> None:
        """Ctrl+N: a review of the six months after the last one (or the last six months)."""
        if self.home is None or not self._confirm_leave():
            return
        reviews = self.store.quality.reviews(self.home.id)
        today = self.store.today()
        if reviews:
            start = max(r.period_end for r in reviews) + timedelta(days=1)
            end = add_months(start, 6) - timedelta(days=1)
        else:
            end = today
            start = add_months(today, -6) + timedelta(days=1)
        self._switching = True
        self.table.clearSelection()
        self._switching = False
        self._show_review(Reg45Review(self.home.id, start, end))
        self.state.setText("Unsaved changes")
        self.start.line.setFocus()  # the proposed period is a guess: the manager checks it first
        self.start.line.selectAll()

    def _on_screen(self, every: bool = False) -> tuple[Reg45Review | None, dict[str, str]]:
        """The review as typed and what cannot be read; with ``every``, the review's own checks too (all at once)."""
        problems: dict[str, str] = {}
        start = read_date(self.start, "period_start", problems)
        end = read_date(self.end, "period_end", problems)
        completed = read_date(self.completed, "completed_on", problems)
        sent = read_date(self.sent, "sent_to_ofsted_on", problems)
        for key, value in (("period_start", start), ("period_end", end)):
            if value is None and key not in problems:
                problems[key] = "Enter the date."
        if self.review is None:
            return None, problems
        base = self.review

        def typed(stand_in: date) -> Reg45Review:  # a stand-in for each date not read (every_problem)
            return replace(base, period_start=start or stand_in, period_end=end or stand_in,
                           completed_on=as_read(completed, "completed_on", problems, stand_in),
                           sent_to_ofsted_on=as_read(sent, "sent_to_ofsted_on", problems, stand_in),
                           summary=self.summary.toPlainText().strip())

        shown = typed(start) if start is not None and end is not None else None
        if every:
            today = self.store.today()
            return shown, every_problem(problems, lambda stand_in: validate_review(typed(stand_in), today))
        return shown, problems

    def draft(self) -> None:
        """Fill the text with a draft for the period from the records (asking before replacing text)."""
        review, problems = self._on_screen()
        if review is None or self.home is None or problems:
            self.report_form.show_problems(self.form.show_problems(problems), focus=False)
            return
        if review.period_end < review.period_start:
            self.form.show_problems({"period_end": "The period ends before it starts."})
            return
        if self.summary.toPlainText().strip():
            answer = QMessageBox.question(
                self, "Replace the text?", "Replace the review's text with a new draft from the records? "
                "What you typed will be lost.", QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                return
        today = self.store.today()
        now = self.store.now() if review.period_end >= today else None  # figures as they stand, not the future
        self.summary.setPlainText(reg45_draft(self.store, self.home, Period(review.period_start, review.period_end),
                                              now))
        self.form.show_problems({}, focus=False)
        self.status_message.emit("Drafted from the records: check the figures, then add views, strengths, "
                                 "areas to improve and actions.")

    def save(self) -> bool:
        """Validate and save the review; nothing is saved while any field is wrong."""
        if not self.has_unsaved_changes():
            return True
        review, problems = self._on_screen(every=True)
        if problems or review is None:
            self._problems(problems)
            return False
        others = [r for r in overlapping_reviews(review, self.store.quality.reviews(review.home_id))
                  if (r.period_start, r.period_end) != (review.period_start, review.period_end)]  # the store refuses
        if others and review.period_start <= review.period_end and not save_overlap_anyway(self, review, others):
            self.state.setText("Not saved: the period overlaps another review")
            return False
        try:
            saved, changes = self.store.quality.save_review(review)
        except ValidationError as exc:
            self._problems(exc.problems)
            return False
        except StoreError as exc:
            self.general.setText(f"⚠ Not saved: {exc}")
            self.general.show()
            return False
        self._show_review(saved)
        self.state.setText(f"Saved at {self.store.now().astimezone(UK):%H:%M}")
        self.changed.emit(changes)
        self._select(int(saved.id))
        self.status_message.emit(f"Saved the Reg 45 review of {format_uk(saved.period_start)} to "
                                 f"{format_uk(saved.period_end)}.")
        return True

    def _problems(self, problems: dict[str, str]) -> None:
        rest = self.report_form.show_problems(self.form.show_problems(problems), focus=False)
        self.general.setText(" ".join(f"⚠ {m}" for m in rest.values()))
        self.general.setVisible(bool(rest))
        self.state.setText("Not saved: fix the marked fields")

    def discard(self) -> None:
        """Show the saved review again (a new, unsaved one is dropped)."""
        if self.review is not None and not self.review.id:
            self._show_review(None)
            self.reload()
        else:
            self._show_review(self.review)
