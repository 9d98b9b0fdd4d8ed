"""A throwaway PostgreSQL server for the tests that run on both back ends.

Started once per test session from Debian's ``postgresql`` package: ``initdb`` into a new temporary
folder, ``pg_ctl`` on a free loopback port with its unix socket in that folder, stopped (and the
folder removed) when the session ends. PostgreSQL refuses to run as root, so as root the server runs
as ``nobody``. Every test gets its own database, copied from a template that already holds the
schema and the default course catalogue (a copy takes a few milliseconds; migrating would take far
longer).

Missing server programs fail the tests with the command that installs them: a back end that was not
tested is not reported as passing.
"""

from __future__ import annotations

import atexit
import glob
import os
import shutil
import signal
import socket
import subprocess
import tempfile
from dataclasses import dataclass, field
from itertools import count
from pathlib import Path

#: Override where the server programs are (a folder holding initdb, pg_ctl and postgres).
BIN_ENV = "CAREHOME_DESK_PG_BIN"
SUPERUSER = "carehome"
TEMPLATE = "carehome_template"
RUN_AS = "nobody"


class ServerUnavailable(RuntimeError):
    """The throwaway server cannot be started here; the message says what to install or fix."""


def server_bin() -> Path:
    """The folder of PostgreSQL's server programs (the newest installed version)."""
    chosen = os.environ.get(BIN_ENV)
    if chosen:
        return Path(chosen)
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    if not found:
        raise ServerUnavailable(
            "The tests on PostgreSQL need its server programs (initdb, pg_ctl), which are not installed. "
            "Run 'sudo apt-get install postgresql' (make test does this itself when run as root), "
            f"or set {BIN_ENV} to the folder that holds them.")
    return Path(found[-1]).parent


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_server_user(cmd: list[str]) -> list[str]:
    # initdb and postgres refuse to run as root: hand them to an unprivileged account.
    if os.geteuid() == 0:
        return ["runuser", "-u", RUN_AS, "--", *cmd]
    return cmd


def _check_server_user() -> None:
    if os.geteuid() != 0:
        return
    import pwd

    try:
        pwd.getpwnam(RUN_AS)
    except KeyError:
        raise ServerUnavailable(f"PostgreSQL will not run as root, and there is no '{RUN_AS}' account to run it "
                                "as: create one (useradd nobody) or run the tests as an ordinary user.") from None
    if shutil.which("runuser") is None:
        raise ServerUnavailable("PostgreSQL will not run as root, and 'runuser' (util-linux) is not installed "
                                "to run it as another account: install util-linux or run the tests as an "
                                "ordinary user.")


@dataclass
class PgServer:
    """A running throwaway server; ``new_database()`` gives each test its own database URL."""

    folder: Path
    port: int
    bin: Path
    _numbers: count[int] = field(default_factory=lambda: count(1))
    _stopped: bool = False

    def url(self, database: str, user: str = SUPERUSER) -> str:
        """A SQLAlchemy URL for ``database`` on this server over loopback (trust: throwaway server)."""
        return f"postgresql+psycopg://{user}@127.0.0.1:{self.port}/{database}"

    def admin(self, sql: str) -> None:
        """Run one statement on the ``postgres`` database outside a transaction."""
        import psycopg

        with psycopg.connect(host="127.0.0.1", port=self.port, user=SUPERUSER, dbname="postgres",
                             autocommit=True) as conn:
            conn.execute(sql)  # type: ignore[call-overload]

    def empty_database(self) -> str:
        """The name of a new database with nothing in it."""
        name = f"t{next(self._numbers)}"
        self.admin(f"CREATE DATABASE {name}")
        return name

    def new_database(self) -> str:
        """The name of a new database copied from the template (schema at head, catalogue seeded)."""
        name = f"t{next(self._numbers)}"
        self.admin(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")
        return name

    def drop(self, name: str) -> None:
        """Remove a test's database (closing anything still connected to it)."""
        self.admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def stop(self) -> None:
        """Stop the server at once and remove its folder (once: the session's end, atexit and SIGTERM all call it).

        A server pg_ctl could not stop keeps its folder, and the error says where it is, so it is never left
        running with its files gone from under it."""
        if self._stopped:
            return
        done = subprocess.run(_as_server_user([str(self.bin / "pg_ctl"), "stop", "-D", str(self.folder / "data"),
                                               "-m", "immediate", "-s"]),
                              stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60, check=False)
        if done.returncode != 0 and (self.folder / "data" / "postmaster.pid").exists():
            raise ServerUnavailable(f"Could not stop the test PostgreSQL server in {self.folder}: "
                                    f"{(done.stderr or done.stdout).strip()}")
        self._stopped = True
        shutil.rmtree(self.folder, ignore_errors=True)


def _run(cmd: list[str], what: str) -> None:
    done = subprocess.run(_as_server_user(cmd), stdin=subprocess.DEVNULL, capture_output=True, text=True,
                          timeout=120, check=False)
    if done.returncode != 0:
        raise ServerUnavailable(f"Could not {what} for the tests: {(done.stderr or done.stdout).strip()}")


def start_server() -> PgServer:
    """initdb into a new temporary folder and start the server on a free loopback port."""
    bin_dir = server_bin()
    _check_server_user()
    # /tmp when there is one: every account can reach it (the server runs as another user), and a short
    # path keeps the unix socket's name under its 107-character limit.
    folder = Path(tempfile.mkdtemp(prefix="carehome-pg-", dir="/tmp" if os.path.isdir("/tmp") else None))
    if os.geteuid() == 0:
        shutil.chown(folder, user=RUN_AS)
    data = folder / "data"
    try:
        # C locale: the same byte order for text as SQLite's, so sorted lists agree on both back ends.
        _run([str(bin_dir / "initdb"), "-D", str(data), "-U", SUPERUSER, "--auth=trust", "--no-locale",
              "-E", "UTF8", "--no-sync"], "create a PostgreSQL cluster")
        port = _free_port()
        # fsync off: a throwaway server needs no crash safety, and it makes CREATE DATABASE fast.
        options = (f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
        _run([str(bin_dir / "pg_ctl"), "start", "-D", str(data), "-w", "-t", "60", "-s",
              "-l", str(folder / "server.log"), "-o", options], "start the PostgreSQL server")
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    server = PgServer(folder, port, bin_dir)
    _stop_on_exit(server)
    try:
        _make_template(server)
    except BaseException:
        server.stop()
        raise
    return server


def _stop_on_exit(server: PgServer) -> None:
    """Stop the server however the test run ends: at exit, and on SIGTERM (a CI job's time limit,
    ``timeout``), which would otherwise end Python without running any clean-up."""
    atexit.register(server.stop)
    try:
        previous = signal.getsignal(signal.SIGTERM)
    except ValueError:  # pragma: no cover - not the main thread
        return
    if previous == signal.SIG_IGN:
        return

    def on_term(signum: int, frame: object) -> None:
        try:
            server.stop()
        finally:
            # Then end as SIGTERM asked. (SystemExit would be caught by pytest as one failed test, and
            # the run would go on.)
            signal.signal(signal.SIGTERM, previous if callable(previous) else signal.SIG_DFL)
            if callable(previous):
                previous(signum, frame)
            else:
                os.kill(os.getpid(), signal.SIGTERM)

    try:
        signal.signal(signal.SIGTERM, on_term)
    except ValueError:  # pragma: no cover - not the main thread
        pass


def _make_template(server: PgServer) -> None:
    from carehome_desk.store import Store

    server.admin(f"CREATE DATABASE {TEMPLATE}")
    Store.open(server.url(TEMPLATE), user="template").close()
