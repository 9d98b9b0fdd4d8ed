"""The course catalogue refuses a name that differs from another course's only in capitals or spaces, saying so
at the Name field."""

from __future__ import annotations

from carehome_desk.store import Store
from carehome_desk.ui.main_window import MainWindow
from carehome_desk.ui.workforce.course_catalogue_dialog import CourseCatalogueDialog
from carehome_desk.ui.workforce.training_matrix_page import TrainingMatrixPage


def test_a_course_named_like_another_is_refused_at_the_name(qtbot, home_store: Store, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = next(p for p in window.pages if isinstance(p, TrainingMatrixPage))
    window.nav.setCurrentRow(window.pages.index(page))
    page.courses_button.click()
    dialog = page.dialog
    assert isinstance(dialog, CourseCatalogueDialog)
    before = len(home_store.workforce.courses(include_archived=True))
    dialog.new_course()
    qtbot.keyClicks(dialog.name, " first AID ")
    assert not dialog.save()
    error = dialog.fields.errors["name"]
    assert error.isVisible() and "There is already a course called First aid" in error.text()
    assert not dialog.general.isVisible()  # said at the field, not only in a general line
    assert len(home_store.workforce.courses(include_archived=True)) == before
