"""The first frame made cheaply: Qt settings by number (ui/widgets/first_paint.py), no application style sheet.

The numbers are Qt's own; each is checked against its enum here. In a fresh process started as
`carehome-desk --db FILE` starts, none of the `Qt` namespace's enums exists yet when the kept tiles are
on show, while the window's widgets have the settings those numbers stand for. The application's style
sheet is set once the first frame is painted; the first frame looks the same without it.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QLabel, QMenu, QScrollArea

from carehome_desk.store import Store
from carehome_desk.ui.main_window import MainWindow
from carehome_desk.ui.widgets import first_paint
from carehome_desk.ui.widgets.first_paint import set_qt_properties
from carehome_desk.ui.widgets.style import APP_STYLE
from tests.ui.test_start_snapshot import (at_first_frame, controllers, early_window, first_run,  # noqa: F401 - fixtures
                                          plain_db)

__all__ = ["controllers", "plain_db"]


@pytest.mark.parametrize(("number", "member"), [
    (first_paint.NO_FOCUS, Qt.FocusPolicy.NoFocus),
    (first_paint.STRONG_FOCUS, Qt.FocusPolicy.StrongFocus),
    (first_paint.ALIGN_LEFT, Qt.AlignmentFlag.AlignLeft),
    (first_paint.ALIGN_TOP, Qt.AlignmentFlag.AlignTop),
    (first_paint.ALIGN_BOTTOM, Qt.AlignmentFlag.AlignBottom),
    (first_paint.ALIGN_CENTER, Qt.AlignmentFlag.AlignCenter),
    (first_paint.SCROLL_BAR_ALWAYS_OFF, Qt.ScrollBarPolicy.ScrollBarAlwaysOff),
    (first_paint.SCROLL_BAR_ALWAYS_ON, Qt.ScrollBarPolicy.ScrollBarAlwaysOn),
    (first_paint.DOWN_ARROW, Qt.ArrowType.DownArrow),
])
def test_each_number_is_qts_own_value(number: int, member: Enum) -> None:
    assert number == member.value


def test_settings_by_number_reach_the_widget_as_its_enums(qtbot) -> None:  # type: ignore[no-untyped-def]
    area, label = QScrollArea(), QLabel("Loading…")
    qtbot.addWidget(area)
    qtbot.addWidget(label)
    set_qt_properties(area, focusPolicy=first_paint.NO_FOCUS,
                      verticalScrollBarPolicy=first_paint.SCROLL_BAR_ALWAYS_ON)
    set_qt_properties(label, alignment=first_paint.ALIGN_LEFT | first_paint.ALIGN_BOTTOM)
    assert area.focusPolicy() == Qt.FocusPolicy.NoFocus
    assert area.verticalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOn
    assert label.alignment() == Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom


def test_a_name_that_is_not_a_qt_property_is_an_error_not_a_silent_dynamic_property(qtbot) -> None:  # type: ignore[no-untyped-def]
    label = QLabel()
    qtbot.addWidget(label)
    with pytest.raises(ValueError, match="focusPolicyy"):
        set_qt_properties(label, focusPolicyy=first_paint.NO_FOCUS)


def test_the_first_frame_is_shown_before_qts_enums_are_made(  # type: ignore[no-untyped-def]
        qtbot, controllers, plain_db: Path) -> None:  # noqa: F811 - the fixtures imported above
    """A fresh process, as `carehome-desk --db FILE`: at the first frame no enum of the `Qt` namespace has been
    made (its first use costs ~10 ms), yet the dashboard's scroll area and tiles have their settings."""
    first_run(qtbot, controllers, plain_db)
    got = at_first_frame(plain_db, (
        "'first frame' if not window.attached else 'usual start', "
        "repr(__import__('PySide6.QtWidgets').QtWidgets.QApplication.instance().styleSheet()), "
        "sorted({o.__qualname__ for o in __import__('gc').get_objects() if isinstance(o, __import__('enum').EnumType)"
        " and o.__qualname__.startswith('Qt.')}), "
        "int(window.dashboard.scroll_area.verticalScrollBarPolicy().value), "
        "sorted({int(w.focusPolicy().value) for w in window.dashboard.tiles.widgets})"))
    assert got == f"first frame '' [] {first_paint.SCROLL_BAR_ALWAYS_ON} [{first_paint.STRONG_FOCUS}]"


def test_the_applications_style_sheet_is_set_once_the_first_frame_is_painted(  # type: ignore[no-untyped-def]
        qtbot, controllers, plain_db: Path) -> None:  # noqa: F811 - the fixtures imported above
    first_run(qtbot, controllers, plain_db)
    controller = controllers()
    styled: list[bool] = []  # whether the store was attached when the sheet was set
    controller.app_style = lambda: styled.append(controller.window.attached)
    assert controller.start(plain_db, explicit=True)
    assert styled == []  # the first frame is shown without it
    window = controller.window
    qtbot.waitUntil(lambda: window.attached, timeout=20000)
    assert styled == [False]  # on the next turn, before the rest of the window is made


def test_a_usual_start_sets_the_applications_style_sheet_first(  # type: ignore[no-untyped-def]
        qtbot, controllers, plain_db: Path) -> None:  # noqa: F811 - the fixtures imported above
    controller = controllers()
    styled: list[object] = []
    controller.app_style = lambda: styled.append(controller.window)
    assert controller.start(plain_db, explicit=True)  # no snapshot yet
    assert styled == [None]  # before any window is made


def test_the_first_frame_looks_the_same_with_the_applications_style_sheet(  # type: ignore[no-untyped-def]
        qtbot, controllers, plain_db: Path) -> None:  # noqa: F811 - the fixtures imported above
    """The nav list, the banner and the labels by role carry their own looks in the first frame: setting the
    application's sheet once it is painted changes nothing on screen."""
    _, window = early_window(qtbot, controllers, plain_db)
    window.dashboard.busy.setText("Loading Oak Lodge…")
    window.resize(1100, 700)
    before = window.grab().toImage()
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    try:
        app.setStyleSheet(APP_STYLE)
        after = window.grab().toImage()
    finally:
        app.setStyleSheet("")
    assert after == before



def hook_reads_json(first: str) -> bool:
    """In a fresh process that loads ``json``, runs ``first`` and loads QtCore: whether PySide6's import hook
    reads json's source when a module imported afterwards imports it again."""
    import subprocess
    import sys

    code = (
        "import inspect, json\n"
        "read = []\n"
        "real = inspect.getsource\n"
        "inspect.getsource = lambda obj: read.append(getattr(obj, '__name__', '?')) or real(obj)\n"
        f"{first}\n"
        "import PySide6.QtCore\n"
        "exec('import json', {'__name__': 'a_window_module'})\n"
        "print('json' in read)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip() == "True"


def test_pysides_import_hook_does_not_read_the_modules_loaded_before_it() -> None:
    assert hook_reads_json("import PySide6")  # as PySide6 does on its own
    assert not hook_reads_json("import carehome_desk.ui.pyside_first")


def menu_entries(window: MainWindow) -> list[tuple[str, bool, list[tuple[str, str, bool]]]]:
    """Each menu's title, whether it opens, and its actions' (text, shortcut, enabled)."""
    entries = []
    for menu_action in window.menuBar().actions():
        menu = menu_action.menu()
        assert isinstance(menu, QMenu)
        entries.append((menu_action.text(), menu_action.isEnabled(),
                        [(a.text(), a.shortcut().toString(), a.isEnabled()) for a in menu.actions()]))
    return entries


def test_the_first_frames_menus_are_greyed_then_whole_once_the_store_is_attached(  # type: ignore[no-untyped-def]
        qtbot, controllers, plain_db: Path, qsettings: QSettings) -> None:  # noqa: F811 - the fixtures imported above
    """The first frame's menu bar has the four titles, greyed; once the store is attached it has every action and
    shortcut a window opened the usual way has."""
    with Store.open(plain_db, create=False) as store:
        usual = MainWindow(store, qsettings)
        qtbot.addWidget(usual)
        expected = menu_entries(usual)
        usual.close()
    assert ("&Lock", "Ctrl+L", True) in expected[0][2] and ("&Incidents", "Ctrl+6", True) in expected[2][2]
    _, window = early_window(qtbot, controllers, plain_db)
    assert menu_entries(window) == [("&File", False, []), ("&Edit", False, []), ("&View", False, []),
                                    ("&Help", False, [])]
    qtbot.waitUntil(lambda: window.attached, timeout=20000)
    assert menu_entries(window) == expected
