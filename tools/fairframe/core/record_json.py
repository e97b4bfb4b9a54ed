"""Reading a record file's JSON within bounds: size, nesting depth, number length, duplicate keys.

Python's json module trusts its input: deep nesting exhausts the stack (fatal in the browser), a
5,000-digit number raises ValueError, duplicate keys silently keep the last value. This module
checks all of that first, so that reading a file can only ever fail with a RecordError, its
problems in the language of `framework` (English without one: record_messages).
"""
from __future__ import annotations

import itertools
import json
import re

from .errors import RecordError
from .record_messages import say
from .record_text import shown

MAX_BYTES = 1_000_000  # a record file as the form saves it (indented), at most
MAX_DEPTH = 16  # a record nests 5 deep (record > snapshots > snapshot > answers); 16 leaves room
MAX_NUMBER = 20  # characters in one number (only schema_version is a number)
# One JSON string (to its closing quote, or to the end when unterminated): strings are left out
# when counting brackets. Then everything but brackets.
_STRING = re.compile(r'"(?:[^"\\]+|\\.)*(?:"|\\?\Z)', re.S)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


class _Refused(Exception):
    """Raised inside the json hooks, with a message key and its values; turned into a RecordError."""

    def __init__(self, key: str, /, **values):
        super().__init__(key)
        self.key, self.values = key, values


def too_large(size: int, framework=None) -> RecordError:
    maximum = MAX_BYTES // 1000
    if size == MAX_BYTES + 1:  # only the first bytes were read: the file is larger still
        return RecordError([say(framework, "file_larger_than", max=maximum)])
    shown = f"{size // 1000}" if size <= MAX_BYTES + 1000 else f"{size // 1000:,}"
    return RecordError([say(framework, "file_too_large", size=shown, max=maximum)])


def as_text(raw, framework=None) -> str:
    """The file's text: bytes are checked for size and decoded (a UTF-8 byte-order mark is fine)."""
    if isinstance(raw, (bytes, bytearray, memoryview)):
        raw = bytes(raw)
        if len(raw) > MAX_BYTES:
            raise too_large(len(raw), framework)
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise RecordError([say(framework, "not_a_text_file")]) from None
    if not isinstance(raw, str):
        raise RecordError([say(framework, "not_text")])
    if len(raw) > MAX_BYTES or len(raw.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise too_large(len(raw.encode("utf-8", "surrogatepass")), framework)
    return raw[1:] if raw.startswith("\ufeff") else raw


def _check_depth(text: str, framework=None) -> None:
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text))
    depth = 0
    for start in range(0, len(brackets), 4096):  # in chunks, to stop early on a deep file
        steps = list(itertools.accumulate(map(_STEP.__getitem__, brackets[start:start + 4096]), initial=depth))
        if max(steps) > MAX_DEPTH:
            raise RecordError([say(framework, "too_deep", depth=MAX_DEPTH)])
        depth = steps[-1]


def _object(pairs):
    result = {}
    for key, value in pairs:
        if key in result:
            raise _Refused("duplicate_key", key=shown(key))
        result[key] = value
    return result


def _number(kind):
    def parse(text: str):
        if len(text) > MAX_NUMBER:
            raise _Refused("long_number", length=len(text))
        return kind(text)
    return parse


def _constant(name: str):
    raise _Refused("not_json_constant", name=name)


def load_json(raw, framework=None):
    """The data of a record file (not yet checked as a record); RecordError, its problems in the
    framework's language, for anything else."""
    text = as_text(raw, framework)
    if not text.strip():
        raise RecordError([say(framework, "empty")])
    _check_depth(text, framework)
    try:
        return json.loads(text, object_pairs_hook=_object, parse_int=_number(int), parse_float=_number(float),
                          parse_constant=_constant)
    except _Refused as refused:
        raise RecordError([say(framework, refused.key, **refused.values)]) from None
    except json.JSONDecodeError as error:
        raise RecordError([say(framework, "not_json", line=error.lineno, column=error.colno,
                               reason=error.msg)]) from None
    except (RecursionError, ValueError, MemoryError):
        raise RecordError([say(framework, "damaged")]) from None
