"""Password and recovery key files as the help asks people to keep them: readable by their owner alone
(0600), so a command reading one gives no warning that others can read it."""

from __future__ import annotations

from pathlib import Path


def write_secret(path: Path, text: str) -> Path:
    """Write ``text`` to ``path`` and make it 0600 (the tests run under umask 022, which would leave it 0644)."""
    path.write_text(text)
    path.chmod(0o600)
    return path
