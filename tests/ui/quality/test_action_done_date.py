"""The action dialog's Done on date: filled in when Done is chosen, put aside again when it is not."""

from __future__ import annotations

from datetime import date

from carehome_desk.models.quality import Action, ActionStatus
from carehome_desk.store import Store
from carehome_desk.ui.quality.action_dialog import ActionDialog


def test_choosing_open_again_takes_away_the_date_done_filled_in(qtbot, home_store: Store) -> None:  # type: ignore[no-untyped-def]
    home = home_store.homes.list()[0]
    dialog = ActionDialog(home_store, Action(home.id, "", "Sam", date(2027, 2, 1)))
    qtbot.addWidget(dialog)
    dialog.title_box.setPlainText("Check the fire log weekly")

    dialog.status.setCurrentIndex(dialog.status.findData(ActionStatus.DONE.value))
    assert dialog.completed.text() == "22/11/2026"  # today, filled in
    dialog.status.setCurrentIndex(dialog.status.findData(ActionStatus.OPEN.value))
    assert dialog.completed.text() == ""

    assert dialog.try_save()
    saved = next(a for a in home_store.quality.actions(home.id) if a.title == "Check the fire log weekly")
    assert saved.status is ActionStatus.OPEN and saved.completed_on is None


def test_a_date_typed_for_done_comes_back_when_done_is_chosen_again(qtbot, home_store: Store) -> None:  # type: ignore[no-untyped-def]
    home = home_store.homes.list()[0]
    dialog = ActionDialog(home_store, Action(home.id, "Fix the fire door", "Sam", date(2026, 12, 1)))
    qtbot.addWidget(dialog)
    dialog.status.setCurrentIndex(dialog.status.findData(ActionStatus.DONE.value))
    dialog.completed.line.setText("20/11/2026")

    dialog.status.setCurrentIndex(dialog.status.findData(ActionStatus.OPEN.value))
    assert dialog.completed.text() == ""
    dialog.status.setCurrentIndex(dialog.status.findData(ActionStatus.DONE.value))

    assert dialog.completed.text() == "20/11/2026"
    assert dialog.try_save()
    saved = next(a for a in home_store.quality.actions(home.id) if a.title == "Fix the fire door")
    assert saved.status is ActionStatus.DONE and saved.completed_on == date(2026, 11, 20)
