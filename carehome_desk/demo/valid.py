"""The demo's records pass the same checks as a manager's: a record the app would refuse stops the demo."""

from __future__ import annotations

from carehome_desk.store.errors import ValidationError


def valid(what: str, problems: dict[str, str]) -> None:
    """Raise ValidationError naming ``what`` when the model's validate_* function found ``problems``."""
    if problems:
        raise ValidationError({key: f"Demo {what}: {text}" for key, text in problems.items()})
