"""What a text field of the source may hold, so that text stays text in every output.

Every text field (the framework, the case studies, the guidance and an organisation's overlay:
its name, contacts, local policies and questions) holds plain text and, at most, the small part of
Markdown the content uses:

- paragraphs, separated by a blank line, and lists, a line starting with "- ";
- *emphasis* and **strong**;
- links written [text](target), where the target is https://..., mailto:..., tel:... or a page of
  this site by a relative path (../how-to-use.md#answers, #P1.Q1).

`problems` (run by `validate`, through schema.build, for every text field) refuses, naming what it
found and where:

- raw HTML: a "<" followed by a letter, "/", "!" or "?" ("a < b" and "b > a" are text);
- HTML character references (&amp;, &#106;, &#x6a;): write the character itself;
- a link, or an address, with any other scheme (javascript:, vbscript:, data:, file:, http:, ...),
  a link to another host without https (//host), and images ![...](...);
- curly braces { }: the site reads {: ...} and { #id .class key=value } as attribute lists;
- control characters other than a line break (tabs included), the Unicode bidirectional
  controls, line and paragraph separators, and lone surrogates.

The renderers do not rely on this check alone: `markdown_escape` and `inline_markdown` turn any
string into Markdown that shows it as text (keeping the allowed links), and `printable` removes
control characters. Standard library only: this also runs in the browser.
"""
from __future__ import annotations

import dataclasses
import re

ALLOWED = ("text fields hold plain text, with paragraphs, \"- \" lists, *emphasis*, **strong** and links "
           "[text](https://...) or [text](a page of this site)")
CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]")
HTML_TAG = re.compile(r"<[A-Za-z/!?]")
REFERENCE = re.compile(r"&(?:#[0-9]|#[xX][0-9A-Fa-f]|[A-Za-z][A-Za-z0-9]*;)")
BRACES = re.compile(r"[{}]")
LINK = re.compile(r"(!?)\[([^\[\]\n]*)\]\(((?:[^()\n]|\([^()\n]*\))*)\)")  # one level of (...) in the target
LINK_DEFINITION = re.compile(r"^[ ]{0,3}\[[^\]\n]*\]:", re.MULTILINE)
BARE_SCHEME = re.compile(r"(?i)\b(?:javascript|vbscript|livescript|data|file)\s*:(?=\S)")
WHOLE_URL = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):\S*$")
SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
SAFE_SCHEMES = ("https", "mailto", "tel")
UNSAFE_IN_TARGET = re.compile(r"[\s<>\"'{}\[\]`\\]")


def safe_target(target: str) -> bool:
    """True for a link target that runs nothing and leaves the site only over https."""
    target = target.strip()
    if (not target or UNSAFE_IN_TARGET.search(target) or CONTROL.search(target)
            or target.startswith("//") or REFERENCE.search(target)):
        return False
    scheme = SCHEME.match(target)
    if scheme:
        name = scheme.group(1).lower()
        return name in SAFE_SCHEMES and not (name == "https" and not target.lower().startswith("https://"))
    return True  # a relative path, a #fragment or a /path on this site


PLACEHOLDER = re.compile(r"\{[a-z_]+\}")  # interface text only: {page} is filled in by the renderer
# A character without which none of the checks below can find anything: most texts have none, and
# one search instead of eight makes loading a framework about a third faster (here and in the form).
SUSPECT = re.compile(CONTROL.pattern + r"|[<&{}\[:]")


def problems(value: str, placeholders: bool = False) -> list[str]:
    """A message for each thing in `value` outside the policy above; empty when it is fine.
    `placeholders`: interface text, where {name} marks a value the renderer fills in."""
    if not SUSPECT.search(value):
        return []
    return every_problem(value, placeholders)


def every_problem(value: str, placeholders: bool = False) -> list[str]:
    """`problems` without the quick test for a suspect character: every check, on every text."""
    found = []
    control = CONTROL.search(value)
    if control:
        found.append(f"control character U+{ord(control.group()):04X} at character {control.start() + 1} is "
                     f"not allowed (only line breaks are); {ALLOWED}")
    tag = HTML_TAG.search(value)
    if tag:
        found.append(f"raw HTML is not allowed: found {_excerpt(value, tag.start())}; {ALLOWED}")
    reference = REFERENCE.search(value)
    if reference:
        found.append(f"HTML character references are not allowed: found {_excerpt(value, reference.start())}; "
                     f"write the character itself; {ALLOWED}")
    brace = BRACES.search(PLACEHOLDER.sub("", value) if placeholders else value)
    if brace:
        found.append(f"curly braces are not allowed (the site would read {{...}} as attributes): found "
                     f"{_excerpt(value, brace.start())}; {ALLOWED}")
    for link in LINK.finditer(value):
        if link.group(1):
            found.append(f"images are not allowed: found {_excerpt(value, link.start())}; {ALLOWED}")
        elif not safe_target(link.group(3)):
            found.append(f"link target {link.group(3).strip()[:60]!r} is not allowed: a link goes to https://, "
                         f"mailto:, tel: or a page of this site; {ALLOWED}")
    if LINK_DEFINITION.search(value):
        found.append(f"link definitions ([name]: target) are not allowed; {ALLOWED}")
    bare = BARE_SCHEME.search(value) or _unsafe_whole_url(value)
    if bare:
        found.append(f"the address {_excerpt(value, bare.start())} is not allowed: an address starts with "
                     f"https://, mailto: or tel:; {ALLOWED}")
    return found


def _unsafe_whole_url(value: str):
    """A value that is one address (a contact's web page, say) with a scheme other than the safe ones."""
    match = WHOLE_URL.match(value)
    return match if match and not safe_target(value) else None


def _excerpt(value: str, start: int) -> str:
    return f"{value[start:start + 24]!r} at character {start + 1}"


def printable(value) -> str:
    """`value` with every control character (but a line break) replaced by a space."""
    return CONTROL.sub(" ", str(value))


_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "{": "&#123;", "}": "&#125;", "[": "&#91;", "]": "&#93;",
            "`": "&#96;", "\\": "&#92;", "!": "&#33;", "|": "&#124;"}
_SPECIAL = re.compile(r"[&<>{}\[\]`\\]|!(?=\[)")
_SPECIAL_INLINE = re.compile(r"[&<>{}\[\]`\\|]|!(?=\[)")


def _escape(text: str, pattern=_SPECIAL) -> str:
    return pattern.sub(lambda m: _ESCAPES[m.group()[0]], text)


def markdown_escape(value, inline: bool = False) -> str:
    """Markdown that shows `value` as text: no HTML, no attribute lists, no images, no character
    references; the allowed Markdown (paragraphs, lists, emphasis, safe links) still works."""
    text = printable(value)
    pattern = _SPECIAL_INLINE if inline else _SPECIAL
    if inline:
        text = " ".join(text.split())
    out, last = [], 0
    for link in LINK.finditer(text):
        if link.group(1) or not safe_target(link.group(3)):
            continue
        out.append(_escape(text[last:link.start()], pattern))
        out.append(f"[{_escape(link.group(2), pattern)}]({link.group(3).strip()})")
        last = link.end()
    out.append(_escape(text[last:], pattern))
    return "".join(out)


def inline_markdown(value) -> str:
    """Like markdown_escape, on one line with "|" escaped: for headings, table cells, list items
    and link texts."""
    return markdown_escape(value, inline=True)


def without_controls(value):
    """`value` (a model dataclass, a tuple or a string) with control characters removed from every
    string in it: for renderers whose format cannot hold them at all (XML in the .docx)."""
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, tuple):
        return tuple(without_controls(item) for item in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.replace(value, **{f.name: without_controls(getattr(value, f.name))
                                             for f in dataclasses.fields(value) if f.init})
    return value
