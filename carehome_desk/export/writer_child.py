"""The writer process itself (``python -m carehome_desk.export.writer_child PARENT_PID``): it builds the pack's
workbook from the requests the app sends (export/writer_process.py starts it and says why), saves it, and replies
once with how it went. It imports only XlsxWriter and the pack's writer, never the store or Qt.
"""

from __future__ import annotations

import os
import pickle
import sys
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from carehome_desk.export.pack_writer import PackWriter

Cancelled = Callable[[], bool]


def apply_request(writer: PackWriter, verb: str, args: tuple[Any, ...], cancelled: Cancelled | None = None) -> None:
    """One request, the same in either process (the app's InlineWriter applies them here too)."""
    if verb == "sheet":
        writer.add_sheet(args[0], cancelled)
    elif verb == "begin":
        writer.begin_sheet(args[0], cancelled)
    elif verb == "rows":
        writer.add_rows(*args)
    elif verb == "end":
        writer.end_sheet(*args)
    elif verb == "charts":
        writer.add_chart_sheet(*args)
    elif verb == "cover":
        writer.add_key_values(*args)
    else:
        raise ValueError(f"unknown request {verb!r}")


def serve(requests: IO[bytes], replies: IO[bytes]) -> None:
    """The writer process: build the workbook from the requests, save it, reply once with how it went."""
    writer: PackWriter | None = None
    try:
        import importlib

        importlib.import_module("xlsxwriter")  # the slow part of starting up, done before saying so

        pickle.dump(("ready",), replies)
        replies.flush()
        while True:
            try:
                verb, *args = pickle.load(requests)
            except EOFError:
                return  # the app ended the export: nothing to save
            if verb == "start":
                writer = PackWriter(args[0], args[1], Path(args[2]))
            elif writer is None:
                raise RuntimeError(f"'{verb}' before 'start'")
            elif verb == "save":
                writer.save(Path(args[0]))
                reply: tuple[Any, ...] = ("saved",)
                break
            else:
                apply_request(writer, verb, tuple(args))
    except OSError as exc:  # a full disk, or a folder that has gone
        # errno and the file that failed too: the app says why in words (out_files.write_problem)
        reply = ("failed", exc.strerror or str(exc), exc.errno, exc.filename)
    except Exception:  # a defect: the app shows it with the details to copy
        reply = ("crashed", traceback.format_exc())
    pickle.dump(reply, replies)
    replies.flush()


#: How often the writer process looks whether the app that started it is still there.
PARENT_CHECK = 0.1


def end_with_parent(parent: int, interval: float = PARENT_CHECK) -> threading.Thread:
    """In the writer process: a thread that ends the process at once if ``parent`` (the app) has gone.

    A killed app closes the pipes, but a writer busy writing a large sheet or saving reads no
    more requests until it is done, and would go on writing a workbook nobody will take (the crash
    test found it alive after the app was killed, finishing a whole pack into the temporary file
    beside the target). On POSIX an orphan is adopted by another process, so a changed parent id
    means the app has gone.
    """

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(interval)
        os._exit(1)  # no clean-up to wait for: the next start removes the temporary files

    thread = threading.Thread(target=watch, name="parent watch", daemon=True)
    thread.start()
    return thread


if __name__ == "__main__":
    if os.name == "posix":
        os.umask(0o077)  # whatever it writes (the workbook, XlsxWriter's temporary files) is private
        if len(sys.argv) > 1:
            end_with_parent(int(sys.argv[1]))
    _replies = sys.stdout.buffer
    sys.stdout = sys.stderr  # a stray print() must not land in the replies
    serve(sys.stdin.buffer, _replies)
