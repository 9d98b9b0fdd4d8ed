"""Turning model dataclasses into table rows and back, so repositories stay short."""

from __future__ import annotations

import types
import typing
from collections.abc import Mapping
from dataclasses import fields
from enum import Enum
from functools import cache
from typing import Any, TypeVar, cast

T = TypeVar("T")


@cache
def _enum_fields(cls: type) -> dict[str, type[Enum]]:
    """Field name -> Enum type, for fields typed as an Enum or an optional Enum."""
    out: dict[str, type[Enum]] = {}
    for name, hint in typing.get_type_hints(cls).items():
        candidates = typing.get_args(hint) if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union else (hint,)
        for candidate in candidates:
            if isinstance(candidate, type) and issubclass(candidate, Enum):
                out[name] = candidate
    return out


def to_row(obj: Any, *, skip: tuple[str, ...] = ("id",)) -> dict[str, Any]:
    """A dataclass as column values: enums become their values, ``skip`` fields are left out."""
    row: dict[str, Any] = {}
    for f in fields(obj):
        if f.name in skip:
            continue
        value = getattr(obj, f.name)
        row[f.name] = value.value if isinstance(value, Enum) else value
    return row


def from_row(cls: type[T], row: Mapping[Any, Any]) -> T:
    """A dataclass from a row, taking only the columns the dataclass has."""
    enums = _enum_fields(cast(type, cls))
    kwargs: dict[str, Any] = {}
    for f in fields(cls):  # type: ignore[arg-type]
        if f.name not in row:
            continue
        value = row[f.name]
        if value is not None and f.name in enums:
            value = enums[f.name](value)
        kwargs[f.name] = value
    return cls(**kwargs)
