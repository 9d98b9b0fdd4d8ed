"""The app's log file: private to its owner, and never holding record content.

What is logged is what happened to the program (it started, a backup was taken, a writer
process failed, where the code was when something broke), never what the records say: no
names, references, notes or dates of birth. Messages logged by the app are written that
way; for errors, :func:`traceback_for_log` keeps the frames and the exception's type but
leaves out its message, which may quote a record (a value that failed to parse, a name in a
refusal). The full text is still shown on screen, where the user can copy it.
"""

from __future__ import annotations

import io
import logging
import logging.handlers
import traceback
from pathlib import Path
from typing import Any

from carehome_desk.paths import log_dir
from carehome_desk.private_files import app_dir, private_file

LOG_FILENAME = "carehome-desk.log"


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log whose every file (the current one and each rotated one) is 0600."""

    def _open(self) -> io.TextIOWrapper[Any]:
        private_file(Path(self.baseFilename))
        return super()._open()


def setup_file_logging(level: int = logging.INFO) -> Path | None:
    """Log to a rotating private file in the data folder's logs/; returns it, or None if it cannot be
    written (a read-only profile must not stop the app)."""
    path = log_dir() / LOG_FILENAME
    try:
        app_dir(log_dir())
        handler = PrivateRotatingFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(level)
    return path


def _describe(exc: BaseException) -> str:
    kind = type(exc)
    name = kind.__qualname__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__qualname__}"
    errno = getattr(exc, "errno", None) if isinstance(exc, OSError) else None
    orig = getattr(exc, "orig", None)  # SQLAlchemy's wrapped driver error
    extra = f" (errno {errno})" if errno is not None else ""
    if isinstance(orig, BaseException):
        extra += f" from {type(orig).__module__}.{type(orig).__qualname__}"
    return f"{name}{extra}: [message not logged: it may quote a record]"


CAUSE = "\nThe above exception was the direct cause of the following exception:\n\n"
CONTEXT = "\nDuring handling of the above exception, another exception occurred:\n\n"


def traceback_for_log(exc: BaseException) -> str:
    """A traceback for the log: every frame and each exception's type, none of their messages."""
    chain: list[tuple[BaseException, str]] = []  # newest first, each with how it led to the one before
    seen: set[int] = set()
    current: BaseException | None = exc
    separator = ""
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        chain.append((current, separator))
        if current.__cause__ is not None:
            current, separator = current.__cause__, CAUSE
        elif current.__context__ is not None and not current.__suppress_context__:
            current, separator = current.__context__, CONTEXT
        else:
            current = None
    parts: list[str] = []
    for error, after in reversed(chain):  # oldest first, as Python prints them
        frames = "".join(traceback.format_tb(error.__traceback__))
        parts.append(f"Traceback (most recent call last):\n{frames}{_describe(error)}\n{after}")
    return "".join(parts)
