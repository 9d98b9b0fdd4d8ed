"""A person's safer-recruitment checks: Schedule 2 in its own order, then the two practice checks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from carehome_desk.models.changes import Changes
from carehome_desk.models.counted import counted
from carehome_desk.models.dates import UK
from carehome_desk.models.dbs import DbsCertificate
from carehome_desk.models.ids import CheckId
from carehome_desk.models.recruitment import (
    CheckKind,
    RecruitmentCheck,
    certificate_check,
    started_before_checks,
    validate_check,
)
from carehome_desk.models.recruitment import check_state as core_check_state
from carehome_desk.models.staff import StaffMember
from carehome_desk.models.status import Basis
from carehome_desk.store import Store, StoreError, ValidationError
from carehome_desk.ui.widgets.date_field import DateField
from carehome_desk.ui.widgets.field_form import FORM_MAX_WIDTH, FormScrollArea, as_read, every_problem, read_date
from carehome_desk.ui.widgets.saving import revert_asking
from carehome_desk.ui.widgets.style import role_label, set_invalid


def check_caption(kind: CheckKind) -> str:
    """The check's name, marked '(practice)' when it is not in Schedule 2."""
    spec = kind.spec
    return f"{spec.label} (practice)" if spec.basis is Basis.PRACTICE else spec.label


@dataclass
class CheckRow:
    """The widgets of one check."""

    kind: CheckKind
    done: QCheckBox
    date: DateField
    verified_by: QLineEdit
    not_applicable: QCheckBox
    note: QLineEdit
    error: QLabel

    def state(self) -> tuple[object, ...]:
        """What is on screen, for spotting edits."""
        return (self.done.isChecked(), self.date.text(), self.verified_by.text(), self.not_applicable.isChecked(),
                self.note.text())


class ChecksTab(QWidget):
    """Done, date, who verified, not applicable with a note: one line per check; Save checks them all first."""

    #: Emitted with Changes after a save.
    changed = Signal(object)
    #: The status bar's words after a save ("Saved 2 recruitment checks for …: ID, DBS").
    saved_message = Signal(str)

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.member: StaffMember | None = None
        self.saved: dict[CheckKind, RecruitmentCheck] = {}
        self.today = store.today()
        self._loaded: dict[CheckKind, tuple[object, ...]] = {}
        self._loading = False

        self.flag = role_label("", "banner")
        self.flag.setAccessibleName("Reg 32(7) flag")
        self.flag.hide()
        intro = role_label("Schedule 2 of the Children's Homes (England) Regulations 2015 lists the checks needed "
                           "before someone works in the home. Checks marked (practice) are good practice, not "
                           "Schedule 2.", "hint")
        # Two lines per check: its name and source across the top, then the controls under
        # headings, so the controls keep readable widths beside the staff list on a laptop.
        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(2)
        for col, text in enumerate(("Done", "Date", "Verified by", "N/A", "Note")):
            header = QLabel(f"<b>{text}</b>")
            header.setToolTip("Not applicable, with the reason in the note" if text == "N/A" else "")
            grid.addWidget(header, 0, col)
        self.rows: dict[CheckKind, CheckRow] = {}
        for index, kind in enumerate(CheckKind):
            spec = kind.spec
            r = 1 + index * 3
            caption = QLabel(f"<b>{check_caption(kind)}</b> <span style='color:#4D4D4D'>· {spec.source}</span>")
            caption.setWordWrap(True)
            caption.setTextFormat(Qt.TextFormat.RichText)
            plain = check_caption(kind)
            row = CheckRow(kind, QCheckBox(), DateField(self.today), QLineEdit(), QCheckBox(), QLineEdit(),
                           role_label("", "error"))
            row.done.setAccessibleName(f"{plain}: done")
            row.date.setAccessibleName(f"{plain}: date checked")
            row.verified_by.setAccessibleName(f"{plain}: verified by")
            row.verified_by.setMaxLength(200)
            row.not_applicable.setAccessibleName(f"{plain}: not applicable")
            row.not_applicable.setEnabled(spec.may_not_apply)
            row.not_applicable.setToolTip("May not apply (say why in the note)" if spec.may_not_apply
                                          else "This check applies to everyone")
            row.note.setAccessibleName(f"{plain}: note")
            row.note.setMaxLength(500)
            row.error.hide()
            grid.addWidget(caption, r, 0, 1, 5)
            for col, widget in enumerate((row.done, row.date, row.verified_by, row.not_applicable, row.note)):
                if isinstance(widget, QCheckBox):  # just the box, centred under its heading: all of it clickable
                    grid.addWidget(widget, r + 1, col, Qt.AlignmentFlag.AlignHCenter)
                else:
                    grid.addWidget(widget, r + 1, col)
            grid.addWidget(row.error, r + 2, 0, 1, 5)
            grid.setRowMinimumHeight(r, caption.fontMetrics().height() + 10)  # air between checks
            row.done.toggled.connect(lambda on, row=row: self._exclusive(row, on, row.not_applicable))
            row.not_applicable.toggled.connect(lambda on, row=row: self._exclusive(row, on, row.done))
            for line in (row.verified_by, row.note):
                line.textEdited.connect(self._edited)
            row.date.edited.connect(self._edited)
            self.rows[kind] = row
        grid.setColumnStretch(2, 1)
        grid.setColumnStretch(4, 1)

        self.save_button = QPushButton("&Save checks")
        self.save_button.setToolTip("Save (Ctrl+S)")
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton("Revert")
        self.revert_button.clicked.connect(lambda: revert_asking(self, self.revert_button, "Throw away your unsaved changes to these recruitment checks and show the saved version?"))
        self.state = role_label("", "hint")
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.state, 1)
        self.general = role_label("", "error")
        self.general.hide()

        inner = QWidget()
        layout = QVBoxLayout(inner)
        layout.addWidget(self.flag)
        layout.addWidget(intro)
        layout.addLayout(grid)
        layout.addWidget(self.general)
        layout.addStretch(1)
        inner.setMaximumWidth(FORM_MAX_WIDTH)  # long input lines are hard to read on wide screens
        scroll = FormScrollArea(inner)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        # Save and Revert stay in view below the scrolling form, even on a 768-pixel-high screen.
        outer.addLayout(buttons)
        self._refresh()

    def show_member(self, member: StaffMember | None, checks: dict[CheckKind, RecruitmentCheck], today: date,
                    certificate: DbsCertificate | None = None) -> None:
        """Show a person's saved checks and their reg 32(7) flag (a satisfying certificate meets the DBS line)."""
        self.member, self.saved, self.today = member, dict(checks), today
        self._loading = True
        try:
            for kind, row in self.rows.items():
                c = checks.get(kind)
                row.done.setChecked(bool(c and c.done))
                row.date.set_value(c.done_date if c else None)
                row.verified_by.setText(c.verified_by if c else "")
                row.not_applicable.setChecked(bool(c and c.not_applicable))
                row.note.setText(c.note if c else "")
                row.note.setToolTip(c.note if c else "")
                row.note.setCursorPosition(0)  # show the start of a long note, not its end
        finally:
            self._loading = False
        self._loaded = {kind: row.state() for kind, row in self.rows.items()}
        # A certificate on the DBS tab that satisfies Schedule 2 para 2 meets the DBS line (as `due`, the
        # Checks page and the pack count it): say so on the line, without ticking the box for the user.
        met = certificate_check(member, certificate) if member is not None else None
        dbs = self.rows[CheckKind.DBS]
        words = (f"Met by certificate {certificate.certificate_number} issued {met.done_date:%d/%m/%Y} (DBS tab)"
                 if met is not None and certificate is not None and met.done_date is not None
                 and core_check_state(checks.get(CheckKind.DBS)) == "missing" else "")
        dbs.note.setPlaceholderText(words)
        dbs.done.setToolTip(words)
        flag = started_before_checks(member, checks, today, certificate) if member is not None else None
        self.flag.setText(f"⚠ Reg 32(7) flag: {flag}" if flag else "")
        self.flag.setVisible(bool(flag))
        self._show_problems({})
        self.state.setText("")
        self._refresh()

    def _exclusive(self, row: CheckRow, on: bool, other: QCheckBox) -> None:
        # Done and not applicable cannot both be true of one check.
        if on and other.isChecked():
            other.setChecked(False)
        self._edited()

    def _edited(self, *_args: object) -> None:
        if not self._loading:
            self._refresh()

    def edited_kinds(self) -> list[CheckKind]:
        """Checks whose line differs from what is saved."""
        return [kind for kind, row in self.rows.items() if row.state() != self._loaded.get(kind)]

    def has_unsaved_changes(self) -> bool:
        """True when any line differs from what is saved."""
        return self.member is not None and bool(self.edited_kinds())

    def _refresh(self) -> None:
        dirty = self.has_unsaved_changes()
        self.save_button.setEnabled(dirty)
        self.revert_button.setEnabled(dirty)
        if dirty:
            self.state.setText("Unsaved changes")
        elif self.state.text() == "Unsaved changes":
            self.state.setText("")

    def _show_problems(self, problems: dict[CheckKind, dict[str, str]]) -> None:
        for kind, row in self.rows.items():
            mine = problems.get(kind, {})
            row.error.setText(" ".join(f"⚠ {m}" for m in mine.values()))
            row.error.setVisible(bool(mine))
            set_invalid(row.date.line, "done_date" in mine)
            set_invalid(row.verified_by, "verified_by" in mine)
            set_invalid(row.note, "note" in mine or "not_applicable" in mine)
        first = next((k for k in self.rows if k in problems), None)
        if first is not None:
            row = self.rows[first]
            keys = problems[first]
            target = (row.date if "done_date" in keys else row.verified_by if "verified_by" in keys else row.note)
            target.setFocus()

    def _record(self, kind: CheckKind, problems: dict[CheckKind, dict[str, str]]) -> RecruitmentCheck | None:
        assert self.member is not None
        row = self.rows[kind]
        read: dict[str, str] = {}
        when = read_date(row.date, "done_date", read)
        saved = self.saved.get(kind)
        member = self.member

        def typed(stand_in: date) -> RecruitmentCheck:  # the stand-in for a date not read: its problem is there
            return RecruitmentCheck(staff_id=member.id, kind=kind, done=row.done.isChecked(),
                                    done_date=as_read(when, "done_date", read, stand_in),
                                    verified_by=row.verified_by.text().strip(),
                                    not_applicable=row.not_applicable.isChecked(), note=row.note.text().strip(),
                                    id=saved.id if saved else CheckId(0))

        # Who verified it, or why it does not apply, is said with a date that cannot be read (every_problem).
        found = every_problem(read, lambda stand_in: validate_check(typed(stand_in), self.today))
        if found:  # said in the line's own order: the date first
            order = ("done_date", "verified_by", "not_applicable", "note")
            problems.setdefault(kind, {}).update(sorted(found.items(), key=lambda kv: order.index(kv[0])
                                                        if kv[0] in order else len(order)))
        return None if read else typed(self.today)

    def save(self) -> bool:
        """Check every edited line first; save them only if all are right."""
        if not self.has_unsaved_changes():
            return True
        problems: dict[CheckKind, dict[str, str]] = {}
        records = [r for kind in self.edited_kinds() if (r := self._record(kind, problems)) is not None]
        if problems:
            self._show_problems(problems)
            self.state.setText("Not saved: fix the marked checks")
            return False
        changes = Changes()
        try:
            for record in records:
                saved, done = self.store.workforce.save_check(record)
                self.saved[saved.kind] = saved
                self._loaded[saved.kind] = self.rows[saved.kind].state()
                changes = changes | done
        except ValidationError as exc:
            self._show_problems({record.kind: exc.problems})
            self.state.setText("Not saved: fix the marked checks")
            return False
        except StoreError as exc:
            self.general.setText(f"⚠ Not saved: {exc}")
            self.general.show()
            return False
        finally:
            if changes:  # even a partial save must reach the other pages
                self.changed.emit(changes)
        self.state.setText(f"Saved at {self.store.now().astimezone(UK):%H:%M}")
        if records and self.member is not None:
            listed = ", ".join(r.kind.spec.short for r in records)
            self.saved_message.emit(f"Saved {counted(len(records), 'recruitment check')} for "
                                    f"{self.member.full_name}: {listed}.")
        return True

    def discard(self) -> None:
        """Show the saved checks again."""
        self.show_member(self.member, self.saved, self.today)
