"""Turns plain data (from YAML at build time, from JSON in the browser) into frozen dataclasses.

The dataclass fields are the schema: their type hints say what each key holds, a default makes a
key optional. Every mismatch (unknown or missing key, wrong type, bad date, empty text, text outside
the policy of source_text: markup, unsafe links, control characters) is added to the collector
rather than raised, so a publisher sees all of them in one run.
"""
from __future__ import annotations

import dataclasses
import datetime
import functools
import types
import typing

from . import source_text
from .problems import Collector, Path

_MISSING = object()


@functools.cache
def _shape(cls) -> tuple[dict, dict]:
    """The fields and resolved type hints of a dataclass, worked out once per class (resolving the
    hints is the slow part of reading a framework, and the browser form does it at every start)."""
    return {f.name: f for f in dataclasses.fields(cls)}, typing.get_type_hints(cls)


def build(cls, data, path: Path, problems: Collector):
    """Return an instance of dataclass `cls` built from `data`, or None if it has problems."""
    if not isinstance(data, dict):
        problems.add(path, f"expected a mapping with the keys {_key_list(cls)}, got {_describe(data)}")
        return None
    fields, hints = _shape(cls)
    for key in data:
        if key not in fields:
            shown = source_text.printable(key) if isinstance(key, str) else key
            problems.add((*path, shown), f"unknown key {shown!r}: expected one of {_key_list(cls)}")
    values, ok = {}, True
    for name, field in fields.items():
        if name not in data:
            if field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING:
                problems.add(path, f"missing required key {name!r}")
                ok = False
            continue
        value = convert(hints[name], data[name], (*path, name), problems)
        if value is _MISSING:
            ok = False
        else:
            values[name] = value
    return cls(**values) if ok else None


def convert(hint, value, path: Path, problems: Collector):
    """Convert one value to the type `hint`, or record a problem and return the _MISSING marker."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(hint) if a is not type(None)]
        if value is None:
            return None
        return convert(options[0], value, path, problems)
    if origin is tuple:
        item_type = typing.get_args(hint)[0]
        if not isinstance(value, list):
            problems.add(path, f"expected a list, got {_describe(value)}")
            return _MISSING
        items = [convert(item_type, item, (*path, i), problems) for i, item in enumerate(value)]
        return _MISSING if any(item is _MISSING for item in items) else tuple(items)
    if origin is dict:  # dict[str, str]: texts keyed by an id (an overlay's translations)
        if not isinstance(value, dict):
            problems.add(path, f"expected a mapping, got {_describe(value)}")
            return _MISSING
        items = {}
        for key, item in value.items():
            if not isinstance(key, str):
                problems.add(path, f"expected text keys, got {_describe(key)}")
                return _MISSING
            items[key] = convert(typing.get_args(hint)[1], item, (*path, source_text.printable(key)), problems)
        return _MISSING if any(item is _MISSING for item in items.values()) else items
    if dataclasses.is_dataclass(hint):
        result = build(hint, value, path, problems)
        return _MISSING if result is None else result
    if hint is str:
        return _text(value, path, problems)
    if hint is bool:
        if isinstance(value, bool):
            return value
        problems.add(path, f"expected true or false, got {_describe(value)}")
        return _MISSING
    if hint is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        problems.add(path, f"expected a whole number, got {_describe(value)}")
        return _MISSING
    if hint is datetime.date:
        return _date(value, path, problems)
    raise TypeError(f"schema type {hint!r} is not supported")  # a programming error, not bad input


def _text(value, path, problems):
    if isinstance(value, bool):
        word = "Yes/true" if value else "No/false"
        problems.add(path, f"expected text, got the boolean {word} (YAML reads an unquoted Yes or No "
                           f"as true or false: put it in quotes)")
        return _MISSING
    if isinstance(value, (int, float, datetime.date)):
        problems.add(path, f"expected text, got {_describe(value)} (put it in quotes)")
        return _MISSING
    if not isinstance(value, str):
        problems.add(path, f"expected text, got {_describe(value)}")
        return _MISSING
    if not value.strip():
        problems.add(path, "expected text, got an empty value")
        return _MISSING
    for message in source_text.problems(value.strip(), placeholders=tuple(path[:1]) == ("interface",)):
        problems.add(path, message)
    return value.strip()


def _date(value, path, problems):
    if isinstance(value, datetime.datetime):
        problems.add(path, f"expected a date (YYYY-MM-DD), got a date and time {value.isoformat()}")
        return _MISSING
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value.strip())
        except ValueError as error:
            problems.add(path, f"expected a valid date (YYYY-MM-DD), got {value!r} ({error})")
            return _MISSING
    problems.add(path, f"expected a date (YYYY-MM-DD), got {_describe(value)}")
    return _MISSING


def _key_list(cls) -> str:
    return ", ".join(f.name for f in dataclasses.fields(cls))


def _describe(value) -> str:
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, datetime.date):
        return f"the date {value.isoformat()}"
    return f"{value!r}"
