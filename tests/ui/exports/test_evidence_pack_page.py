"""The Evidence pack page: preview, export off the GUI thread, cancel leaves nothing behind."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtWidgets import QFileDialog

from carehome_desk.models.children import ChildDetails
from carehome_desk.models.incidents import IncidentDetails, IncidentType
from carehome_desk.progress import Progress
from carehome_desk.store import Store
from carehome_desk.ui.exports.evidence_pack_page import EvidencePackPage
from carehome_desk.ui.main_window import MainWindow
from tests.conftest import FIXED_NOW


def page_of(window: MainWindow) -> EvidencePackPage:
    page = next(p for p in window.pages if isinstance(p, EvidencePackPage))
    window.nav.setCurrentRow(window.pages.index(page))
    return page


def test_defaults_preview_and_period_checks(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = page_of(window)
    assert page.chosen_urns() == ("SC123456",)
    assert page.start.text() == "22/04/2026"  # the fixture home's last full inspection
    page.preview()
    lines = [page.preview_list.item(i).text() for i in range(page.preview_list.count())]
    assert lines[0].startswith("Cover, and Annex A for 22/04/2026 to 22/11/2026")
    assert any(line.startswith("Restraint log: no rows —") for line in lines)
    assert page.gaps.isVisible() and "no self-evaluation" in page.gaps.text()
    page.end.line.setText("01/01/2026")
    page.preview()
    assert page.period_error.isVisible()
    assert "ends (01/01/2026) before it starts (22/04/2026)" in page.period_error.text()


def test_a_period_after_today_is_refused_and_one_ending_after_today_stops_at_today(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow) -> None:
    """The CLI's rule, from the same function: a start after today is refused with both dates; an end
    after today is taken, and the preview says the pack stops at today."""
    page = page_of(window)
    page.start.line.setText("01/01/2027")
    page.end.line.setText("31/01/2027")
    page.preview()
    assert page.period_error.isVisible()
    assert "starts on 01/01/2027, after today (22/11/2026)" in page.period_error.text()
    page.start.line.setText("01/06/2026")
    page.end.line.setText("31/12/2026")
    page.preview()
    assert not page.period_error.isVisible()
    first = page.preview_list.item(0).text()
    assert first == ("Cover, and Annex A for 01/06/2026 to 22/11/2026 — The period asked for ends on 31/12/2026, "
                     "after today: the pack covers 01/06/2026 to today, 22/11/2026.")


def test_the_preview_counts_in_words_and_wraps_at_a_laptops_width(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                                   home_store: Store) -> None:
    home = home_store.homes.list()[0]
    child, _ = home_store.children.add(home.id, ChildDetails("C-1", "AB", date(2012, 5, 1), date(2025, 1, 6)))
    home_store.incidents.add(home.id, IncidentDetails(IncidentType.COMPLAINT, FIXED_NOW - timedelta(days=10),
                                                      (child.id,), "About the food"))
    window.resize(1366, 768)  # a laptop's whole screen
    page = page_of(window)
    page.reload()
    page.preview()
    qtbot.waitUntil(lambda: page.preview_list.count() > 3)
    lines = [page.preview_list.item(i).text() for i in range(page.preview_list.count())]
    assert any(line.startswith("Complaints: 1 row —") for line in lines), lines
    assert any(line.startswith("Allegations: no rows —") for line in lines), lines
    assert not any(" 1 rows" in line or ": 0 rows" in line for line in lines), lines
    # Every line, sheet notes included, is read without scrolling sideways: wrapped to the list's width.
    view = page.preview_list
    assert view.horizontalScrollBar().maximum() == 0
    assert page.scroll_area.horizontalScrollBar().maximum() == 0
    width = view.viewport().width()
    longest = max(range(view.count()), key=lambda i: len(lines[i]))
    assert view.fontMetrics().horizontalAdvance(lines[longest]) > width  # too long for one line at this width
    rect = view.visualItemRect(view.item(longest))
    assert rect.right() <= width and rect.height() >= 2 * view.fontMetrics().height()  # so it takes two or more


def test_export_runs_off_the_gui_thread_and_writes_the_workbook(qtbot, window: MainWindow, tmp_path: Path,
                                                                 monkeypatch) -> None:  # type: ignore[no-untyped-def]
    page = page_of(window)
    target = tmp_path / "pack"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    with qtbot.waitSignal(page.runner.finished, timeout=60_000):
        page.export()
    saved = tmp_path / "pack.xlsx"
    assert saved.exists() and "Saved" in page.result.text() and page.open_folder.isVisible()
    assert "Annex A" in load_workbook(saved).sheetnames


def test_cancel_writes_nothing(qtbot, window: MainWindow, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    page = page_of(window)
    target = tmp_path / "pack.xlsx"
    target.write_bytes(b"the old pack")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))

    def cancelling(on_report):  # type: ignore[no-untyped-def]
        progress = Progress(on_report)
        progress.cancel()
        return progress

    page.runner.progress_factory = cancelling
    with qtbot.waitSignal(page.runner.finished, timeout=60_000):
        page.export()
    assert target.read_bytes() == b"the old pack"
    assert "cancelled" in page.result.text()
    assert [p.name for p in tmp_path.iterdir() if ".xlsx" in p.name] == ["pack.xlsx"]  # no partial file


def test_names_recommend_protection_and_the_password_fields_are_checked(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QLineEdit

    page = page_of(window)
    assert not page.names_warning.isVisible() and not page.password_fields.isVisible()
    page.include_names.setChecked(True)
    assert page.names_warning.isVisible() and "Recommended: tick “Protect with a password”" in page.names_warning.text()
    page.protect.setChecked(True)
    assert page.names_warning.isVisible() and "Recommended" not in page.names_warning.text()
    fields = page.password_fields
    assert fields.password.isVisible() and fields.confirm.isVisible()
    for field in (fields.password, fields.confirm):
        assert field.echoMode() == QLineEdit.EchoMode.Password and field.accessibleName().startswith("Password for")
    qtbot.keyClicks(fields.password, "short")
    page.export()  # refused at the fields: no file dialog (an unexpected one fails the test)
    assert fields.error.isVisible() and "at least 10 characters" in fields.error.text()
    qtbot.keyClicks(fields.password, " but now long")
    qtbot.keyClicks(fields.confirm, "short but now lonG")
    page.export()
    assert "not the same" in fields.error.text()
    fields.confirm.clear()
    qtbot.keyClicks(fields.confirm, "short but now long")
    assert not fields.error.isVisible()  # the message goes as soon as they match
    page.protect.setChecked(False)
    assert page.password_fields.text() == "" and "Recommended" in page.names_warning.text()


def test_a_protected_export_writes_an_encrypted_workbook(qtbot, window: MainWindow, tmp_path: Path,
                                                         monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import io

    from tests.export.protected_data import PASSWORD, decrypt

    page = page_of(window)
    page.protect.setChecked(True)
    qtbot.keyClicks(page.password_fields.password, PASSWORD)
    qtbot.keyClicks(page.password_fields.confirm, PASSWORD)
    target = tmp_path / "pack.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    with qtbot.waitSignal(page.runner.finished, timeout=60_000):
        page.export()
    assert "Saved" in page.result.text() and "Protected with the password" in page.result.text()
    assert target.read_bytes().startswith(bytes.fromhex("D0CF11E0A1B11AE1"))  # an Office-encrypted file, not a zip
    assert "Annex A" in load_workbook(io.BytesIO(decrypt(target, PASSWORD))).sheetnames
    assert page.password_fields.text() == page.password_fields.confirm.text() == ""  # not kept in the window once used
    assert [p.name for p in tmp_path.iterdir() if ".xlsx" in p.name] == ["pack.xlsx"]


def _lines(page: EvidencePackPage) -> list[str]:
    return [page.preview_list.item(i).text() for i in range(page.preview_list.count())]


def test_an_unusable_period_clears_the_preview_and_export_says_why_it_is_unavailable(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow) -> None:
    page = page_of(window)
    page.preview()
    assert _lines(page)[0].startswith("Cover, and Annex A for 22/04/2026 to 22/11/2026")
    assert page.gaps.isVisible() and page.export_button.isEnabled() and not page.export_unavailable.isVisible()
    page.start.line.setText("01/11/2026")
    page.end.line.setText("01/10/2026")
    page.preview()
    assert "ends (01/10/2026) before it starts (01/11/2026)" in page.period_error.text()
    # No counts of the period before under the error: the preview says why it is empty.
    assert _lines(page) == ["No preview: the period above cannot be used (see ⚠). Correct it, then press Preview."]
    assert not page.gaps.isVisible()
    assert not page.export_button.isEnabled()
    assert page.export_unavailable.isVisible()
    assert page.export_unavailable.text() == "Export is unavailable until the period above is corrected."
    for why in (page.export_button.toolTip(), page.export_button.accessibleDescription()):
        assert why.startswith("Export is unavailable: The period ends (01/10/2026) before it starts"), why
    # Put right by typing: Export is back at once, and the preview waits for Preview.
    page.end.line.clear()
    qtbot.keyClicks(page.end.line, "20/11/2026")
    assert page.export_button.isEnabled() and not page.export_unavailable.isVisible()
    assert not page.period_error.isVisible() and page.export_button.toolTip() == ""
    assert _lines(page) == ["Press Preview to see the sheets and the number of records in each."]
    page.preview()
    assert _lines(page)[0].startswith("Cover, and Annex A for 01/11/2026 to 20/11/2026")


def test_changed_choices_grey_the_counts_under_the_period_they_are_for_and_no_home_stops_export(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, monkeypatch) -> None:
    from PySide6.QtCore import Qt

    page = page_of(window)
    page.preview()
    counted = _lines(page)
    page.start.line.clear()
    qtbot.keyClicks(page.start.line, "01/06/2026")
    lines = _lines(page)
    assert lines[0] == ("Out of date: the counts below are for 22/04/2026 to 22/11/2026, the last preview. "
                        "Press Preview again for the homes and period above.")
    assert lines[1:] == counted
    enabled = [bool(page.preview_list.item(i).flags() & Qt.ItemFlag.ItemIsEnabled) for i in range(len(lines))]
    assert enabled == [True] + [False] * len(counted)  # the old counts greyed out
    assert not page.gaps.isVisible() and page.export_button.isEnabled()
    page.homes.item(0).setCheckState(Qt.CheckState.Unchecked)
    assert _lines(page)[0].startswith("Out of date:")  # marked once, not a line per change
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: pytest.fail("no file dialog without a home"))
    page.export()
    assert page.period_error.text() == "⚠ Tick at least one home."
    assert _lines(page) == ["No preview: tick at least one home above, then press Preview."]
    assert not page.export_button.isEnabled()
    assert page.export_unavailable.text() == "Export is unavailable until you tick at least one home."
    page.homes.item(0).setCheckState(Qt.CheckState.Checked)
    assert page.export_button.isEnabled() and not page.export_unavailable.isVisible()
    page.preview()
    assert _lines(page)[0].startswith("Cover, and Annex A for 01/06/2026 to 22/11/2026")
    assert all(page.preview_list.item(i).flags() & Qt.ItemFlag.ItemIsEnabled for i in range(page.preview_list.count()))


def test_the_preview_lists_provider_policy_gaps_apart_and_only_the_law_s_mark_a_draft(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, home_store: Store) -> None:
    from carehome_desk.export.evidence_pack import POLICY_LABEL
    from carehome_desk.models.evaluation import Evaluation
    from carehome_desk.models.quality import Action, ActionSource, Reg44Visit, Reg45Review

    hid = home_store.homes.list()[0].id
    home_store.quality.save_evaluation(Evaluation(hid, date(2026, 9, 1), "sccif-childrens-homes-2025", "September"))
    home_store.quality.save_visit(Reg44Visit(hid, "Jo Independent", date(2026, 11, 5),
                                             sent_to_ofsted_on=date(2026, 11, 10)))
    home_store.quality.save_review(Reg45Review(hid, date(2026, 3, 1), date(2026, 8, 31), completed_on=date(2026, 9, 20),
                                               sent_to_ofsted_on=date(2026, 10, 1)))
    home_store.quality.save_action(Action(hid, "Repaint the lounge", "Sam", date(2026, 11, 1), ActionSource.REG44))
    page = page_of(window)
    page.start.line.setText("01/11/2026")
    page.preview()
    late = "Oak Lodge (practice, not law): 1 overdue action (Repaint the lounge: 1)"
    assert page.gaps.isVisible() and page.gaps.text() == f"{POLICY_LABEL}:\n• {late}"
    home_store.quality.save_action(Action(hid, "Record restraints in full", "Sam", date(2026, 11, 10),
                                          ActionSource.OFSTED_REQUIREMENT, regulation="Reg 35(3)(a)"))
    page.preview()
    assert page.gaps.text() == ("It will be marked DRAFT — evidence incomplete:\n"
                                "• Oak Lodge: 1 overdue action (Record restraints in full: 1)\n\n"
                                f"{POLICY_LABEL}:\n• {late}")
