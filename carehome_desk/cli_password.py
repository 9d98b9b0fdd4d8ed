"""The command line's side of a protected database: where a command gets the password, and the
``protect`` and ``password`` commands.

A password is never an argument (other users of the PC see a command line). A command asks for
it at a terminal; a scheduled job names a file holding it with ``--password-file FILE`` or the
CAREHOME_DESK_PASSWORD_FILE environment variable (the first line, without its line ending).
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

PASSWORD_FILE_ENV = "CAREHOME_DESK_PASSWORD_FILE"

PROTECT_HELP = """\
Encrypt the database with a password you choose (at least 10 characters). It is asked for twice at
a terminal, or read from the first line of --new-password-file FILE. A recovery key is printed
once: print it and keep it in the office safe. With it a new password can be set if the password
is forgotten; if both are lost, nobody can read the records.

The database's key file (its name followed by .keys) must stay beside it and be copied with every
backup: 'carehome-desk backup' does that. After this, every command asks for the password at a
terminal, or reads it from --password-file FILE or the file named by CAREHOME_DESK_PASSWORD_FILE.
"""


def refuse_password_option(file_option: str) -> type[argparse.Action]:
    """An argparse action for an option that exists only to be refused: without it argparse would read
    ``--password SECRET`` as an abbreviation of ``--password-file`` and repeat SECRET in its error."""

    class _Refuse(argparse.Action):
        def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: object,
                     option_string: str | None = None) -> None:
            parser.error("a password is never taken on the command line, where others can see it: "
                         f"put it on the first line of a file and give {file_option} FILE")

    return _Refuse


def add_password_options(db: argparse.ArgumentParser) -> None:
    """--password-file on every command that opens the database (and a refused --password)."""
    # SUPPRESS, as for --db: a subcommand's default must not undo the option given before the command.
    db.add_argument("--password-file", type=Path, default=argparse.SUPPRESS, metavar="FILE",
                    help="a protected database's password, on FILE's first line (for scheduled jobs; also "
                    f"{PASSWORD_FILE_ENV}); at a terminal it is asked for. Keep FILE readable by you alone")
    db.add_argument("--password", nargs="?", action=refuse_password_option("--password-file"),
                    help=argparse.SUPPRESS)


#: The options naming a file that holds a secret, and what the secret is, for the warning below.
_SECRET_FILES = (
    ("password_file", "--password-file", "the database's password"),
    ("pack_password_file", "--pack-password-file", "the evidence pack's password"),
    ("new_password_file", "--new-password-file", "the database's new password"),
    ("recovery_key_file", "--recovery-key-file", "the database's recovery key"),
    ("workbook_password_file", "--workbook-password-file", "the workbook's password"),
)


def readable_secret_warnings(args: argparse.Namespace, *, posix: bool | None = None) -> list[str]:
    """A warning for each file named for a password or recovery key (``--password-file`` and the like, or
    CAREHOME_DESK_PASSWORD_FILE) that other users of this computer can read, as ssh warns of a private key
    others can read: what file, why it matters and the command that fixes it. The command still goes on.
    None on Windows (``posix`` False; by default, whether this is a POSIX system), where the permission
    bits Python reports do not say who may read a file (Windows keeps that in the file's access list)."""
    import shlex

    from carehome_desk.private_files import POSIX, readable_by_others

    named: dict[Path, tuple[str, str]] = {}
    for attr, option, secret in _SECRET_FILES:
        path = getattr(args, attr, None)
        if path is not None:
            named.setdefault(Path(path), (option, secret))
    from_env = os.environ.get(PASSWORD_FILE_ENV, "").strip()
    if from_env and getattr(args, "password_file", None) is None:  # read only when --password-file is not given
        named.setdefault(Path(from_env), (PASSWORD_FILE_ENV, "the database's password"))
    warnings = []
    for path, (option, secret) in named.items():
        mode = readable_by_others(path, posix=POSIX if posix is None else posix)
        if mode is not None:
            warnings.append(
                f"carehome-desk: warning: the file {path} ({option}) can be read by other users of this computer "
                f"(permissions {mode:04o}), so anyone who can log in here can read {secret} in it. Make it "
                f"readable by you alone: chmod 600 {shlex.quote(str(path))}")
    return warnings


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser], db: argparse.ArgumentParser) -> None:
    """The ``protect`` and ``password`` commands."""
    p = sub.add_parser("protect", parents=[db], help="set a password: encrypt the database, print its recovery key",
                       formatter_class=argparse.RawDescriptionHelpFormatter, description=PROTECT_HELP)
    _add_new_password_option(p)

    p = sub.add_parser("password", parents=[db], help="change the database's password (or reset it with the "
                       "recovery key)", formatter_class=argparse.RawDescriptionHelpFormatter,
                       description="Change the password of a protected database. The current password is asked "
                       "for at a terminal, or read from --password-file FILE. A forgotten password is reset with "
                       "the recovery key: --recovery-key-file FILE, or --use-recovery-key to type it. The "
                       "records are not re-encrypted and the recovery key stays the same. Backups taken before "
                       "keep opening with the password of their day, or the recovery key.")
    p.add_argument("--recovery-key-file", type=Path, default=None, metavar="FILE",
                   help="reset the password with the recovery key on FILE's first line")
    p.add_argument("--use-recovery-key", action="store_true",
                   help="reset the password with the recovery key, typed at the terminal")
    p.add_argument("--recovery-key", nargs="?", action=refuse_password_option("--recovery-key-file"),
                   help=argparse.SUPPRESS)
    p.add_argument("--new-recovery-key", action="store_true",
                   help="replace a lost recovery key: with the current password, print a new one (the old one "
                   "stops working for this database; backups taken before still open with it)")
    _add_new_password_option(p)


def _add_new_password_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--new-password-file", type=Path, default=None, metavar="FILE",
                   help="the new password, on FILE's first line (at least 10 characters); at a terminal it is "
                   "asked for twice")
    p.add_argument("--new-password", nargs="?", action=refuse_password_option("--new-password-file"),
                   help=argparse.SUPPRESS)


def _protected_path(target: str | Path) -> Path | None:
    from carehome_desk.store.engine import sqlite_path
    from carehome_desk.store.keys import is_protected

    path = sqlite_path(target)
    return path if path is not None and is_protected(path) else None


def database_password(args: argparse.Namespace, target: str | Path) -> str | None:
    """The password to open ``target`` with: None when it is not protected; else from --password-file,
    then CAREHOME_DESK_PASSWORD_FILE, then asked at a terminal. StoreError (one sentence) when there is
    no terminal and no file."""
    path = _protected_path(target)
    if path is None:
        return None
    return _current_password(args, path)


def password_for(args: argparse.Namespace, path: Path) -> str:
    """The password for the protected file ``path`` (a backup, say): from --password-file, then
    CAREHOME_DESK_PASSWORD_FILE, then asked at a terminal."""
    return _current_password(args, path)


def _current_password(args: argparse.Namespace, path: Path) -> str:
    from carehome_desk.store.errors import StoreError
    from carehome_desk.store.protection import password_from_file

    named = getattr(args, "password_file", None) or os.environ.get(PASSWORD_FILE_ENV, "").strip()
    if named:
        return password_from_file(Path(named))
    if sys.stdin.isatty():
        return getpass.getpass(f"Password for {path.name}: ")
    raise StoreError(f"{path} is protected with a password: give --password-file FILE or set "
                     f"{PASSWORD_FILE_ENV} to a file holding it, or run the command at a terminal to be asked.")


def _new_password(args: argparse.Namespace) -> str:
    """The new password from --new-password-file, or typed twice at a terminal; checked for length."""
    from carehome_desk.store.errors import StoreError
    from carehome_desk.store.protection import password_from_file, validate_new_password

    if args.new_password_file is not None:
        password = password_from_file(args.new_password_file)
    elif sys.stdin.isatty():
        password = getpass.getpass("New password (at least 10 characters): ")
        problem = validate_new_password(password)
        if problem:
            raise StoreError(problem)
        if getpass.getpass("Type it again: ") != password:
            raise StoreError("The two passwords typed are not the same. Nothing was changed.")
    else:
        raise StoreError("Give the new password on the first line of a file with --new-password-file FILE, "
                         "or run the command at a terminal to be asked.")
    problem = validate_new_password(password)
    if problem:
        raise StoreError(f"{problem} Nothing was changed.")
    return password


def _database_file(target: str | Path) -> Path | None:
    from carehome_desk.store.engine import sqlite_path

    path = sqlite_path(target)
    if path is None:
        print("carehome-desk: a password protects a database file; protect a server database with the server's "
              "own access control.", file=sys.stderr)
    return path


def cmd_protect(args: argparse.Namespace, target: str | Path) -> int:
    """Set a password on a clear database and print its recovery key once."""
    from carehome_desk.store.keys import is_protected, keys_path
    from carehome_desk.store.protection import protect, unprotected_copies

    path = _database_file(target)
    if path is None:
        return 2
    if not path.is_file():
        print(f"carehome-desk: there is no database at {path}.", file=sys.stderr)
        return 1
    if is_protected(path):
        print(f"carehome-desk: {path} is already protected; change its password with 'carehome-desk password'.",
              file=sys.stderr)
        return 1
    from carehome_desk.store.backup_record import database_id_of

    database_id = database_id_of(path)  # read while it is clear: which backups are its own (unprotected_copies)
    recovery = protect(path, _new_password(args))
    print(f"The records in {path} are now encrypted with your password.\n")
    print(f"    Recovery key:  {recovery}\n")
    print("Print this recovery key now and keep it in the office safe: it is shown only this once. With it\n"
          "a new password can be set if the password is forgotten ('carehome-desk password --use-recovery-key').\n"
          "If both the password and the recovery key are lost, nobody can read the records.\n")
    print(f"Keep the key file {keys_path(path).name} beside the database and in every backup: without it the\n"
          "database cannot be opened. 'carehome-desk backup' copies it with each backup.")
    clear = unprotected_copies(path, database_id)
    if clear:
        print("\nThese earlier copies are not encrypted; delete them once a new backup has been taken:")
        for copy in clear:
            print(f"  {copy}")
    return 0


def cmd_password(args: argparse.Namespace, target: str | Path) -> int:
    """Change a protected database's password, with the current one or the recovery key."""
    from carehome_desk.store.protection import change_password, password_from_file

    path = _database_file(target)
    if path is None:
        return 2
    if _protected_path(path) is None:
        print(f"carehome-desk: {path} has no password yet: set one with 'carehome-desk protect'.", file=sys.stderr)
        return 1
    if args.new_recovery_key:
        return _new_recovery_key(args, path)
    if args.recovery_key_file is not None:
        old, recovery = password_from_file(args.recovery_key_file), True
    elif args.use_recovery_key:
        if not sys.stdin.isatty():
            print("carehome-desk: give the recovery key on the first line of a file with --recovery-key-file FILE.",
                  file=sys.stderr)
            return 1
        old, recovery = getpass.getpass("Recovery key: "), True
    else:
        old, recovery = _current_password(args, path), False
    if args.new_password_file is None:  # checked before the new one is typed twice: a wrong one is said at once
        from carehome_desk.store.protection import unlock

        unlock(path, recovery_key=old) if recovery else unlock(path, password=old)
    change_password(path, old, _new_password(args), recovery=recovery)
    print(f"The password of {path} has been changed. The recovery key stays the same.")
    return 0


def _new_recovery_key(args: argparse.Namespace, path: Path) -> int:
    """Issue a new recovery key with the current password and print it once."""
    from carehome_desk.store.protection import replace_recovery_key

    if args.recovery_key_file is not None or args.use_recovery_key or args.new_password_file is not None:
        print("carehome-desk: --new-recovery-key takes only the current password; change the password separately.",
              file=sys.stderr)
        return 2
    recovery = replace_recovery_key(path, _current_password(args, path))
    print(f"\nA new recovery key for {path}:\n")
    print(f"    Recovery key:  {recovery}\n")
    print("Print it now and keep it in the office safe: it is shown only this once. The old recovery key no\n"
          "longer opens this database; backups taken before today still open with the old key or their password.\n")
    return 0


def backup_key(args: argparse.Namespace, path: Path) -> bytes | None:
    """The data key a backup of ``path`` needs (None for a clear database); asks for the password."""
    if _protected_path(path) is None:
        return None
    from carehome_desk.store.protection import unlock

    return unlock(path, password=_current_password(args, path))
