"""File → Connect to a server…: a form an IT person fills in, the address built from it, plain words on failure,
and the password never on screen or in the log."""

from __future__ import annotations

import logging
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialog, QLineEdit

from carehome_desk.store import Store
from carehome_desk.ui.app import AppController
from carehome_desk.ui.settings.connect_dialog import ConnectDialog
from tests.conftest import oak_lodge
from tests.pg_server import SUPERUSER, PgServer

SECRET = "Tr0ub4dor-never-shown"


@pytest.fixture
def controller(qsettings: QSettings, data_home: Path) -> Iterator[AppController]:
    made = AppController(qsettings)
    yield made
    if made.window is not None:
        made.window.close()
    made.shutdown()


@pytest.fixture
def server_db(pg_server: PgServer) -> Iterator[str]:
    name = pg_server.new_database()
    with Store.open(pg_server.url(name)) as store:
        store.homes.add(oak_lodge())
    yield name
    pg_server.drop(name)


def fill(dialog: ConnectDialog, qtbot, host: str, port: int, database: str, user: str,  # type: ignore[no-untyped-def]
         password: str = "") -> None:
    for box, text in ((dialog.host, host), (dialog.database, database), (dialog.user, user),
                      (dialog.password, password)):
        box.clear()
        qtbot.keyClicks(box, text)
    dialog.port.setValue(port)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_the_form_builds_the_address_and_opens_the_server(qtbot, controller: AppController,  # type: ignore[no-untyped-def]
                                                         pg_server: PgServer, server_db: str,
                                                         caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    dialog = ConnectDialog(controller.open_server)
    qtbot.addWidget(dialog)
    assert dialog.port.value() == 5432  # PostgreSQL's usual port, filled in
    assert dialog.password.echoMode() is QLineEdit.EchoMode.Password
    fill(dialog, qtbot, "127.0.0.1", pg_server.port, server_db, SUPERUSER, SECRET)
    assert dialog.address_line.text() == f"Connects to: postgresql://{SUPERUSER}@127.0.0.1:{pg_server.port}/{server_db}"
    qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    window = controller.window
    assert window is not None and controller.store is not None and controller.store.path is None
    qtbot.addWidget(window)
    assert window.home_combo.currentText() == "Oak Lodge (SC123456)"
    assert "127.0.0.1" in window.where.text() and SECRET not in window.where.text()
    assert SECRET not in caplog.text


@pytest.mark.parametrize(("host", "database", "words"), [
    ("127.0.0.1", "FREE_PORT", "The computer “127.0.0.1” answered, but no database server is listening on port"),
    ("no-such-server.invalid", "carehome", "No computer called “no-such-server.invalid” was found on the network."),
    ("127.0.0.1", "no_such_db", "The server “127.0.0.1” has no database called “no_such_db”."),
])
def test_a_bad_or_unreachable_server_is_said_plainly_and_the_form_stays_open(  # type: ignore[no-untyped-def]
        qtbot, controller: AppController, pg_server: PgServer, host: str, database: str, words: str,
        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    port = free_port() if database == "FREE_PORT" else pg_server.port
    dialog = ConnectDialog(controller.open_server)
    qtbot.addWidget(dialog)
    fill(dialog, qtbot, host, port, "carehome" if database == "FREE_PORT" else database, SUPERUSER, SECRET)
    assert not dialog.try_connect()
    assert dialog.result() != QDialog.DialogCode.Accepted and controller.window is None
    assert dialog.error.isVisibleTo(dialog) and words in dialog.error.text()
    assert "postgresql://" not in dialog.error.text() and SECRET not in dialog.error.text()
    assert SECRET not in caplog.text
    assert any(host in r.getMessage() for r in caplog.records)  # the log says where, without the password


def test_missing_details_are_asked_for_at_their_fields(qtbot, controller: AppController) -> None:  # type: ignore[no-untyped-def]
    dialog = ConnectDialog(controller.open_server)
    qtbot.addWidget(dialog)
    dialog.database.clear()
    assert not dialog.try_connect()
    assert dialog.form.shown == {
        "host": "Type the server's name, such as office-server or 192.168.1.20 (ask whoever set it up).",
        "database": "Type the name of the database on the server, such as carehome.",
        "user": "Type your user name on the server (ask whoever set it up)."}
    assert controller.window is None
    qtbot.keyClicks(dialog.host, "office server")
    dialog.try_connect()
    assert "is not a server name" in dialog.form.shown["host"]


def test_a_pasted_address_fills_the_form_and_its_password_is_not_left_on_show(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = ConnectDialog(lambda _address: "unused")
    qtbot.addWidget(dialog)
    dialog.pasted.setText(f"postgresql://priya:{SECRET}@office-server:6543/homes")
    assert (dialog.host.text(), dialog.port.value(), dialog.database.text(), dialog.user.text()) == \
           ("office-server", 6543, "homes", "priya")
    assert dialog.password.text() == SECRET and dialog.password.echoMode() is QLineEdit.EchoMode.Password
    assert dialog.pasted.text() == ""  # emptied: the password is not left in a box that shows it
    assert SECRET not in dialog.address_line.text() and "postgresql://priya@office-server:6543/homes" in \
           dialog.address_line.text()


@pytest.mark.parametrize(("pasted", "words"), [
    ("C:/Users/priya/carehome.sqlite3", "That is not a server's address."),
    ("sqlite:///carehome.sqlite3", "carehome-desk works with PostgreSQL servers only"),
    ("postgresql://office-server/carehome", "That address is missing a user name."),
])
def test_a_pasted_address_that_is_not_a_server_is_refused_at_the_box(qtbot, pasted: str, words: str) -> None:  # type: ignore[no-untyped-def]
    dialog = ConnectDialog(lambda _address: "unused")
    qtbot.addWidget(dialog)
    dialog.pasted.setText(pasted)
    assert words in dialog.form.shown["pasted"]
    assert dialog.host.text() == ""
