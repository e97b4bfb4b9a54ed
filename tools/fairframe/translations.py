"""Translations of an edition's text, kept beside its source: <source>/translations/<lang>/*.yaml.

Each entry is keyed by the id and field of the text it translates ("P2.Q4.text"), holds the
translation, the fingerprint of the English original it was made from, and whether a qualified
translator has reviewed it. The English source stays the single source of truth: when an original
changes, its fingerprint no longer matches and the translation needs review.

An entry is in one of four states: missing (no translation), needs review (its English has changed
since), translated (a draft nobody has reviewed yet) or reviewed.
"""
from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import yaml

from .core.model import Framework
from .core.problems import Problem, SourceError
from .core.text_keys import UI, fingerprint, text_entries, translate
from .source import read_yaml

LANGUAGES = {"cy": "Welsh"}
FOLDER = "translations"
CASE_STUDY_FILE, FRAMEWORK_FILE = "case_studies.yaml", "framework.yaml"
INTERFACE_FILE = "interface-"  # interface-<area>.yaml, in the project's own folder: shared by every edition
MISSING, NEEDS_REVIEW, TRANSLATED, REVIEWED = "missing", "needs review", "translated", "reviewed"
STATES = (TRANSLATED, NEEDS_REVIEW, MISSING, REVIEWED)
HEADER = ("# {name} ({lang}) translations of this edition's text, keyed by id and field. A DRAFT translation until\n"
          "# a qualified translator has reviewed every entry. Each entry: `{lang}`, the\n"
          "# translation; `en`, the fingerprint of the English original it translates (when the English\n"
          "# changes, the entry needs review); `reviewed: true` once a qualified translator has checked it.\n"
          "# Edit with `fairframe translations export --lang {lang}` and `... import FILE`.\n")
# What must come through a translation unchanged: link targets, ids, e-mail addresses and numbers.
KEPT = re.compile(r"\{\w+\}|\]\([^)\s]+\)|\b(?:P[1-5](?:\.[QC]\d+)?|CS-\d\d)\b|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\d+")
# The same without e-mail addresses, for a text with no "@": the same matches, found in half the time
# (the address pattern is otherwise tried, and fails, at every letter of every word).
KEPT_WITHOUT_ADDRESSES = re.compile(r"\{\w+\}|\]\([^)\s]+\)|\b(?:P[1-5](?:\.[QC]\d+)?|CS-\d\d)\b|\d+")


@dataclasses.dataclass(frozen=True)
class Entry:
    text: str
    english: str  # the fingerprint of the English original it was made from
    reviewed: bool = False


def store_folder(source: Path, lang: str) -> Path:
    return source / FOLDER / lang


def _check_language(lang: str) -> None:
    if lang not in LANGUAGES:
        raise SourceError([Problem("--lang", None, None, "(language)",
                                   f"no language {lang!r}: use one of {', '.join(LANGUAGES)}")])


def load_entries(source: Path, lang: str, framework: Framework, project: Path | None = None) -> dict[str, Entry]:
    """The translations of the edition at `source` into `lang`. Raises SourceError, with file and
    line, for an entry that cannot be read or names no text of the edition."""
    _check_language(lang)
    folder = store_folder(source, lang)
    known = text_entries(framework)
    entries: dict[str, Entry] = {}
    problems: list[Problem] = []
    files = sorted(folder.glob("*.yaml"))
    if project is not None and project.resolve() != source.resolve():  # an edition's: the project's interface
        files += sorted(store_folder(project, lang).glob(f"{INTERFACE_FILE}*.yaml"))
    for path in files:
        display = path.relative_to(project).as_posix() if project and path.is_relative_to(project) else str(path)
        data, positions, found = read_yaml(path, display)
        problems += found
        for key, value in (data or {}).items():
            where = positions.get((key,), (display, None, None))
            entry, problem = _entry(key, value, known)
            if problem:
                problems.append(Problem(*where, key, problem))
            elif key in entries:
                problems.append(Problem(*where, key, "translated twice (in another file too)"))
            else:
                entries[key] = entry
    if problems:
        raise SourceError(problems)
    return entries


def _entry(key, value, known: dict[str, str]) -> tuple[Entry | None, str | None]:
    if key not in known:
        return None, "no text of this edition has this id and field"
    if not isinstance(value, dict) or not isinstance(value.get(_lang_field(value)), str):
        return None, "expected a mapping with the translation and `en`, the English original's fingerprint"
    text = value[_lang_field(value)]
    if not text.strip():
        return None, "the translation is empty"
    mismatch = kept_mismatch(known[key], text)
    if mismatch:
        return None, mismatch
    return Entry(text, str(value.get("en", "")), value.get("reviewed") is True), None


def _lang_field(value: dict) -> str:
    return next((lang for lang in LANGUAGES if lang in value), "cy")


def _kept(text: str) -> list[str]:
    return (KEPT if "@" in text else KEPT_WITHOUT_ADDRESSES).findall(text)


def kept_mismatch(english: str, translation: str) -> str | None:
    """What a translation changed that it must keep: link targets, ids, e-mail addresses, numbers."""
    wanted, got = sorted(_kept(english)), sorted(_kept(translation))
    if wanted == got:
        return None
    lost = [item for item in wanted if item not in got]
    added = [item for item in got if item not in wanted]
    parts = ([f"lost {', '.join(lost)}"] if lost else []) + ([f"added {', '.join(added)}"] if added else [])
    return f"the translation must keep the links, ids and numbers of the English: it {' and '.join(parts)}"


def state(english: str, entry: Entry | None) -> str:
    if entry is None:
        return MISSING
    if entry.english != fingerprint(english):
        return NEEDS_REVIEW
    return REVIEWED if entry.reviewed else TRANSLATED


def states(framework: Framework, entries: dict[str, Entry]) -> dict[str, str]:
    """{key: state} for every text of the framework."""
    return {key: state(english, entries.get(key)) for key, english in text_entries(framework).items()}


def translated_framework(framework: Framework, entries: dict[str, Entry], lang: str) -> Framework:
    """The framework with every translated text in the other language (missing ones stay English)."""
    translated = translate(framework, {key: entry.text for key, entry in entries.items()}, lang)
    reviewed = all(found == REVIEWED for found in states(framework, entries).values())
    return dataclasses.replace(translated, translation_draft=not reviewed)


def overlay_entries(framework: Framework, overlay, lang: str) -> dict[str, Entry]:
    """The overlay's own text in `lang`, as entries of the framework it was applied to. The overlay
    keeps both languages side by side, so its entries follow the English they stand beside."""
    english = text_entries(framework)
    return {key: Entry(text, fingerprint(english[key]), translation.reviewed)
            for translation in (overlay.translations if overlay is not None else ()) if translation.language == lang
            for key, text in translation.texts.items() if key in english}


def write_entries(source: Path, lang: str, framework: Framework, entries: dict[str, Entry],
                  project: Path | None = None) -> list[Path]:
    """Rewrite the store of `lang` from `entries`, in the edition's order: case studies and the
    session guide in one file, the interface text by area in the project's folder, the rest in
    another. Returns the files written."""
    files: dict[Path, dict] = {store_folder(source, lang) / FRAMEWORK_FILE: {},
                               store_folder(source, lang) / CASE_STUDY_FILE: {}}
    for key in text_entries(framework):
        if key in entries:
            entry = entries[key]
            target = store_folder(source, lang) / (CASE_STUDY_FILE if key.startswith(("CS-", "session."))
                                                   else FRAMEWORK_FILE)
            if key.startswith(UI):
                area = key[len(UI):].split(".")[0]
                target = store_folder(project or source, lang) / f"{INTERFACE_FILE}{area}.yaml"
            files.setdefault(target, {})
            reviewed = {"reviewed": True} if entry.reviewed else {}
            files[target][key] = {"en": entry.english, lang: entry.text, **reviewed}
    written = []
    for path, data in files.items():
        text = HEADER.format(name=LANGUAGES[lang], lang=lang)
        text += yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100) if data else ""
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def status_rows(framework: Framework, entries: dict[str, Entry]) -> dict[str, int]:
    found = states(framework, entries)
    return {name: sum(1 for value in found.values() if value == name) for name in STATES}
