"""Reads a YAML file within fixed bounds, so that no input can exhaust time or memory.

A source file or an overlay may come from someone other than the person running the build. Before
anything is composed, the file is checked: its size (from stat, then reading at most the limit plus
one byte), UTF-8, control characters, and then its stream of parser events: no anchors, aliases or
merge keys (the source has no need for them, and refusing them stops "billion laughs" and recursive
aliases without expanding anything), nesting no deeper than MAX_DEPTH and at most MAX_VALUES values.
Only then is the file composed, which is safe once those bounds hold. Every refusal is a Problem
with the file, line and column, what is wrong and what is allowed.
"""
from __future__ import annotations

import re
import stat
import unicodedata
from pathlib import Path

import yaml

from .core.problems import Problem

SOURCE_LIMIT = 2 * 1024 * 1024  # bytes, for a file in framework/, case_studies/ or an edition
OVERLAY_LIMIT = 256 * 1024  # bytes, for an organisation's overlay
MAX_DEPTH = 20  # lists and mappings inside one another; the real source uses 6
MAX_VALUES = 20_000  # texts, lists and mappings in one file; the largest real file has under 1,000
MAX_IMPLICIT_LENGTH = 100  # characters: a longer plain text is text, never a number, date or boolean
STR_TAG = "tag:yaml.org,2002:str"


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """libyaml when present (it parses in C, a 2 MB file in well under a second), pure Python
    otherwise; a long plain text is not matched against the patterns for numbers, dates and booleans,
    whose regular expressions take time and memory in proportion to it (e.g. 1:1:1:... as an int)."""

    def resolve(self, kind, value, implicit):
        if kind is yaml.ScalarNode and implicit[0] and len(value) > MAX_IMPLICIT_LENGTH:
            return STR_TAG
        return super().resolve(kind, value, implicit)


LOADER = _Loader

TOP = "(top level)"
BOM = "\ufeff"
# NUL and the other C0 controls except tab, line feed and carriage return; DEL and C1; the Unicode
# bidirectional embeddings, overrides and isolates, which can make text read differently from what
# it is; and the two non-characters PyYAML itself refuses.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufffe\uffff]")
C0_NAMES = {0: "NUL", 7: "BEL", 8: "BACKSPACE", 0x1B: "ESCAPE", 0x7F: "DELETE"}
MERGE_TAG = "tag:yaml.org,2002:merge"


def _size(limit: int) -> str:
    return f"{limit // (1024 * 1024)} MB" if limit % (1024 * 1024) == 0 else f"{limit // 1024} KB"


def read_bounded_text(path: Path, display: str, limit: int) -> tuple[str | None, Problem | None]:
    """The text of `path`, or a Problem: too large, not a regular file, not UTF-8, a control character."""
    info = path.stat()  # a missing file raises FileNotFoundError, as any other missing input does
    if not stat.S_ISREG(info.st_mode):
        return None, Problem(display, 1, 1, TOP, "not a regular file: expected a YAML text file")
    too_large = (f"the file is larger than {_size(limit)} ({limit:,} bytes), the most allowed for "
                 f"{'an overlay' if limit == OVERLAY_LIMIT else 'a source file'}; split it or shorten it")
    if info.st_size > limit:  # refused before reading a byte
        return None, Problem(display, 1, 1, TOP, f"{too_large} (it is {info.st_size:,} bytes)")
    with path.open("rb") as file:
        raw = file.read(limit + 1)
    if len(raw) > limit:  # it grew after stat, or stat does not know its size
        return None, Problem(display, 1, 1, TOP, too_large)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = len(raw[raw.rfind(b"\n", 0, error.start) + 1:error.start].decode("utf-8", "replace")) + 1
        return None, Problem(display, line, column, TOP,
                             f"not UTF-8 text: the byte 0x{raw[error.start]:02x} cannot be read as UTF-8; "
                             f"save the file as UTF-8 (with or without a byte order mark)")
    text = text.removeprefix(BOM)
    found = CONTROL.search(text)
    if found:
        index = found.start()
        line = text.count("\n", 0, index) + 1
        column = index - text.rfind("\n", 0, index)
        more = len(CONTROL.findall(text)) - 1
        return None, Problem(display, line, column, TOP,
                             f"the control character {_name(found.group())} is not allowed"
                             + (f" ({more:,} more in the file)" if more else "")
                             + "; text may hold tabs and line breaks but no other control characters "
                               "or bidirectional overrides")
    return text, None


def _name(character: str) -> str:
    code = ord(character)
    name = C0_NAMES.get(code) or unicodedata.name(character, "a control character")
    return f"U+{code:04X} ({name})"


def check_events(text: str, display: str) -> Problem | None:
    """Walk the parser's events once, without composing: the first anchor, alias, merge key, nesting
    beyond MAX_DEPTH or value beyond MAX_VALUES is a Problem, as is a YAML syntax error."""
    depth = values = 0
    expecting_key = []  # per open collection: True when a mapping's next node is a key
    try:
        for event in yaml.parse(text, Loader=LOADER):
            if isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
                expecting_key.pop()
                continue
            if not isinstance(event, yaml.NodeEvent):
                continue
            is_key = bool(expecting_key) and expecting_key[-1] is True
            if expecting_key and expecting_key[-1] is not None:
                expecting_key[-1] = not expecting_key[-1]
            problem = _refused(event, is_key, depth, values)
            if problem:
                mark = event.start_mark
                return Problem(display, mark.line + 1, mark.column + 1, TOP, problem)
            values += 1
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                expecting_key.append(True if isinstance(event, yaml.MappingStartEvent) else None)
    except yaml.MarkedYAMLError as error:
        return syntax_problem(error, display)
    except yaml.YAMLError as error:  # e.g. a reader error without a position
        return Problem(display, 1, 1, TOP, f"not valid YAML: {error}")
    return None


def _refused(event, is_key: bool, depth: int, values: int) -> str | None:
    if isinstance(event, yaml.AliasEvent):
        return (f"an alias (*{event.anchor}) is not allowed: YAML anchors and aliases are refused in the "
                f"source; write the value out in full")
    if event.anchor is not None:
        return (f"an anchor (&{event.anchor}) is not allowed: YAML anchors and aliases are refused in the "
                f"source; write the value out in full")
    if is_key and isinstance(event, yaml.ScalarEvent) and (
            event.tag == MERGE_TAG or (event.value == "<<" and event.implicit[0])):
        return "a merge key (<<) is not allowed: write each key out in full"
    if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)) and depth >= MAX_DEPTH:
        return (f"lists and mappings are nested more than {MAX_DEPTH} levels deep here; at most {MAX_DEPTH} "
                f"levels are allowed")
    if values >= MAX_VALUES:
        return (f"the file holds more than {MAX_VALUES:,} values (texts, lists and mappings); at most "
                f"{MAX_VALUES:,} are allowed in one file: split it")
    return None


def syntax_problem(error: yaml.MarkedYAMLError, display: str) -> Problem:
    """A YAML syntax error, located where the broken construct starts, naming where parsing failed."""
    problem, context = error.problem or "", error.context or ""
    start, failed = error.context_mark, error.problem_mark
    if "maximum nesting depth" in problem:  # libyaml's own limit (1000), met before ours in a flow
        mark = failed or start
        return Problem(display, mark.line + 1, mark.column + 1, TOP,
                       f"lists and mappings are nested more than {MAX_DEPTH} levels deep here; at most "
                       f"{MAX_DEPTH} levels are allowed")
    if start is None or failed is None or (start.line, start.column) == (failed.line, failed.column):
        mark = failed or start
        message = f"not valid YAML: {problem}" + (f" ({context})" if context else "")
        return Problem(display, mark.line + 1, mark.column + 1, TOP, message)
    where = f"line {start.line + 1}, column {start.column + 1}"
    if "quoted scalar" in context and "end of stream" in problem:
        detail = f"the quoted text that starts at {where} is never closed"
    elif context.startswith("while "):
        detail = f"{context.removeprefix('while ').strip()} that starts at {where}"
    else:
        detail = f"{context}, from {where}"
    return Problem(display, start.line + 1, start.column + 1, TOP,
                   f"not valid YAML: {problem} ({detail}; parsing failed at line {failed.line + 1}, "
                   f"column {failed.column + 1})")
