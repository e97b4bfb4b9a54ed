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
from ..templating import html_text, inline, long_date, markdown_text, render
from . import accessibility
from .form import pyodide_files
from .pages import generated_pages, principle_uri, section_navs

DOCS = "docs"
CONFIG = "mkdocs.yml"
FRONT_MATTER = re.compile(r"\A(---\n.*?\n---\n)", re.DOTALL)


def site_name(project: Project) -> str:
    """The site's name, HTML-escaped (the theme prints it unescaped, in text and in attributes)."""
    framework = project.framework
    if framework.organisation is None:
        return str(_base_config(project.root)["site_name"])
    return str(html_text(f"{framework.edition.title}: {framework.organisation.name}"))


def draft_banner(project: Project) -> str:
    """The line a draft edition shows at the top of every page (overrides/main.html); none when published."""
    edition = project.framework.edition
    return f"Edition {edition.id}. {edition.draft_notice}" if edition.draft else ""


def engine_config(project: Project, docs: Path, site_url: str | None = None) -> dict:
    """mkdocs.yml for the staged pages: no hooks and no macros (the pages are rendered already), the
    nav expanded to one page per principle and study, and the edition's name, footer and logo."""
    config = copy.deepcopy(_base_config(project.root))
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
    config.setdefault("extra", {})["draft_banner"] = draft_banner(project)
    if site_url:
        config["site_url"] = site_url
    config["nav"] = _expanded_nav(config.get("nav") or [], section_navs(framework))
    return config


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
    env.filters.update(long_date=long_date, inline=inline, markdown_text=markdown_text)
    env.globals.update(
        framework=framework, edition=framework.edition,
        principle_link=lambda principle, prefix="": f"[{inline(principle.title)}]({prefix}{principle_uri(principle)})",
        guidance=lambda: render("website", "guidance.md.j2", framework=framework))
    return env


def hand_written_pages(project: Project) -> dict[str, str | Path]:
    """docs/ as the engine gets it: Markdown pages rendered ({uri: text}), every other file as it is
    ({uri: path})."""
    docs = project.root / DOCS
    env = _docs_environment(project)
    found: dict[str, str | Path] = {}
    for path in sorted(docs.rglob("*")):
        if not path.is_file():
            continue
        uri = path.relative_to(docs).as_posix()
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
def staged_files(project: Project, downloads: dict[str, bytes],
                 pending: dict[str, str] | None = None) -> dict[str, str | bytes | Path]:
    """{uri in the staged docs: text, bytes or a file to link}: every page and file the engine builds.
    `downloads`: every output of the outputs table, rendered (or a stand-in for one still rendering,
    whose size `pending` gives as a token)."""
    framework = project.framework
    pages = generated_pages(framework, downloads, project.previous, accessibility.axe_core_version(project.root),
                            pending)
    files: dict[str, str | bytes | Path] = dict(hand_written_pages(project))
    for uri, content in {**pages, **downloads}.items():
        if uri in files:
            raise ValueError(f"docs/{uri} exists but is generated from the source: delete it")
        files[uri] = content
    if project.logo and framework.organisation and framework.organisation.logo:
        files[framework.organisation.logo] = project.logo
    files.update(pyodide_files(project.root))
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



