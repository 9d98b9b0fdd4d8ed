"""The commands a message gives for pasting (cli_restore.command_text): quoted for the shell of the platform,
POSIX shells as shlex reads them, cmd.exe on Windows, where ``&`` and ``%`` need more than spaces do. The
platform is passed in, never faked for the whole process."""

from __future__ import annotations

import shlex
from pathlib import Path, PureWindowsPath

import pytest

from carehome_desk.cli_restore import cmd_quote, command_text

TRICKY = [
    r"C:\Users\Jo Smith\carehome.sqlite3",
    r"C:\Homes\Oak & Elm\carehome.sqlite3",
    r"C:\Homes\50% off\carehome.sqlite3",
    r"C:\Homes\%OS%\carehome.sqlite3",  # a real variable's name between two percent signs
    r"C:\Homes\%FOO%%OS%\x.sqlite3",
    r"C:\Homes\100%\%y.sqlite3",  # a backslash just before a percent sign
    r"C:\Homes\(copy) ^ | < > ; , = !\x.sqlite3",
    r"C:\Homes\folder\ ",
    "%",
    "",
]
ENVIRONMENT = {"OS": "Windows_NT", "FOO": "bar"}


def cmd_prompt(line: str) -> str:
    """What cmd.exe at its prompt hands the program: ``%NAME%`` of a defined variable replaced, quotes or no
    quotes (an undefined one is left as typed); then, outside double quotes, a caret escapes the next character
    and is removed. An unescaped ``& | < >`` outside quotes would end the command or redirect it: not allowed."""
    expanded, i = [], 0
    while i < len(line):
        end = line.find("%", i + 1) if line[i] == "%" else -1
        if end != -1 and line[i + 1:end] in ENVIRONMENT:
            expanded.append(ENVIRONMENT[line[i + 1:end]])
            i = end + 1
        elif end != -1:
            expanded.append(line[i:end + 1])  # left as typed, and the scan goes on after it
            i = end + 1
        else:
            expanded.append(line[i])
            i += 1
    text, out, quoted, i = "".join(expanded), [], False, 0
    while i < len(text):
        ch = text[i]
        if ch == '"':
            quoted = not quoted
        elif ch == "^" and not quoted:
            i += 1
            ch = text[i]
        elif ch in "&|<>" and not quoted:
            raise AssertionError(f"{ch} outside quotes in {line}")
        out.append(ch)
        i += 1
    return "".join(out)


def c_runtime_arguments(line: str) -> list[str]:
    """The program's arguments as the Microsoft C runtime splits its command line: white space outside quotes
    separates them; 2n backslashes and a quote give n backslashes and open or close a quoted part, 2n+1 give
    n backslashes and a literal quote; other backslashes are literal."""
    args: list[str] = []
    current, quoted, started, i = [], False, False, 0
    while i < len(line):
        ch = line[i]
        if ch == "\\":
            n = 0
            while i < len(line) and line[i] == "\\":
                n, i = n + 1, i + 1
            if i < len(line) and line[i] == '"':
                current.append("\\" * (n // 2))
                if n % 2:
                    current.append('"')
                    i += 1
            else:
                current.append("\\" * n)
            started = True
            continue
        if ch == '"':
            quoted, started = not quoted, True
        elif ch in " \t" and not quoted:
            if started:
                args.append("".join(current))
            current, started = [], False
        else:
            current.append(ch)
            started = True
        i += 1
    if started:
        args.append("".join(current))
    return args


def pasted(message_text: str) -> str:
    assert message_text[0] == message_text[-1] == "'"  # set off in single quotes: cmd.exe's own are double
    return message_text[1:-1]


@pytest.mark.parametrize("path", TRICKY)
def test_on_windows_the_program_receives_each_path_as_it_is(path: str) -> None:
    text = command_text("carehome-desk", "restore", "--db", PureWindowsPath(r"C:\Homes\carehome.sqlite3"), path,
                        windows=True)
    received = c_runtime_arguments(cmd_prompt(pasted(text)))
    assert received == ["carehome-desk", "restore", "--db", r"C:\Homes\carehome.sqlite3", path]


@pytest.mark.parametrize(("word", "typed"), [
    ("carehome-desk", "carehome-desk"),
    (r"C:\Homes\carehome.sqlite3", r"C:\Homes\carehome.sqlite3"),
    (r"C:\Users\Jo Smith\c.sqlite3", r'"C:\Users\Jo Smith\c.sqlite3"'),
    (r"C:\Oak & Elm\c.sqlite3", r'"C:\Oak & Elm\c.sqlite3"'),  # list2cmdline left & bare: a second command
    (r"C:\50% off\c.sqlite3", r'"C:\50"^%" off\c.sqlite3"'),  # % cannot be escaped inside quotes
    (r"C:\%OS%\c.sqlite3", r'"C:\\"^%"OS"^%"\c.sqlite3"'),  # the backslash before a closing quote doubled
    ("", '""'),
])
def test_cmd_quote_uses_double_quotes_and_a_caret_for_each_percent_sign(word: str, typed: str) -> None:
    assert cmd_quote(word) == typed


@pytest.mark.parametrize("path", ["/home/jo/Jo Smith/carehome.sqlite3", "/srv/Oak & Elm/50% off/c.sqlite3",
                                  "/srv/Jo's files/$HOME/c.sqlite3", "/srv/plain/c.sqlite3"])
def test_on_posix_it_is_as_shlex_quotes_it(path: str) -> None:
    text = command_text("carehome-desk", "restore", "--db", Path(path), "BACKUP", windows=False)
    inner = text[1:-1]
    assert text[0] == text[-1] and text[0] == ('"' if "'" in inner else "'")
    assert inner == " ".join(shlex.quote(w) for w in ("carehome-desk", "restore", "--db", path, "BACKUP"))
    assert shlex.split(inner) == ["carehome-desk", "restore", "--db", path, "BACKUP"]


def test_the_model_of_cmd_would_catch_what_list2cmdline_gave() -> None:
    """What the command used to be on Windows (quotes only for spaces) fails the same checks."""
    import subprocess

    with pytest.raises(AssertionError, match="& outside quotes"):
        cmd_prompt(subprocess.list2cmdline([r"C:\Oak&Elm\c.sqlite3"]))
    typed = subprocess.list2cmdline([r"C:\%OS%\c.sqlite3"])
    assert c_runtime_arguments(cmd_prompt(typed)) == [r"C:\Windows_NT\c.sqlite3"]
