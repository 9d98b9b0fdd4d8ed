"""The Add DBS certificate dialog keeps every message, hint and field apart after a refused save."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QAbstractButton, QComboBox, QDialog, QLabel, QLineEdit, QWidget

from carehome_desk.models.staff import StaffDetails, StaffRole
from carehome_desk.store import Store
from carehome_desk.ui.workforce.dbs_dialogs import CertificateDialog

LEAVES = (QLabel, QLineEdit, QAbstractButton, QComboBox)


def boxes(dialog: QDialog) -> list[tuple[QWidget, QRect]]:
    """Every visible label, box and button, in the dialog's coordinates (a combo box's own parts left out)."""
    out = []
    for widget in dialog.findChildren(QWidget):
        if not isinstance(widget, LEAVES) or not widget.isVisible() or isinstance(widget.parentWidget(), QComboBox):
            continue
        out.append((widget, QRect(widget.mapTo(dialog, QPoint(0, 0)), widget.size())))
    return out


def overlaps(dialog: QDialog) -> list[str]:
    found = boxes(dialog)
    clashes = []
    for i, (a, ra) in enumerate(found):
        for b, rb in found[i + 1:]:
            if ra.intersects(rb):
                clashes.append(f"{a.objectName() or type(a).__name__} {getattr(a, 'text', lambda: '')()!r} × "
                               f"{b.objectName() or type(b).__name__} {getattr(b, 'text', lambda: '')()!r}")
    for widget, _ in found:  # a wrapped label squeezed below its text's height is cut off
        if isinstance(widget, QLabel) and widget.wordWrap() and widget.height() < widget.heightForWidth(widget.width()):
            clashes.append(f"cut: {widget.text()!r}")
    return clashes


def open_certificate_dialog(qtbot, home_store: Store) -> CertificateDialog:  # type: ignore[no-untyped-def]
    """Add DBS certificate, on show, for a new member of staff."""
    (home,) = home_store.homes.list()
    member, _ = home_store.staff.add(home.id, StaffDetails(full_name="Amy Lowe", role=StaffRole.RESIDENTIAL_WORKER,
                                                           start_date=date(2025, 1, 6)))
    dialog = CertificateDialog(home_store, member.id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_a_refused_save_pushes_the_hint_down_instead_of_over_it(qtbot, home_store: Store) -> None:  # type: ignore[no-untyped-def]
    dialog = open_certificate_dialog(qtbot, home_store)
    assert overlaps(dialog) == []
    dialog.number.setText("1234")
    assert not dialog.try_save()  # no issue date
    assert dialog.fields.errors["issue_date"].isVisible()
    qtbot.wait_until(lambda: dialog.fields.errors["issue_date"].height() > 0)
    assert overlaps(dialog) == []


def test_a_short_number_is_refused_with_the_date_not_after_it(qtbot, home_store: Store) -> None:  # type: ignore[no-untyped-def]
    dialog = open_certificate_dialog(qtbot, home_store)
    assert dialog.number.placeholderText() == "12 digits"
    qtbot.keyClicks(dialog.number, "1234")
    assert not dialog.try_save()  # no issue date either: both are said at once
    assert dialog.fields.errors["certificate_number"].isVisible()
    assert dialog.fields.errors["certificate_number"].text().endswith("A DBS certificate number is 12 digits; this has 4.")
    assert dialog.fields.errors["issue_date"].isVisible()
    dialog.issued.line.setText("10/02/2025")
    assert not dialog.try_save()  # with a good date, the number alone still stops it
    assert home_store.workforce.certificates_for(dialog.staff_id) == []
    dialog.number.setText("0012 3456 7890")
    assert dialog.try_save()
    (cert,) = home_store.workforce.certificates_for(dialog.staff_id)
    assert cert.certificate_number == "001234567890"


def test_the_hint_asks_for_nothing_the_certificate_discloses(qtbot, home_store: Store) -> None:  # type: ignore[no-untyped-def]
    (home,) = home_store.homes.list()
    member, _ = home_store.staff.add(home.id, StaffDetails(full_name="Amy Lowe", role=StaffRole.RESIDENTIAL_WORKER,
                                                           start_date=date(2025, 1, 6)))
    dialog = CertificateDialog(home_store, member.id)
    qtbot.addWidget(dialog)
    words = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "do not record anything the certificate discloses" in words
    assert "copy what it says" not in words
