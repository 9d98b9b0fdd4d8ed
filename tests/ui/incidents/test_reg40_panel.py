"""Reg 40: the decision, who must be told, and a notification recorded through the dialog."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from carehome_desk.services.due import due_items
from carehome_desk.models.incidents import Recipient, Reg40
from carehome_desk.store import Store
from carehome_desk.ui.incidents.incidents_page import IncidentsPage
from carehome_desk.ui.main_window import MainWindow
from carehome_desk.ui.incidents.notification_dialog import NotificationDialog
from tests.ui.incident_data import Home, add_children_and_incidents

TODAY = date(2026, 11, 22)


@pytest.fixture
def home(home_store: Store) -> Home:
    return add_children_and_incidents(home_store)


def open_incident(window: MainWindow, incident_id: int) -> IncidentsPage:
    page = next(p for p in window.pages if isinstance(p, IncidentsPage))
    window.nav.setCurrentRow(window.pages.index(page))
    assert page.show_incident(incident_id)  # type: ignore[arg-type]
    return page


def due_keys(store: Store, incident_id: int) -> set[str]:
    """The due list's keys for one incident."""
    return {i.requirement.key for i in due_items(store, TODAY) if i.requirement.subject_id == incident_id}


def record(qtbot, window: MainWindow, page: IncidentsPage, recipient: Recipient, day: str, hhmm: str,  # type: ignore[no-untyped-def]
           reference: str = "") -> NotificationDialog:
    page.editor.reg40.record_button.click()
    dialog = page.editor.dialog
    assert isinstance(dialog, NotificationDialog) and dialog.isVisible()
    dialog.recipient.setCurrentIndex(dialog.recipient.findData(recipient.value))
    dialog.sent_at.date.line.setText(day)
    dialog.sent_at.time.setText(hhmm)
    if reference:
        qtbot.keyClicks(dialog.reference, reference)
    with qtbot.waitSignal(window.data_changed, timeout=2000):
        dialog.save_button.click()
    assert not dialog.isVisible()
    return dialog


def test_recording_a_notification_marks_the_recipient_sent_and_clears_it_from_due(qtbot, home: Home, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = open_incident(window, home.police)
    panel = page.editor.reg40
    assert panel.notifiable() is True and panel.chosen() == (Reg40.POLICE_SERIOUS,)
    assert panel.recipient_words() == {"Ofsted": "Not sent", "Placing authority": "Not sent"}
    ofsted_key = "incident:reg40:police_serious:ofsted"
    assert ofsted_key in due_keys(window.store, home.police)
    steps = dict((name, word) for word, name, _t in page.editor.steps.texts())
    assert steps["Ofsted notified (Reg 40(4)(b))"] == "Due"

    dialog = record(qtbot, window, page, Recipient.OFSTED, "21/11/2026", "20:15", "OF-2026-1182")
    assert dialog.recipient.itemText(0) == "Ofsted"  # those still to tell come first
    (note,) = window.store.incidents.get(home.police).notifications
    assert (note.recipient, note.paragraph, note.reference) == (Recipient.OFSTED, Reg40.POLICE_SERIOUS, "OF-2026-1182")
    assert panel.recipient_words() == {"Ofsted": "Sent", "Placing authority": "Not sent"}
    assert "reference OF-2026-1182" in panel.sent.text()
    assert not panel.warning.isVisible()
    assert ofsted_key not in due_keys(window.store, home.police)
    assert "incident:reg40:police_serious:placing_authority" in due_keys(window.store, home.police)
    steps = dict((name, word) for word, name, _t in page.editor.steps.texts())
    assert steps["Ofsted notified (Reg 40(4)(b))"] == "Done on time"


def test_an_ofsted_notification_without_a_reference_is_flagged(qtbot, home: Home, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = open_incident(window, home.police)
    record(qtbot, window, page, Recipient.OFSTED, "22/11/2026", "09:00")
    panel = page.editor.reg40
    assert panel.recipient_words()["Ofsted"] == "Sent"
    assert panel.warning.isVisible()
    assert panel.warning.text().startswith("⚠ No Ofsted reference is recorded for the notification sent "
                                           "22/11/2026 09:00.")


def test_a_notification_before_the_incident_is_refused_in_the_dialog(qtbot, home: Home, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = open_incident(window, home.police)
    page.editor.reg40.record_button.click()
    dialog = page.editor.dialog
    assert isinstance(dialog, NotificationDialog)
    assert dialog.sent_at.text() == "22/11/2026 10:00"  # now, by default
    dialog.sent_at.date.line.setText("20/11/2026")
    assert not dialog.try_save()
    assert dialog.fields.errors["sent_at"].text() == "⚠ The notification is before the incident."
    assert window.store.incidents.get(home.police).notifications == ()
    dialog.reject()


def test_the_decision_needs_a_reason_either_way_and_its_paragraph(qtbot, home: Home, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = open_incident(window, home.accident)
    panel = page.editor.reg40
    assert panel.notifiable() is None and not panel.record_button.isEnabled()
    assert not panel.paragraphs[Reg40.OTHER_SERIOUS].isEnabled()
    qtbot.mouseClick(panel.decision.button(1), Qt.MouseButton.LeftButton)  # Notifiable
    assert panel.paragraphs[Reg40.OTHER_SERIOUS].isEnabled()
    assert not page.save()
    assert panel.form.errors["reg40_paragraphs"].text() == "⚠ Choose the reg 40 paragraph it is notifiable under."
    assert panel.form.errors["reg40_rationale"].isVisible()
    qtbot.mouseClick(panel.paragraphs[Reg40.OTHER_SERIOUS].box, Qt.MouseButton.LeftButton)
    assert panel.recipient_words() == {"Ofsted": "Not sent", "Placing authority": "Not sent"}  # follows the tick
    qtbot.keyClicks(panel.rationale, "Head injury needing hospital checks.")
    assert page.save()
    saved = window.store.incidents.get(home.accident)
    assert saved.notifiable is True and saved.reg40_paragraphs == (Reg40.OTHER_SERIOUS,)
    assert panel.record_button.isEnabled()


def test_after_a_death_the_host_authority_follows_the_home_and_the_childs_placing_authority(  # type: ignore[no-untyped-def]
        qtbot, home: Home, window: MainWindow) -> None:
    page = open_incident(window, home.accident)  # AB, placed by Northmoor County Council
    panel = page.editor.reg40
    qtbot.mouseClick(panel.decision.button(1), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(panel.paragraphs[Reg40.DEATH].box, Qt.MouseButton.LeftButton)
    words = panel.recipient_words()
    assert words["Secretary of State"] == "Not sent" and words["Integrated care board"] == "Not sent"
    assert words["Host local authority"] == "Not sent"  # the home's own authority is not recorded yet
    lines = [" ".join(label.text() for label in row.findChildren(QLabel)) for row in panel._recipient_rows]
    (host_line,) = [line for line in lines if "<b>Host local authority</b>" in line]
    assert host_line.endswith("hours. Reg 40(1)(d): record the home's local authority on Home settings to know whether "
                              "this is needed.")
    page.discard()

    store = window.store
    oak = store.homes.get(home.home_id)
    store.homes.update(oak.id, replace(oak.details, local_authority="Northmoor"), expect_version=oak.version)
    page.reload()
    page = open_incident(window, home.accident)
    panel = page.editor.reg40
    qtbot.mouseClick(panel.decision.button(1), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(panel.paragraphs[Reg40.DEATH].box, Qt.MouseButton.LeftButton)
    assert panel.recipient_words()["Host local authority"] == "Not needed"
    page.editor.form.set_child(home.newer)  # EF, placed by Harrowdale: now the host authority must be told
    assert panel.recipient_words()["Host local authority"] == "Not sent"
    page.discard()
