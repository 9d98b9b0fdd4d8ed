"""Add or edit a Reg 44 visit: who, when, the report's journey to Ofsted, the opinion and the recommendations."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QMessageBox, QPlainTextEdit, QWidget

from carehome_desk.models.changes import Changes
from carehome_desk.models.dates import DateFormatError, format_uk
from carehome_desk.models.ids import HomeId
from carehome_desk.models.quality import Action, Reg44Visit, recommendation_lines, validate_visit
from carehome_desk.models.recommendations import recommendation_actions, recommendation_edit
from carehome_desk.store import Store, ValidationError
from carehome_desk.ui.widgets.date_field import DateField
from carehome_desk.ui.widgets.field_form import RecordDialog, as_read, every_problem, hint_of, read_date
from carehome_desk.ui.quality.quality_common import slack_at_bottom


def ask_about_removed(parent: QWidget, removed: list[tuple[str, Action]]) -> bool | None:
    """Ask what becomes of the open actions of recommendations taken off a visit: True to drop them, False to keep
    them open, None to go back to the form."""
    listed = "\n".join(f"\u2022 \u201c{text}\u201d: " + ("its action is" if a.title == text
                                                               else f"its action \u201c{a.title}\u201d is")
                       + f" due {format_uk(a.due)}" for text, a in removed)
    one = len(removed) == 1
    box = QMessageBox(QMessageBox.Icon.Question, "Recommendation removed",
                      f"You removed {'a recommendation' if one else f'{len(removed)} recommendations'} whose "
                      f"action{' is' if one else 's are'} still open:\n{listed}\n\nDrop the "
                      f"action{'' if one else 's'} (kept in the action plan as Dropped), or keep "
                      f"{'it' if one else 'them'} open? Either way the action's note says the recommendation "
                      "was removed.", QMessageBox.StandardButton.NoButton, parent)
    drop = box.addButton("&Drop the action" + ("" if one else "s"), QMessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton("&Keep " + ("it" if one else "them") + " open", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("&Go back", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.exec()
    clicked = box.clickedButton()
    return True if clicked is drop else False if clicked is keep else None


def ask_about_retyped(parent: QWidget, retyped: list[tuple[str, str, Action]]) -> bool | None:
    """Ask whether lines typed over, whose actions are already done or dropped, are the same recommendations
    corrected (True: they keep those actions) or new ones (False: each gets a new action); None to go back."""
    listed = "\n".join(f"\u2022 \u201c{old}\u201d \u2192 \u201c{new}\u201d: its action is "
                       f"{a.status.label.lower()}" for old, new, a in retyped)
    one = len(retyped) == 1
    box = QMessageBox(QMessageBox.Icon.Question, "Recommendation reworded",
                      f"You changed the wording of {'a recommendation' if one else f'{len(retyped)} recommendations'}"
                      f" whose action{' is' if one else 's are'} already closed:\n{listed}\n\nIs "
                      f"{'it the same recommendation' if one else 'each the same recommendation'}, corrected (it "
                      f"keeps its closed action), or a new one (a new action is raised, due a month after the visit, "
                      f"and the old action stays as it is, with a note)?", QMessageBox.StandardButton.NoButton, parent)
    new = box.addButton("A &new recommendation" if one else "&New recommendations", QMessageBox.ButtonRole.AcceptRole)
    same = box.addButton("The &same, corrected", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton("&Go back", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(new)
    box.exec()
    clicked = box.clickedButton()
    return True if clicked is same else False if clicked is new else None


def mark_lines(box: QPlainTextEdit) -> None:
    """Number each line as loaded (0 for the first), so a line typed over is known as the same line."""
    block = box.document().firstBlock()
    while block.isValid():
        block.setUserState(block.blockNumber())
        block = block.next()


class NumberFollowsText(QObject):
    """Enter at the very start of a line moves its text down and leaves an empty line where it was; Qt keeps the
    line's number on that empty line, so a new recommendation typed there would count as the old one typed over
    (and take its action). Here the number goes down with the text instead."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt naming
        if (isinstance(watched, QPlainTextEdit) and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent) and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
            cursor = watched.textCursor()
            if not cursor.hasSelection() and cursor.positionInBlock() == 0 and cursor.block().length() > 1:
                cursor.insertBlock()  # the line's text is now on the next line; the number still on this one
                moved, left = cursor.block(), cursor.block().previous()
                moved.setUserState(left.userState())
                left.setUserState(-1)
                watched.setTextCursor(cursor)
                return True
        return False


def lines_in_place(box: QPlainTextEdit, count: int) -> dict[int, int]:
    """Earlier number to number now of each line still in the line it was loaded in (typed over or not); a line
    typed new, pasted, or split off by Enter has no earlier number."""
    found: dict[int, int] = {}
    number = 0
    block = box.document().firstBlock()
    while block.isValid():
        lines = recommendation_lines(block.text())
        earlier = block.userState() + 1
        if lines and 0 < earlier <= count and earlier not in found:
            found[earlier] = number + 1
        number += len(lines)
        block = block.next()
    return found


def _text_box(lines: int) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    box.setFixedHeight(box.fontMetrics().lineSpacing() * lines + 14)
    return box


class Reg44Dialog(RecordDialog):
    """A visit's record; each new recommendation becomes an action for the registered manager, due in a month."""

    def __init__(self, store: Store, home_id: HomeId, owner: str, visit: Reg44Visit | None = None,
                 parent: QWidget | None = None):
        super().__init__("Edit Reg 44 visit" if visit else "New Reg 44 visit",
                         "Reg 44: an independent person visits at least once a month (visits may be unannounced) "
                         "and reports whether children are effectively safeguarded and whether the conduct of the "
                         "home promotes their well-being.", parent)
        self.store = store
        self.home_id = home_id
        self.owner = owner
        self.visit = visit
        self.saved: Reg44Visit | None = None
        self.new_actions = 0
        self.corrected = 0  # recommendations whose wording changed, each keeping its action
        self.removed_open: tuple[int, bool] = (0, False)  # open actions of removed lines, and whether dropped
        today = store.today()
        self.visitor = QLineEdit()
        self.visitor.setMaxLength(200)
        self.visited = DateField(today)
        self.announced = QCheckBox("Announced in advance")
        self.received = DateField(today)
        self.sent = DateField(today)
        self.opinion = _text_box(3)
        self.recommendations = _text_box(4)
        self.fields.add("visitor", "&Independent person", self.visitor)
        self.fields.add("visited_on", "&Visit date", self.visited)
        self.fields.add("announced", "", self.announced)
        self.fields.add("report_received_on", "&Report received", self.received)
        holder = self.fields.add("sent_to_ofsted_on", "&Sent to Ofsted", self.sent, hint=" ")
        hint = hint_of(holder)
        assert isinstance(hint, QLabel)
        self.due_hint = hint
        self.opinion.setPlaceholderText("In the visitor's words: are children effectively safeguarded? Does the "
                                        "conduct of the home promote their well-being?")
        self.recommendations.setPlaceholderText("One recommendation a line")
        self.fields.add("safeguarded_opinion", "&Opinion", self.opinion)
        holder = self.fields.add("recommendations", "Recommen&dations", self.recommendations,
                                 hint="Each new line becomes an action, due a month after the visit."
                                 + (" Correcting a line where it stands keeps its action, which keeps its own "
                                    "wording (a done one only if you say it is the same recommendation); removing "
                                    "a line whose action is open asks what to do with it." if visit else ""))
        self.recommendations_hint = hint_of(holder)
        for label in (hint, self.recommendations_hint):
            if isinstance(label, QLabel):  # a wrapped hint given more room than it needs sits under its box
                label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        v = visit
        self.visitor.setText(v.visitor if v else "")
        self.visited.set_value(v.visited_on if v else today)
        self.announced.setChecked(v.announced if v else False)
        self.received.set_value(v.report_received_on if v else None)
        self.sent.set_value(v.sent_to_ofsted_on if v else None)
        self.opinion.setPlainText(v.safeguarded_opinion if v else "")
        self.recommendations.setPlainText("\n".join(v.recommendations) if v else "")
        mark_lines(self.recommendations)
        self.recommendations.installEventFilter(NumberFollowsText(self.recommendations))
        self.visited.edited.connect(self._show_due)
        self.visited.line.textChanged.connect(lambda _t: self._show_due())
        self._show_due()
        self.setMinimumWidth(680)
        slack_at_bottom(self, self.buttons)
        self.visitor.setFocus()

    def _show_due(self) -> None:
        try:
            visited = self.visited.value()
        except DateFormatError:
            visited = None
        if visited is None:
            self.due_hint.setText("Ofsted's requirement (SCCIF): the report reaches Ofsted before the end of the "
                                  "month after the visit.")
            return
        due = Reg44Visit(self.home_id, "", visited).report_due
        self.due_hint.setText(f"Ofsted's requirement (SCCIF): before the end of the month after the visit — by "
                              f"{format_uk(due)}. The independent person sends it, quoting the URN and visit date.")

    def on_screen(self) -> tuple[Reg44Visit, dict[str, str]]:
        """The visit as typed, and every problem with it (a date that cannot be read is one)."""
        problems: dict[str, str] = {}
        visited = read_date(self.visited, "visited_on", problems)
        if visited is None and "visited_on" not in problems:
            problems["visited_on"] = "Enter the date of the visit."
        received = read_date(self.received, "report_received_on", problems)
        sent = read_date(self.sent, "sent_to_ofsted_on", problems)
        base = self.visit or Reg44Visit(self.home_id, "", self.store.today())

        def typed(stand_in: date) -> Reg44Visit:
            return replace(base, visitor=self.visitor.text().strip(), visited_on=visited or stand_in,
                           announced=self.announced.isChecked(),
                           report_received_on=as_read(received, "report_received_on", problems, stand_in),
                           sent_to_ofsted_on=as_read(sent, "sent_to_ofsted_on", problems, stand_in),
                           safeguarded_opinion=self.opinion.toPlainText().strip(),
                           recommendations=recommendation_lines(self.recommendations.toPlainText()))

        today = self.store.today()
        return typed(base.visited_on), every_problem(problems, lambda s: validate_visit(typed(s), today))

    def write(self) -> Changes:
        visit, problems = self.on_screen()
        if problems:
            raise ValidationError(problems)
        # The store raises an action for each recommendation added, in the same transaction.
        before = tuple(self.visit.recommendations) if self.visit else ()
        in_place = lines_in_place(self.recommendations, len(before)) if self.visit else {}
        edit = recommendation_edit(before, visit.recommendations, in_place)
        pairs = recommendation_actions(self.visit, self.store.quality.actions(self.home_id)) if self.visit else []
        retyped = [(n, before[n - 1], visit.recommendations[now - 1], a) for n, now in edit.kept.items()
                   if now in edit.reworded and (a := pairs[n - 1][1]) is not None and a.status.closed]
        if retyped:  # a closed action never stands for a reworded line unless the manager says it is the same
            same = ask_about_retyped(self, [(old, new, a) for _, old, new, a in retyped])
            if same is None:
                raise ValidationError({"recommendations": "Not saved: say whether the reworded line is the same "
                                                          "recommendation or a new one."})
            if not same:
                in_place = {n: now for n, now in in_place.items() if n not in {r[0] for r in retyped}}
                edit = recommendation_edit(before, visit.recommendations, in_place)
        drop = False
        if self.visit is not None and edit.removed:
            open_ones = [(text, a) for n, (text, a) in enumerate(pairs, start=1)
                         if n in edit.removed and a is not None and a.visit_id is not None and not a.status.closed]
            if open_ones:
                answer = ask_about_removed(self, open_ones)
                if answer is None:
                    raise ValidationError({"recommendations": "Not saved: put the line back, or save again and "
                                                              "say what happens to its action."})
                drop = answer
                self.removed_open = (len(open_ones), drop)
        self.saved, changes = self.store.quality.save_visit(visit, owner=self.owner, drop_removed=drop,
                                                            in_place=in_place)
        self.new_actions = len(edit.added) if self.owner else 0
        self.corrected = len(edit.reworded)
        return changes
