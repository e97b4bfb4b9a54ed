"""Reading a record file's JSON within bounds: size, nesting depth, number length, duplicate keys.

Python's json module trusts its input: deep nesting exhausts the stack (fatal in the browser), a
5,000-digit number raises ValueError, duplicate keys silently keep the last value. This module
checks all of that first, so that reading a file can only ever fail with a RecordError.
"""
from __future__ import annotations

import itertools
import json
import re

from .errors import RecordError
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
    """Raised inside the json hooks; turned into a RecordError."""


def too_large(size: int) -> RecordError:
    shown = f"{size // 1000} KB" if size <= MAX_BYTES + 1000 else f"{size // 1000:,} KB"
    if size == MAX_BYTES + 1:  # only the first bytes were read: the file is larger still
        shown = f"more than {MAX_BYTES // 1000} KB"
    return RecordError([f"The file is {shown}: a record can be at most {MAX_BYTES // 1000} KB. "
                        f"Choose the .json file the form saved."])


def as_text(raw) -> str:
    """The file's text: bytes are checked for size and decoded (a UTF-8 byte-order mark is fine)."""
    if isinstance(raw, (bytes, bytearray, memoryview)):
        raw = bytes(raw)
        if len(raw) > MAX_BYTES:
            raise too_large(len(raw))
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise RecordError(["The file is not a text file. Choose the .json file the form saved."]) from None
    if not isinstance(raw, str):
        raise RecordError(["The file could not be read as text. Choose the .json file the form saved."])
    if len(raw) > MAX_BYTES or len(raw.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise too_large(len(raw.encode("utf-8", "surrogatepass")))
    return raw[1:] if raw.startswith("\ufeff") else raw


def _check_depth(text: str) -> None:
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text))
    depth = 0
    for start in range(0, len(brackets), 4096):  # in chunks, to stop early on a deep file
        steps = list(itertools.accumulate(map(_STEP.__getitem__, brackets[start:start + 4096]), initial=depth))
        if max(steps) > MAX_DEPTH:
            raise RecordError([f"The file nests its data more than {MAX_DEPTH} levels deep: it is not a record "
                               f"the form saved."])
        depth = steps[-1]


def _object(pairs):
    result = {}
    for key, value in pairs:
        if key in result:
            raise _Refused(f"The file gives {shown(key)} twice in the same section: a record names each "
                           f"value once, so it is not clear which one to keep.")
        result[key] = value
    return result


def _number(kind):
    def parse(text: str):
        if len(text) > MAX_NUMBER:
            raise _Refused(f"The file holds a number {len(text)} characters long: a record holds no such number.")
        return kind(text)
    return parse


def _constant(name: str):
    raise _Refused(f"The file holds {name}, which is not valid JSON.")


def load_json(raw):
    """The data of a record file (not yet checked as a record); RecordError for anything else."""
    text = as_text(raw)
    if not text.strip():
        raise RecordError(["The file is empty. Choose the .json file the form saved."])
    _check_depth(text)
    try:
        return json.loads(text, object_pairs_hook=_object, parse_int=_number(int), parse_float=_number(float),
                          parse_constant=_constant)
    except _Refused as refused:
        raise RecordError([str(refused)]) from None
    except json.JSONDecodeError as error:
        raise RecordError([f"The file is damaged or incomplete: it is not valid JSON (line {error.lineno}, "
                           f"column {error.colno}: {error.msg})."]) from None
    except (RecursionError, ValueError, MemoryError):
        raise RecordError(["The file is damaged: it is not valid JSON. Choose the .json file the form "
                           "saved."]) from None
