"""Translations as gettext PO files, for translators' own tools (Poedit, Virtaal, Weblate, memoQ...).

Each text is one PO entry: `msgctxt` is its key ("P2.Q4.text"), `msgid` its English original,
`msgstr` the translation, an extracted comment says where it appears, and the "fuzzy" flag marks
what a translator has not reviewed yet (a draft, or a translation whose English has changed, which a
translator's comment then says). A translator clears "fuzzy" to mark an entry reviewed. polib reads
and writes the format; nothing here writes PO syntax by hand.
"""
from __future__ import annotations

from pathlib import Path

import polib

from .core.model import Framework
from .core.problems import Problem, SourceError
from .core.text_keys import fingerprint, text_entries
from .translations import LANGUAGES, NEEDS_REVIEW, REVIEWED, Entry, kept_mismatch, state

MAX_BYTES = 5 * 1024 * 1024  # a PO file of every text of an edition is about 300 KB
CHANGED = "The English has changed since this was translated: check the translation against it."
PLACES = (("ui.", "interface text (a heading, label, button or message) of the site, the form, the Word "
                   "framework, the learning pack or the command line"),
          ("edition.", "the edition: every page's footer, the Word framework, the learning pack"),
          ("answer.", "an answer of the scale (Yes, No, Unknown)"),
          ("scope.", "a profession, care setting or nation: the form's lists and the case studies"),
          ("guidance.", "a guidance section: How to use the framework"),
          ("policy.", "a national policy: How to use the framework, and the form's list of policies"),
          ("session.", "the training session guide: the learning pack"),
          ("organisation.", "the organisation's own details"),
          ("CS-", "a case study: its page and the learning pack"))


def where(key: str) -> str:
    """Where a text appears, for the translator."""
    for prefix, place in PLACES:
        if key.startswith(prefix):
            return f"{key}: {place}"
    part = key.split(".")[1] if "." in key else ""
    if part[:1] == "Q" and part[1:].isdigit():
        return f"{key}: a framework question (its page, the form, the Word framework)"
    if part[:1] == "C" and part[1:].isdigit():
        return f"{key}: a consideration (the principle's page, the Word framework)"
    return f"{key}: a principle (its page, the form, the Word framework, the learning pack)"


def export_po(framework: Framework, entries: dict[str, Entry], lang: str) -> str:
    po = polib.POFile(wrapwidth=0)
    po.metadata = {"Project-Id-Version": f"fairframe {framework.edition.id}", "Language": lang,
                   "MIME-Version": "1.0", "Content-Type": "text/plain; charset=UTF-8",
                   "Content-Transfer-Encoding": "8bit", "X-Fairframe-Edition": framework.edition.id}
    for key, english in text_entries(framework).items():
        entry = entries.get(key)
        found = state(english, entry)
        po.append(polib.POEntry(msgctxt=key, msgid=english, msgstr=entry.text if entry else "",
                                comment=where(key), tcomment=CHANGED if found == NEEDS_REVIEW else "",
                                flags=[] if found == REVIEWED or entry is None else ["fuzzy"]))
    return str(po)


def import_po(path: Path, framework: Framework, entries: dict[str, Entry]) -> tuple[str, dict[str, Entry]]:
    """(language, the store's entries updated from the PO file at `path`). Raises SourceError, with
    the file's line numbers, for anything it cannot take; then nothing is changed."""
    display = path.name
    problems: list[Problem] = []
    try:
        if path.stat().st_size > MAX_BYTES:
            raise SourceError([Problem(display, None, None, "(file)", f"larger than {MAX_BYTES // 1024 // 1024} MB")])
        po = polib.pofile(str(path), wrapwidth=0, check_for_duplicates=True)
    except (OSError, ValueError, UnicodeDecodeError) as error:
        raise SourceError([Problem(display, None, None, "(file)", f"not a readable PO file: {error}")]) from None
    lang = po.metadata.get("Language", "")
    if lang not in LANGUAGES:
        raise SourceError([Problem(display, 1, 1, "Language", f"the header names language {lang!r}: expected one of "
                                                              f"{', '.join(LANGUAGES)}")])
    known = text_entries(framework)
    updated = dict(entries)
    for item in po:
        problem = _take(item, known, updated)
        if problem:
            problems.append(Problem(display, item.linenum, 1, item.msgctxt or "(no msgctxt)", problem))
    if problems:
        raise SourceError(problems)
    return lang, updated


def _take(item: polib.POEntry, known: dict[str, str], updated: dict[str, Entry]) -> str | None:
    key = item.msgctxt
    if item.obsolete:
        return None
    if not key or key not in known:
        return "no text of this edition has this id and field (msgctxt)"
    if item.msgid_plural:
        return "plural forms are not used"
    if item.msgid != known[key]:
        return "its English (msgid) is not the edition's any more: export the file again"
    text, fuzzy = item.msgstr, "fuzzy" in item.flags
    if not text.strip():
        if key in updated:
            return "the translation is empty (it would remove the one kept)"
        return None  # still missing
    mismatch = kept_mismatch(known[key], text)
    if mismatch:
        return mismatch
    before = updated.get(key)
    if fuzzy and before is not None and before.text == text:
        return None  # untouched: keeps its state (a draft, or needing review)
    updated[key] = Entry(text, fingerprint(known[key]), reviewed=not fuzzy)
    return None
