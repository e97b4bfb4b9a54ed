"""What text a record may hold, and how record text is shown safely in messages and on a terminal.

A record is a disclosable document: text that would render differently from what was typed (hidden
direction overrides, control characters, broken characters) is refused when a record is read, so
every output (the form, the print view, Word, the command line) shows exactly what was saved.
Messages quote values from untrusted files, so quoting escapes anything that is not plain text.
"""
from __future__ import annotations

import re

from .record_messages import say

# Bidirectional embedding, override and isolate controls: they can make text read differently
# from what is stored ("Trojan Source"). Plain direction marks (U+200E, U+200F) stay allowed.
BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069"
# Not allowed in record text: C0 controls except tab and newline (a carriage return is allowed as
# part of a line break), DEL and C1 controls, lone surrogates, the bidi controls, and the two
# non-characters XML cannot hold.
_NOT_ALLOWED = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff{BIDI_CONTROLS}\ufffe\uffff]")
# Escaped whenever text is printed or quoted: the same, plus tab, newline and carriage return.
_ESCAPED = re.compile(f"[\x00-\x1f\x7f-\x9f\ud800-\udfff{BIDI_CONTROLS}\ufffe\uffff]")
_ESCAPED_KEEP_LINES = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff{BIDI_CONTROLS}\ufffe\uffff]")


def _code(character: str) -> str:
    return f"U+{ord(character):04X}"


def text_problem(text: str, framework=None) -> str | None:
    """Why `text` cannot be kept in a record (the end of a sentence, in the framework's language), or
    None when it can."""
    found = _NOT_ALLOWED.search(text)
    if found is None:
        return None
    character = found.group(0)
    if "\ud800" <= character <= "\udfff":
        return say(framework, "text_broken_character", code=_code(character))
    if character in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069":
        return say(framework, "text_direction_control", code=_code(character))
    return say(framework, "text_control_character", code=_code(character))


def escape_invisible(text: str, keep_lines: bool = False) -> str:
    """`text` with every control, bidi control or broken character written as a visible code."""
    pattern = _ESCAPED_KEEP_LINES if keep_lines else _ESCAPED
    return pattern.sub(lambda match: f"<{_code(match.group(0))}>", text)


def shown(value, limit: int = 40) -> str:
    """A value from a file, quoted for a message: escaped and cut to `limit` characters."""
    text = value if isinstance(value, str) else repr(value)
    cut = text[:limit] + ("\u2026" if len(text) > limit else "")
    return f"\u201c{escape_invisible(cut)}\u201d"


def terminal_safe(text: str) -> str:
    """Text for a terminal: no escape sequences (colours, OSC 52 clipboard writes, cursor moves),
    no bidi controls, no broken characters; line breaks and tabs kept."""
    return _ESCAPED_KEEP_LINES.sub(lambda match: f"<{_code(match.group(0))}>",
                                   text.replace("\r\n", "\n"))
