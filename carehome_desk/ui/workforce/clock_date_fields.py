"""The two dates the diplomas count from, on the staff form: first in a care role, first managing a home.

Reg 32(4) counts Level 3 from first starting in a care role in *a* children's home (promotions
between care roles do not restart it) and reg 28 counts Level 5 from first starting to manage
*a* home; either may be before this home. The form shows the date the person's own diploma
counts from, pre-filled while the manager has not typed in it: for a new person the start date
(the manager's date follows the role start); for someone moved into a care role, or made the
registered manager, the start of the new role.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from carehome_desk.models.dates import DateFormatError, format_uk
from carehome_desk.models.qualifications import QualificationKind, guess_note, required_kind
from carehome_desk.models.staff import StaffDetails, StaffMember, StaffRole
from carehome_desk.ui.widgets.date_field import DateField
from carehome_desk.ui.widgets.style import role_label

L3, L5 = QualificationKind.LEVEL3, QualificationKind.LEVEL5
# Two lines, so the dates' labels stay about as wide as the others and the boxes line up.
CARE_LABEL = "First in a c&are role\nin a children's home"
MANAGING_LABEL = "First &managing a\nchildren's home"
CARE_HINT = ("Reg 32(4): Level 3 is due 2 years after this date. Promotions between care roles do not restart it; "
             "count time in a care role at another children's home. Someone who moved here from a non-care role "
             "starts on the day they moved.")
MANAGING_HINT = ("Reg 28: Level 5 is due 3 years after this date. Count time managing another children's home; "
                 "moving to this home does not restart it.")
MISSING = {"care_started_on": "Enter when they first started in a care role in a children's home (their start "
                              "date here if this is their first).",
           "managing_started_on": "Enter when they first started managing a children's home (the start of this "
                                  "role if this is their first)."}
# What a field follows while untouched: the start date, or the current role's start (the start date if empty).
START, ROLE = "start", "role"


def kind_for(role: StaffRole, care_role: bool | None) -> QualificationKind | None:
    """The diploma a role (and the care-role answer) needs: the same rule as the requirement's."""
    return required_kind(StaffDetails(full_name="", role=role, start_date=date.min, care_role=care_role))


def to_confirm_html(people: list[StaffMember]) -> str:
    """The Staff page's banner: who has a guessed Level 3/5 start date, each name a link to their record.

    The date was not typed in: it was filled in from when they started here (or started their current
    role), whether by an upgrade, an import or the home's set-up naming its manager. The banner says
    that, which is true of each, rather than naming one of them.
    """
    links = ", ".join(f'<a href="staff:{int(m.id)}">{html.escape(m.full_name)}</a>' for m in people)
    them = "this person" if len(people) == 1 else "these people"
    kinds = {required_kind(m) for m in people}
    doing, level = ("managing a children's home", "Level 5") if kinds == {L5} else (
        ("in a care role in a children's home", "Level 3") if kinds == {L3} else
        ("in a care role or managing a children's home", "Level 3 or Level 5"))
    return (f"⚠ <b>Dates to confirm:</b> {links}. The date {them} first started {doing} was not entered, so it "
            f"was taken from when they started here (or started their current role), and the {level} due date "
            "counts from it; time at another children's home before makes it earlier. Open each record's "
            "Details and correct the date and save, or confirm it as shown.")


class ClockDateFields(QObject):
    """The first-care-role and first-managing date boxes, the 'date guessed' notice and its Confirm button."""

    #: The manager asked to confirm the dates as shown.
    confirm_requested = Signal()

    def __init__(self, today: date, start: DateField, role_start: DateField, parent: QObject | None = None):
        super().__init__(parent)
        self.start, self.role_start = start, role_start
        self.care = DateField(today)
        self.managing = DateField(today)
        self.notice_text = role_label("", "hint")
        self.notice_text.setAccessibleName("Date to confirm")
        self.confirm_button = QPushButton("Confirm the date as sho&wn")
        self.confirm_button.setToolTip("The date below is right: save the record so it is no longer listed as a guess")
        self.confirm_button.clicked.connect(self.confirm_requested.emit)
        self.notice = QWidget()
        self.notice.setObjectName("clockNotice")
        self.notice.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.notice.setStyleSheet("QWidget#clockNotice { background: #FFF3D6; border: 1px solid #E69F00; "
                                  "border-radius: 4px; }")
        box = QHBoxLayout(self.notice)
        box.setContentsMargins(10, 6, 10, 6)
        box.addWidget(self.notice_text, 1)
        box.addWidget(self.confirm_button)
        self.notice.hide()
        self.member: StaffMember | None = None
        self._loaded: dict[str, str] = {}
        self._loaded_dates: dict[str, date | None] = {}
        self._typed_keys: set[str] = set()
        self._follow: dict[str, str | None] = {}
        self.kind: QualificationKind | None = None
        self._loaded_kind: QualificationKind | None = None
        self._set_visible: Callable[[str, bool], None] = lambda _key, _visible: None
        self.care.edited.connect(lambda: self._typed("care_started_on"))
        self.managing.edited.connect(lambda: self._typed("managing_started_on"))
        for source in (start, role_start):
            source.edited.connect(self._sources_edited)

    @property
    def fields(self) -> dict[str, DateField]:
        """Field key -> its date box."""
        return {"care_started_on": self.care, "managing_started_on": self.managing}

    def attach(self, set_row_visible: Callable[[str, bool], None]) -> None:
        """Let the helper show and hide the two rows of the form they were added to."""
        self._set_visible = set_row_visible

    # ---- loading and following ---------------------------------------------------------------

    def load(self, member: StaffMember | None, kind: QualificationKind | None) -> None:
        """Show a saved record's dates (or the date its rule falls back to), or pre-fill a new person's."""
        self.member = member
        if member is not None:
            # The date the rule counts from when none is recorded (the same properties the rule reads).
            self._loaded_dates = {
                "care_started_on": member.care_clock_start if kind is L3 else member.care_started_on,
                "managing_started_on": member.managing_clock_start if kind is L5 else member.managing_started_on,
            }
            self._follow = {"care_started_on": None, "managing_started_on": None}
        else:
            self._loaded_dates = {"care_started_on": None, "managing_started_on": None}
            self._follow = {"care_started_on": START, "managing_started_on": ROLE}
        for key, field in self.fields.items():
            field.set_value(self._loaded_dates[key])
        self._loaded = {key: field.text() for key, field in self.fields.items()}
        self._typed_keys = set()
        self._loaded_kind = self.kind = kind
        for key, wanted in (("care_started_on", L3), ("managing_started_on", L5)):
            self._set_visible(key, kind is wanted)
        self._sources_edited()
        guessed = member is not None and member.dates_to_confirm and kind is not None
        if guessed and member is not None and kind is not None:
            note = guess_note(kind, member)
            self.notice_text.setText(f"⚠ Date to confirm: {note[:1].upper()}{note[1:]}. Check the date below: "
                                     "correct it and save, or confirm it as shown.")
        self.notice.setVisible(guessed)

    def set_kind(self, kind: QualificationKind | None) -> None:
        """Show the date the on-screen role's diploma counts from, as the role or care answer changes.

        A saved person newly in a care role (or newly the manager) with no date recorded gets the
        new role's start, following the role start box until the manager types a date; changing
        back puts the saved date back.
        """
        if kind is self.kind:
            return
        before, self.kind = self.kind, kind
        for key, wanted in (("care_started_on", L3), ("managing_started_on", L5)):
            shown, was_shown = kind is wanted, before is wanted
            self._set_visible(key, shown)
            if self.member is None:  # a new person's dates follow the start dates whatever the role
                continue
            if shown and not was_shown and self._loaded_kind is not wanted and self._stored(key) is None:
                self._follow[key] = ROLE
            elif not shown and was_shown:
                self.fields[key].line.setText(self._loaded[key])
                self._follow[key] = None
                self._typed_keys.discard(key)
        self._sources_edited()

    def _stored(self, key: str) -> date | None:
        if self.member is None:
            return None
        value: date | None = getattr(self.member, key)
        return value

    def _source(self, which: str) -> date | None:
        try:
            start = self.start.value()
            role = self.role_start.value() if which == ROLE else None
        except DateFormatError:
            return None
        return role or start

    def _sources_edited(self) -> None:
        for key, field in self.fields.items():
            which = self._follow.get(key)
            if which is not None:
                field.line.setText(format_uk(self._source(which)))

    def _typed(self, key: str) -> None:
        self._follow[key] = None  # the manager's own date: never overwritten
        self._typed_keys.add(key)

    # ---- reading -------------------------------------------------------------------------------

    def texts(self) -> tuple[str, str]:
        """The two boxes' text, for the form's unsaved-changes check."""
        return self.care.text(), self.managing.text()

    def corrected(self) -> bool:
        """True when the manager typed a different date into the box on show than the one loaded.

        Only that settles a guessed date (besides Confirm): saving other edits, retyping the same
        day, or a date pre-filled from the role start after a role change leave it to confirm.
        """
        for key, field in self.fields.items():
            if self.kind is not (L3 if key == "care_started_on" else L5) or key not in self._typed_keys:
                continue
            try:
                if field.value() != self._loaded_dates[key]:
                    return True
            except DateFormatError:
                continue
        return False

    def values(self, problems: dict[str, str]) -> tuple[date | None, date | None]:
        """The dates to save; a hidden row keeps the saved value, an empty shown row is a problem."""
        out: list[date | None] = []
        for key, field in self.fields.items():
            shown = self.kind is (L3 if key == "care_started_on" else L5)
            if not shown:
                out.append(self._stored(key))
                continue
            try:
                value = field.value()
            except DateFormatError as exc:
                problems[key] = str(exc)
                out.append(None)
                continue
            if value is None and "start_date" not in problems:
                problems[key] = MISSING[key]
            out.append(value)
        return out[0], out[1]
