"""A PostgreSQL server's address from the parts an IT person knows, and why a connection failed, in words.

File → Connect to a server… asks for the server's name, port, database, user name and password
and builds the address from them (or reads a whole address pasted in). The password goes into the
address handed to the driver and nowhere else: ``shown`` and every message leave it out, and
nothing here logs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

DEFAULT_PORT = 5432
#: Seconds to wait for a server that does not answer, so a switched-off server is said quickly.
CONNECT_TIMEOUT = 10
_HOST = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9.\-]*[A-Za-z0-9])?$|^\[?[0-9A-Fa-f:.]+\]?$")


@dataclass(frozen=True)
class ServerAddress:
    """Where a carehome-desk database lives on a PostgreSQL server."""

    host: str
    database: str
    user: str
    port: int = DEFAULT_PORT
    password: str = field(default="", repr=False)  # never in repr, messages or logs

    def url(self) -> str:
        """The full address for the driver (with the password): hand it to ``Store.open`` and nothing else."""
        return self._url().render_as_string(hide_password=False)

    def shown(self) -> str:
        """The address to show on screen: the password left out."""
        return URL.create("postgresql", username=self.user or None, host=self.host, port=self.port,
                          database=self.database).render_as_string(hide_password=True)

    def where(self) -> str:
        """'the database “carehome” on office-server (port 5432)', for messages."""
        return f"the database “{self.database}” on {self.host} (port {self.port})"

    def _url(self) -> URL:
        return URL.create("postgresql+psycopg", username=self.user or None, password=self.password or None,
                          host=self.host, port=self.port, database=self.database,
                          query={"connect_timeout": str(CONNECT_TIMEOUT)})


def address_problems(host: str, database: str, user: str) -> dict[str, str]:
    """What is missing or mistyped in the form, by field ('host', 'database', 'user'); empty when all is well."""
    problems: dict[str, str] = {}
    if not host.strip():
        problems["host"] = "Type the server's name, such as office-server or 192.168.1.20 (ask whoever set it up)."
    elif not _HOST.match(host.strip()):
        problems["host"] = (f"“{host.strip()}” is not a server name: use letters, numbers, dots and dashes only, "
                            "such as office-server or 192.168.1.20.")
    if not database.strip():
        problems["database"] = "Type the name of the database on the server, such as carehome."
    if not user.strip():
        problems["user"] = "Type your user name on the server (ask whoever set it up)."
    return problems


def parse_address(text: str) -> ServerAddress:
    """A whole address pasted in, such as postgresql://priya@office-server:5432/carehome.

    Raises ValueError with what is wrong, in words (never quoting a password).
    """
    text = text.strip()
    example = "It looks like postgresql://your-name@server-name:5432/carehome."
    if "://" not in text:
        raise ValueError(f"That is not a server's address. {example}")
    try:
        url = make_url(text)
    except (ArgumentError, ValueError):
        raise ValueError(f"That address could not be read. {example}") from None
    if url.get_backend_name() != "postgresql":
        raise ValueError(f"carehome-desk works with PostgreSQL servers only; that address is for "
                         f"{url.get_backend_name()}. {example}")
    address = ServerAddress(url.host or "", url.database or "", url.username or "", url.port or DEFAULT_PORT,
                            url.password if isinstance(url.password, str) else "")
    problems = address_problems(address.host, address.database, address.user)
    if problems:
        missing = [name for key, name in (("host", "the server's name"), ("user", "a user name"),
                                          ("database", "the database's name")) if key in problems]
        raise ValueError(f"That address is missing {' and '.join(missing)}. {example}")
    return address


def connect_problem(error: BaseException, address: ServerAddress) -> str:
    """Why the connection to ``address`` failed, in a manager's words, saying what and where.

    Reads the driver's message (libpq's words are stable across versions); anything not recognised
    is said plainly with the driver's first line, which never holds the password.
    """
    root = error
    while root.__cause__ is not None:  # the store's own error wraps SQLAlchemy's, which wraps the driver's
        root = root.__cause__
    text = str(getattr(root, "orig", None) or root)
    lower = text.lower()
    server = f"“{address.host}”"
    ask = "Check it with whoever set up the server."
    if "resolve host" in lower or "name or service not known" in lower or "no such host" in lower \
            or "nodename nor servname" in lower or "translate host name" in lower:
        return f"No computer called {server} was found on the network. Check the server's name; {ask[0].lower()}{ask[1:]}"
    if "connection refused" in lower or "actively refused" in lower:
        return (f"The computer {server} answered, but no database server is listening on port {address.port}. "
                f"Check the port number (usually {DEFAULT_PORT}), and that the server program is running. {ask}")
    if "timeout" in lower or "timed out" in lower or "no route to host" in lower or "unreachable" in lower:
        return (f"{server} did not answer within {CONNECT_TIMEOUT} seconds. Check that it is switched on and that "
                f"this computer is on the office network. {ask}")
    if "password authentication failed" in lower or "authentication failed" in lower:
        return f"The server {server} did not accept the user name “{address.user}” with that password. {ask}"
    if "no password supplied" in lower:
        return f"The server {server} asks for a password for “{address.user}”: type it in the Password box."
    found = re.search(r'database "([^"]*)" does not exist', text)
    if found:
        return (f"The server {server} has no database called “{address.database}”. Check the database's name "
                "(it is usually carehome). " + ask)
    found = re.search(r'role "([^"]*)" does not exist', text)
    if found:
        return f"The server {server} has no user called “{address.user}”. {ask}"
    if "pg_hba.conf" in lower:
        return (f"The server {server} does not let this computer, or the user “{address.user}”, connect to "
                f"“{address.database}”. {ask}")
    first = text.strip().splitlines()[0] if text.strip() else type(error).__name__
    if address.password:
        first = first.replace(address.password, "…")
    return f"Could not connect to {address.where()}: {first}"
