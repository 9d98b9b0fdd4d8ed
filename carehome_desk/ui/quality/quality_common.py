"""What the Quality page's tabs share: the tab contract, grade boxes, action status words and the Level 5 test."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QHeaderView, QTableView, QVBoxLayout, QWidget

from carehome_desk.reference.framework import sccif
from carehome_desk.models.dates import format_uk
from carehome_desk.models.home import Grade, Home
from carehome_desk.models.diplomas import manager_level5 as core_manager_level5
from carehome_desk.models.quality import Action, ActionSource, ActionStatus, action_requirement
from carehome_desk.models.settings import ProviderSettings
from carehome_desk.models.status import Status, classify
from carehome_desk.models.workforce import WorkforceSnapshot
from carehome_desk.store import Store
from carehome_desk.ui.widgets.status_style import STATUS_COLOURS, status_sentence

#: Done is good news: the pale bluish green the workforce pages use for "in date".
DONE_COLOUR = STATUS_COLOURS[Status.IN_DATE]
DROPPED_COLOUR = "#E6E6E6"


class QualityTab(QWidget):
    """One tab of the Quality page: shows one home's records and reports what it saved."""

    #: Emitted with Changes after the tab saved something.
    changed = Signal(object)
    #: A short message for the status bar.
    status_message = Signal(str)

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.home: Home | None = None

    def set_home(self, home: Home | None) -> None:
        """Show this home's records."""
        self.home = home
        self.reload()

    def reload(self) -> None:
        """Read the tab's records again."""

    def has_unsaved_changes(self) -> bool:
        """True when the tab holds edits not yet saved."""
        return False

    def save(self) -> bool:
        """Save pending edits; False if they could not be saved."""
        return True

    def discard(self) -> None:
        """Throw away pending edits."""

    def new_record(self) -> None:
        """Ctrl+N on this tab."""

    def focus_filter(self) -> None:
        """Ctrl+F on this tab."""

    def owner(self) -> str:
        """Who new actions belong to: the home's registered manager, else whoever is using the program."""
        return (self.home.registered_manager if self.home else "") or self.store.user


def slack_at_bottom(dialog: QWidget, before: QWidget) -> None:
    """Give a form dialog's spare height to a stretch above ``before`` (its buttons), not to gaps between rows.

    A dialog is first sized for its wrapped hints at a guessed width; at its real width they need fewer
    lines, and without a stretch the spare height opened gaps between a box and its hint.
    """
    layout = dialog.layout()
    if isinstance(layout, QVBoxLayout):
        layout.insertStretch(layout.indexOf(before), 1)


def grade_combo(name: str, empty: str = "Not graded") -> QComboBox:
    """A box with Ofsted's four grade words (and 'not graded'); the data is the grade's value."""
    combo = QComboBox()
    combo.setAccessibleName(name)
    combo.addItem(empty, None)
    for grade in Grade:
        combo.addItem(grade.label, grade.value)
    return combo


def combo_grade(combo: QComboBox) -> Grade | None:
    """The grade chosen in a grade box."""
    value = combo.currentData()
    return Grade(value) if value else None


def set_combo_grade(combo: QComboBox, grade: Grade | None) -> None:
    """Show a grade in a grade box."""
    combo.setCurrentIndex(max(0, combo.findData(grade.value)) if grade else 0)


def register_table(model: object, name: str) -> QTableView:
    """A sortable, read-only, row-selecting table for one of the quality registers."""
    table = QTableView()
    table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
    table.setModel(model)  # type: ignore[arg-type]
    table.setAccessibleName(name)
    table.setSortingEnabled(True)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    return table


# ---- actions ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ActionState:
    """Where an action stands today, as a word with a colour behind it."""

    word: str
    colour: str | None
    urgency: int  # 0 overdue … 5 dropped, for sorting
    overdue: bool
    sentence: str


def action_state(a: Action, today: date, window_days: int) -> ActionState:
    """'Overdue', 'Due soon', 'Open', 'In progress', 'Done', 'Done late' or 'Dropped', with what it means."""
    if a.status is ActionStatus.DONE:
        late = a.completed_on is not None and a.completed_on > a.due
        return ActionState("Done late" if late else "Done", DONE_COLOUR, 4, False,
                           f"Done {format_uk(a.completed_on)}; it was due {format_uk(a.due)}")
    if a.status is ActionStatus.DROPPED:
        return ActionState("Dropped", DROPPED_COLOUR, 5, False, "Dropped: no longer needed")
    req = action_requirement(a, today, window_days)  # the status `due` and Needs action give it
    status = req.status if req is not None else classify(a.due, today, window_days)
    progress = a.status.label.lower()
    if status is Status.OVERDUE:
        word = "Overdue" if a.status is ActionStatus.OPEN else "Overdue (in progress)"
        return ActionState(word, STATUS_COLOURS[Status.OVERDUE], 0, True,
                           f"Overdue: was due {format_uk(a.due)}; {progress}")
    if status is Status.DUE_SOON:
        return ActionState("Due soon", STATUS_COLOURS[Status.DUE_SOON], 1, False,
                           f"Due soon: due {format_uk(a.due)}; {progress}")
    return ActionState(a.status.label, None, 2 if a.status is ActionStatus.IN_PROGRESS else 3, False,
                       f"{a.status.label}: due by {format_uk(a.due)}")


def criterion_title(criterion_id: str) -> str:
    """'HP3 Restraint and behaviour support', or the id alone when the current framework has no such criterion."""
    try:
        return f"{criterion_id} {sccif().criterion(criterion_id).title}"
    except KeyError:
        return criterion_id


def source_text(a: Action) -> str:
    """Where the action came from, with the regulation or Guide paragraph it cites."""
    parts = [a.source.label]
    if a.regulation:
        parts.append(a.regulation)
    if a.source_ref:
        parts.append(criterion_title(a.source_ref) if a.source is ActionSource.SELF_EVALUATION else a.source_ref)
    return " — ".join(parts)


# ---- the registered manager's Level 5 -----------------------------------------------------------


def manager_level5(snap: WorkforceSnapshot, settings: ProviderSettings, today: date) -> tuple[bool, str]:
    """Whether the registered manager's Level 5 is achieved, enrolled on track or validly deferred, in words.

    The same requirement the Staff page shows (reg 28): leadership cannot be outstanding without it.
    """
    level5 = core_manager_level5(snap, settings, today)
    req = level5.requirement
    if req is None:
        return False, "No registered manager is recorded on the Staff page, so the Level 5 cannot be shown."
    ok = level5.ok
    word = ("achieved" if level5.met else "enrolled and on track" if ok and level5.enrolled else "validly deferred"
            if ok else "not achieved, and neither on track nor deferred")
    return ok, f"{req.subject}'s Level 5 is {word} ({req.detail}; {status_sentence(req).lower()})."
