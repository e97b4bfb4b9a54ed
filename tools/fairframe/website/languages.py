"""The site in each of its languages: English at the root, each translated language under /<lang>/.

A language is published when the edition has a translation store for it (translations/<lang>/). Its
project is the English one with the text translated (the edition's, the edition it follows and the
other editions' question texts where they have a store too). Pages keep the same paths in every
language, so the theme's language switcher goes to the same page in the other language.
"""
from __future__ import annotations

import dataclasses
from pathlib import Path
from urllib.parse import urlsplit

from ..editions import edition_roots, load_source
from ..project import Project, question_history
from ..translations import (LANGUAGES, MISSING, load_entries, overlay_entries, states, store_folder,
                            translated_framework)

ENGLISH = "en"
NAMES = {"en": "English", "cy": "Cymraeg"}  # each language's name in itself, for the switcher
TAGS = {"en": "en-GB", "cy": "cy-GB"}


def languages(project: Project) -> tuple[str, ...]:
    """English, then every language the edition has a translation store for (or those the project names)."""
    if project.languages is not None:
        return project.languages
    return (ENGLISH, *(lang for lang in LANGUAGES if store_folder(project.source, lang).is_dir()))


def prefix(lang: str) -> str:
    """Where a language's site goes in the built site: "" for English, "cy/" for Welsh."""
    return "" if lang == ENGLISH else f"{lang}/"


def in_language(project: Project, lang: str) -> Project:
    """The project with its text in `lang` (missing translations stay English)."""
    if lang == ENGLISH:
        return project
    framework = translated_framework(project.framework, entries(project, lang), lang)
    previous = project.previous
    if previous is not None:
        previous = _translated_edition(project, previous, lang)
    others = []
    for edition_id, folder in edition_roots(project.root).items():
        if edition_id in project.history:
            other = previous if previous is not None and previous.edition.id == edition_id else (
                project.editions.get(edition_id) or load_source(project.root, folder))
            others.append(_translated(project.root, folder, other, lang))
    return dataclasses.replace(project, framework=framework, previous=previous, history=question_history(others))


def _translated_edition(project: Project, edition, lang: str):
    folder = edition_roots(project.root).get(edition.edition.id)
    return _translated(project.root, folder, edition, lang) if folder is not None else edition


def _translated(root: Path, folder: Path, framework, lang: str):
    if not store_folder(folder, lang).is_dir():
        return framework
    return translated_framework(framework, load_entries(folder, lang, framework, root), lang)


def missing(project: Project, lang: str) -> list[str]:
    """The keys of the texts with no translation into `lang`."""
    return [key for key, state in states(project.framework, entries(project, lang)).items() if state == MISSING]


def entries(project: Project, lang: str) -> dict:
    """The translations of the project's text into `lang`: the edition's, and the overlay's own."""
    found = load_entries(project.source, lang, project.framework, project.root)
    if project.overlay is not None:
        found |= overlay_entries(project.framework, project.overlay.overlay, lang)
    return found


def alternates(langs: tuple[str, ...], site_url: str | None) -> list[dict]:
    """mkdocs-material's language switcher (extra.alternate): root-relative links, so that the
    theme's look-up of the same page in the other language stays on this site's origin."""
    base = urlsplit(site_url).path if site_url else "/"
    base = base if base.endswith("/") else base + "/"
    return [{"name": NAMES.get(lang, lang), "link": base + prefix(lang), "lang": lang} for lang in langs]
