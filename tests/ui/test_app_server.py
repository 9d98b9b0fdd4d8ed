"""The window on a server database: it opens a PostgreSQL URL as it opens a file, with no lock file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QSettings

from carehome_desk.models.changes import Register
from carehome_desk.models.staff import StaffDetails, StaffRole
from carehome_desk.store import Store
from carehome_desk.ui.app import AppController
from carehome_desk.ui.settings.home_page import HomePage
from tests.conftest import oak_lodge
from tests.pg_server import PgServer


def test_the_window_opens_a_server_database_and_takes_no_lock(qtbot, qsettings: QSettings,  # type: ignore[no-untyped-def]
                                                              pg_server: PgServer, data_home: Path) -> None:
    name = pg_server.new_database()
    url = pg_server.url(name)
    with Store.open(url) as store:
        store.homes.add(oak_lodge())
    controller = AppController(qsettings)
    try:
        assert controller.start(url, explicit=True)
        window = controller.window
        qtbot.addWidget(window)
        assert controller.lock is None  # several office PCs share a server database by design
        home_page = next(page for page in window.pages if isinstance(page, HomePage))
        window.nav.setCurrentRow(window.pages.index(home_page))
        assert home_page.heading.text() == "Oak Lodge"
        assert "127.0.0.1" in window.where.text()
        assert qsettings.value("app/last_database") is None  # only a file is remembered as the last one
        assert not list(data_home.glob("**/*.lock"))
    finally:
        if controller.window is not None:
            controller.window.close()
        controller.shutdown()
        pg_server.drop(name)


def test_a_save_on_another_pc_shows_in_the_open_window(qtbot, qsettings: QSettings,  # type: ignore[no-untyped-def]
                                                       pg_server: PgServer) -> None:
    name = pg_server.new_database()
    url = pg_server.url(name)
    with Store.open(url) as store:
        home, _ = store.homes.add(oak_lodge())
    controller = AppController(qsettings)
    try:
        assert controller.start(url, explicit=True)
        window = controller.window
        qtbot.addWidget(window)
        with Store.open(url, user="the other PC") as other:
            other.staff.add(home.id, StaffDetails("Sam Oakley", StaffRole.RESIDENTIAL_WORKER, date(2026, 1, 5)))
        # The promise: within 2 s (the window asks every 0.75 s).
        with qtbot.waitSignal(window.data_changed, timeout=2000,
                              check_params_cb=lambda changes: changes.touches(Register.STAFF)):
            pass
        window.nav.setCurrentRow(window.pages.index(window.staff_page))  # a page reads when shown
        model = window.staff_page.model
        assert [model.record(r).member.full_name for r in range(model.rowCount())] == ["Sam Oakley"]
    finally:
        if controller.window is not None:
            controller.window.close()
        controller.shutdown()
        pg_server.drop(name)


def test_a_reg44_visitor_opens_the_window_on_their_one_home(qtbot, qsettings: QSettings,  # type: ignore[no-untyped-def]
                                                            pg_server: PgServer) -> None:
    from carehome_desk.store.access import Access, grant

    name = pg_server.new_database()
    with Store.open(pg_server.url(name)) as store:
        oak, _ = store.homes.add(oak_lodge())
        store.homes.add(oak_lodge(name="Birch House", urn="SC654321"))
        grant(store.engine, "vera", Access.VISITOR, int(oak.id))
    controller = AppController(qsettings)
    try:
        assert controller.start(pg_server.url(name, user="vera"), explicit=True)  # opening writes nothing
        window = controller.window
        qtbot.addWidget(window)
        homes = [window.home_combo.itemText(i) for i in range(window.home_combo.count())]
        assert homes == ["Oak Lodge (SC123456)"]  # Birch House is not hers to see
        assert "[vera]" in window.where.text()
    finally:
        if controller.window is not None:
            controller.window.close()
        controller.shutdown()
        pg_server.drop(name)


def test_file_connect_to_a_server_opens_it_and_refuses_a_file_path(qtbot, qsettings: QSettings, monkeypatch,  # type: ignore[no-untyped-def]
                                                                   pg_server: PgServer, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QMessageBox

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text: shown.append(text))
    name = pg_server.new_database()
    with Store.open(pg_server.url(name)) as store:
        store.homes.add(oak_lodge())
    controller = AppController(qsettings)
    try:
        assert not controller.connect_to(str(tmp_path / "carehome.sqlite3"))
        assert shown and "is not a server's address" in shown[0] and controller.window is None
        assert controller.connect_to(pg_server.url(name).replace("+psycopg", ""))
        qtbot.addWidget(controller.window)
        assert controller.store is not None and controller.store.path is None
    finally:
        if controller.window is not None:
            controller.window.close()
        controller.shutdown()
        pg_server.drop(name)
