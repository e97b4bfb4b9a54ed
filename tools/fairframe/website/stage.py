"""Writes everything the site engine builds into a staging folder: a copy of docs/ holding only
renderer output (the hand-written pages with their templates already rendered, the generated pages,
the downloads and the form's files) and the engine's configuration for it.

The engine (mkdocs, or Zensical) then needs no plugin or hook of ours, so the site does not depend on
one engine. Files are written only when their bytes change, so that a live preview watching the
staging folder rebuilds only after a real change.
"""
from __future__ import annotations

import copy
import os
import re
import shutil
from pathlib import Path

import jinja2
import yaml

from ..project import Project
from ..core import dates
from ..templating import html_text, inline, markdown_text, render
from . import accessibility
from .form import pyodide_files
from .pages import generated_pages, principle_uri, section_navs

DOCS = "docs"
LANGUAGE_SCRIPT = "assets/javascripts/languages.js"  # the switcher to this page in the other language
PYODIDE_LOADER = "/pyodide.mjs"  # what worker.mjs imports, beside its own folder
CONFIG = "mkdocs.yml"
FRONT_MATTER = re.compile(r"\A(---\n.*?\n---\n)", re.DOTALL)


def site_name(project: Project) -> str:
    """The site's name, HTML-escaped (the theme prints it unescaped, in text and in attributes)."""
    framework = project.framework
    if framework.organisation is None:
        if framework.language != "en":
            return str(html_text(framework.edition.title))
        return str(_base_config(project.root)["site_name"])
    return str(html_text(f"{framework.edition.title}: {framework.organisation.name}"))


def draft_banner(project: Project) -> str:
    """The line a draft edition shows at the top of every page (overrides/main.html); none when published."""
    framework = project.framework
    edition = framework.edition
    parts = []
    if edition.draft:
        parts.append(f"{framework.ui('site.draft_edition', edition=edition.id)} "
                     f"{framework.ui('site.draft_notice', year=edition.id[:4])}")
    if framework.translation_draft:  # a translation says it is a draft until every entry is reviewed
        parts.append(framework.ui("site.draft_translation"))
    return " ".join(parts)


def engine_config(project: Project, docs: Path, site_url: str | None = None,
                  alternate: list[dict] | None = None) -> dict:
    """mkdocs.yml for the staged pages: no hooks and no macros (the pages are rendered already), the
    nav expanded to one page per principle and study, the edition's name, footer and logo, and the
    framework's language (the theme's own words in it, and `alternate`, the language switcher)."""
    config = copy.deepcopy(_base_config(project.root))
    config["theme"]["language"] = project.framework.language
    for palette, key in zip(config["theme"].get("palette") or [], ("site.palette_to_dark", "site.palette_to_light")):
        if isinstance(palette, dict) and isinstance(palette.get("toggle"), dict):
            palette["toggle"]["name"] = project.framework.ui(key)  # the theme's words, in the page's language
    for extension in config.get("markdown_extensions") or []:
        if isinstance(extension, dict) and isinstance(extension.get("toc"), dict):
            extension["toc"]["permalink_title"] = project.framework.ui("site.permalink_title")
    if alternate:
        config.setdefault("extra", {})["alternate"] = alternate
        config["extra_javascript"] = [*config.get("extra_javascript", []), LANGUAGE_SCRIPT]
    config["docs_dir"] = str(docs)
    config["theme"]["custom_dir"] = str(project.root / config["theme"].get("custom_dir", "overrides"))
    config.pop("hooks", None)
    config.pop("watch", None)
    config["plugins"] = [plugin for plugin in config.get("plugins", [])
                         if not (isinstance(plugin, dict) and "macros" in plugin) and plugin != "macros"]
    framework = project.framework
    config["copyright"] = render("website", "copyright.html.j2", framework=framework).strip()
    config["site_name"] = site_name(project)
    if framework.organisation is not None and framework.organisation.logo:
        config["theme"]["logo"] = framework.organisation.logo
    extra = config.setdefault("extra", {})
    extra["draft_banner"] = draft_banner(project)
    # overrides/main.html's and offline.js's own words, in the page's language
    extra["ui_draft"] = framework.ui("site.draft_prefix")
    extra["ui_offline"] = {message.key.removeprefix("site."): message.text for message in framework.interface
                           if message.key.startswith("site.offline_")}
    if site_url:
        config["site_url"] = site_url
    config["nav"] = _expanded_nav([_nav_title(entry, framework) for entry in config.get("nav") or []],
                                  section_navs(framework))
    return config


def _nav_title(entry, framework):
    """A nav entry with its title in the framework's language (site.nav_<page>, e.g. site.nav_downloads)."""
    if not (isinstance(entry, dict) and len(entry) == 1 and isinstance(next(iter(entry.values())), str)):
        return entry
    title, uri = next(iter(entry.items()))
    page = uri.removesuffix("/index.md").removesuffix(".md").replace("-", "_")
    try:
        return {framework.ui(f"site.nav_{'home' if page == 'index' else page}"): uri}
    except KeyError:
        return entry


def _expanded_nav(nav: list, expand: dict) -> list:
    expand = dict(expand)
    result = []
    for entry in nav:
        if isinstance(entry, dict) and len(entry) == 1 and next(iter(entry.values())) in expand:
            title, uri = next(iter(entry.items()))
            entry = {title: [*(str(item) if isinstance(item, str) else {str(k): v for k, v in item.items()}
                               for item in expand.pop(uri))]}
        result.append(entry)
    if expand:
        raise ValueError(f"mkdocs.yml: the nav needs an entry for each of {', '.join(expand)}, which the "
                         f"build expands into one page per principle or case study")
    return result


def _base_config(root: Path) -> dict:
    return yaml.safe_load((root / CONFIG).read_text(encoding="utf-8"))


# ---- the hand-written pages ---------------------------------------------------------------------
def _docs_environment(project: Project) -> jinja2.Environment:
    """The variables, filters and functions docs/*.md may use (as mkdocs-macros gave them before)."""
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    framework = project.framework
    env.filters.update(long_date=lambda value: dates.long_date(value.isoformat(), framework.language),
                       inline=inline, markdown_text=markdown_text)
    env.globals.update(
        framework=framework, edition=framework.edition,
        principle_link=lambda principle, prefix="": f"[{inline(principle.title)}]({prefix}{principle_uri(principle)})",
        guidance=lambda: render("website", "guidance.md.j2", framework=framework))
    return env


def hand_written_pages(project: Project, pages: Path | None = None) -> dict[str, str | Path]:
    """docs/ as the engine gets it: Markdown pages rendered ({uri: text}), every other file as it is
    ({uri: path}). `pages`: a folder with the Markdown pages in another language (its translations of
    docs/*.md), used in place of docs/'s own."""
    docs = project.root / DOCS
    env = _docs_environment(project)
    found: dict[str, str | Path] = {}
    for path in sorted(docs.rglob("*")):
        if not path.is_file():
            continue
        if pages is not None and path.suffix == ".md" and (pages / path.relative_to(docs)).is_file():
            path = pages / path.relative_to(docs)
        uri = path.relative_to(pages if pages is not None and path.is_relative_to(pages) else docs).as_posix()
        if path.suffix != ".md":
            found[uri] = path
            continue
        text = path.read_text(encoding="utf-8")
        front = FRONT_MATTER.match(text)
        head, body = (front.group(1), text[front.end():]) if front else ("", text)
        try:
            found[uri] = head + env.from_string(body, globals={}).render()
        except jinja2.TemplateError as error:
            line = f", line {error.lineno}" if getattr(error, "lineno", None) else ""
            raise ValueError(f"docs/{uri}{line}: {error}") from None
    return found


# ---- the staging folder -------------------------------------------------------------------------
def staged_files(project: Project, downloads: dict[str, bytes], pending: dict[str, str] | None = None,
                 translated_pages: Path | None = None, loader_only: bool = False) -> dict[str, str | bytes | Path]:
    """{uri in the staged docs: text, bytes or a file to link}: every page and file the engine builds.
    `downloads`: every output of the outputs table, rendered (or a stand-in for one still rendering,
    whose size `pending` gives as a token); `translated_pages`: the hand-written pages in another language;
    `loader_only`: of the Pyodide core, only the loader module the form's worker imports (another
    language's site loads the rest from the English site's)."""
    framework = project.framework
    pages = generated_pages(framework, downloads, project.previous, accessibility.axe_core_version(project.root),
                            pending)
    files: dict[str, str | bytes | Path] = dict(hand_written_pages(project, translated_pages))
    for uri, content in {**pages, **downloads}.items():
        if uri in files:
            raise ValueError(f"docs/{uri} exists but is generated from the source: delete it")
        files[uri] = content
    if project.logo and framework.organisation and framework.organisation.logo:
        files[framework.organisation.logo] = project.logo
    files.update({uri: path for uri, path in pyodide_files(project.root).items()
                  if not loader_only or uri.endswith(PYODIDE_LOADER)})
    return files


def write_staging(folder: Path, files: dict[str, str | bytes | Path], config: dict) -> Path:
    """Writes `files` into folder/docs and the engine's config into folder/mkdocs.yml; removes staged
    files no longer produced. Writes a file only when it changed. Returns the config file."""
    docs = folder / DOCS
    for uri, content in files.items():
        _write(docs / uri, content)
    wanted = {(docs / uri) for uri in files}
    for path in sorted(docs.rglob("*"), reverse=True):
        if path.is_file() and path not in wanted:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    text = yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=200)
    _write(folder / CONFIG, text)
    return folder / CONFIG


def _write(path: Path, content: str | bytes | Path) -> None:
    if isinstance(content, Path):
        if path.exists() and os.path.samefile(path, content):
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        path.unlink(missing_ok=True)
        try:
            os.link(content, path)  # the Pyodide core is large: a link costs nothing
        except OSError:
            shutil.copyfile(content, path)
        return
    data = content.encode("utf-8") if isinstance(content, str) else content
    if path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)



