"""Turning model dataclasses into table rows and back, so repositories stay short."""

from __future__ import annotations

import types
import typing
from collections.abc import Callable, Mapping
from dataclasses import fields
from datetime import date, datetime
from enum import Enum
from functools import cache
from typing import Any, TypeVar, cast

from carehome_desk.models.dates import UK

T = TypeVar("T")


@cache
def _field_names(cls: type) -> tuple[str, ...]:
    """A dataclass's field names, once per class (``fields()`` is slow when called per row)."""
    return tuple(f.name for f in fields(cls))


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


def dict_rows(result: Any) -> list[dict[str, Any]]:
    """Every row of a SQLAlchemy result as a plain dict (a third of the cost of ``.mappings()`` per row).

    ``fetchall`` rather than iterating: iterating fetches one row per call into the driver.
    """
    keys = list(result.keys())
    return [dict(zip(keys, row, strict=True)) for row in result.fetchall()]


E = TypeVar("E", bound=Enum)


@cache
def enum_reader(cls: type[E]) -> Callable[[Any], E]:
    """``cls(value)`` for stored values, with the members looked up in a dict first.

    Calling an Enum class goes through its metaclass and costs several microseconds; the pack
    reads tens of thousands of stored enum values. Unknown values still raise ValueError.
    """
    members: dict[Any, E] = dict(cls._value2member_map_)

    def read(value: Any) -> E:
        try:
            return members[value]
        except (KeyError, TypeError):  # TypeError: an unhashable value, which cls() rejects in words
            return cls(value)
    return read


@cache
def _row_reader(cls: type) -> tuple[tuple[str, Callable[[Any], Any] | None], ...]:
    """Each field of a dataclass with how its column value is read: enums by value, the rest as stored."""
    enums = _enum_fields(cls)
    return tuple((name, enum_reader(enums[name]) if name in enums else None) for name in _field_names(cls))


def from_row(cls: type[T], row: Mapping[Any, Any]) -> T:
    """A dataclass from a row, taking only the columns the dataclass has."""
    kwargs: dict[str, Any] = {}
    for name, read in _row_reader(cast(type, cls)):
        if name not in row:
            continue
        value = row[name]
        kwargs[name] = read(value) if read is not None and value is not None else value
    return cls(**kwargs)


def typed_rows(cls: type[T], result: Any) -> list[T]:
    """Every row of a SQLAlchemy result as ``cls``, as ``from_row`` would make them, without a dict per row.

    How each column becomes a field is worked out once per query, not once per row: the
    workforce snapshot and the registers read tens of thousands of rows for the pack.
    """
    keys = {key: index for index, key in enumerate(result.keys())}
    plain: list[tuple[str, int]] = []
    converted: list[tuple[str, int, Callable[[Any], Any]]] = []
    for name, read in _row_reader(cast(type, cls)):
        if name not in keys:
            continue
        if read is None:
            plain.append((name, keys[name]))
        else:
            converted.append((name, keys[name], read))
    out: list[T] = []
    for row in result.fetchall():
        kwargs = {name: row[index] for name, index in plain}
        for name, index, read in converted:
            value = row[index]
            kwargs[name] = read(value) if value is not None else None
        out.append(cls(**kwargs))
    return out


def _jsonable(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError("carehome-desk stores only timezone-aware times")
        return value.astimezone(UK).isoformat()  # kept with its UK offset, as recorded
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_jsonable(v) for v in value]
    return value


def to_json_dict(obj: Any) -> dict[str, Any]:
    """A details dataclass as JSON-ready values (times as ISO 8601 with their UK offset)."""
    return {f.name: _jsonable(getattr(obj, f.name)) for f in fields(obj)}


@cache
def _json_fields(cls: type) -> tuple[tuple[str, Callable[[Any], Any] | None], ...]:
    """Each field of a details dataclass with how its stored JSON value is read back (once per class)."""
    hints = typing.get_type_hints(cls)  # slow (it evaluates annotations): once per class
    return tuple((name, _reader(hints[name])) for name in _field_names(cls))


def _reader(hint: Any) -> Callable[[Any], Any] | None:
    """Times, dates and enums are stored as text; anything else is stored as it is."""
    options = typing.get_args(hint) if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union else (hint,)
    for option in options:
        if option is datetime:
            return datetime.fromisoformat
        if option is date:
            return date.fromisoformat
        if isinstance(option, type) and issubclass(option, Enum):
            return enum_reader(option)
    return None


def from_json_dict(cls: type[T], data: Mapping[str, Any]) -> T:
    """A details dataclass from stored JSON, converting times, dates and enums by field type."""
    kwargs: dict[str, Any] = {}
    for name, read in _json_fields(cast(type, cls)):
        if name not in data:
            continue  # a field added later keeps its default for old records
        value = data[name]
        kwargs[name] = read(value) if read is not None and value is not None else value
    return cls(**kwargs)
