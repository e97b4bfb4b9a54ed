"""One jinja2 environment per template folder, reading the package's template files.

Source text is untrusted, so every template escapes it for what it builds:
- templates that build HTML or XML (*.html.j2, *.xml.j2) autoescape; trusted markup (the CSS, the
  XML namespace declarations) is passed as markupsafe.Markup;
- Markdown page templates (*.md.j2) pass every value through `markdown_escape` (a finalize step),
  so the page shows it as text: no HTML, attribute lists, images or unsafe links. `| inline` does
  the same on one line for headings, table cells and link texts, `| e` escapes for raw HTML blocks
  and `| yaml_title` writes a front-matter title. A filter's Markup result is left as it is;
- every other value has its control characters removed (no terminal escapes on the command line,
  nothing XML cannot hold).
"""
from __future__ import annotations

import contextlib
import functools
import json
import re

import jinja2
from markupsafe import Markup, escape

from .core.source_text import inline_markdown, markdown_escape, printable, safe_target

ESCAPED_AS_MARKUP = (".html.j2", ".xml.j2", ".svg.j2")


def long_date(value) -> str:
    """2025-01-16 -> "16 January 2025" (GOV.UK style)."""
    return f"{value.day} {value:%B %Y}"


def html_text(value) -> Markup:
    """Source text for HTML, without control characters: the templates' `| e`, and the theme's site
    name and nav titles (which it prints unescaped)."""
    return value if isinstance(value, Markup) else escape(printable(value))


def inline(value) -> Markup:
    """Source text for one line of Markdown (a heading, a table cell, a list item, a link text)."""
    return Markup(inline_markdown(value))


def markdown_text(value) -> Markup:
    """Source text for Markdown paragraphs (docs/*.md use it; page templates apply it to every value)."""
    return Markup(markdown_escape(value))


def yaml_title(value) -> Markup:
    """A page title for Markdown front matter: one line, HTML-escaped (the theme shows titles as
    HTML), in a JSON string (which YAML reads as a double-quoted string)."""
    return Markup(json.dumps(str(escape(" ".join(printable(value).split())))))


def link_target(value) -> Markup:
    """A validated https address as a Markdown link target; anything else (it cannot pass `validate`) as "#"."""
    from .core.rules import HTTPS_URL
    text = str(value)
    return Markup(text if HTTPS_URL.match(text) and safe_target(text) else "#")


def attr_id(value) -> str:
    """An id for an attribute list ({ #id }): letters, digits and . _ - only."""
    return re.sub(r"[^A-Za-z0-9_.-]", "-", str(value))


def css_text(value) -> str:
    """Text for inside a CSS string: anything but letters, digits, spaces and , . - as a CSS escape."""
    return re.sub(r"[^A-Za-z0-9 ,.-]", lambda match: f"\\{ord(match.group()):x} ", str(value))


def _autoescape(name: str | None) -> bool:
    return bool(name) and name.endswith(ESCAPED_AS_MARKUP)


@jinja2.pass_context
def _finalize(context, value):
    """Every value a template prints: escaped as text for Markdown; elsewhere without control
    characters (then HTML/XML templates autoescape it). Markup is trusted as it is."""
    if isinstance(value, Markup) or value is None:
        return value
    if (context.name or "").endswith(".md.j2"):
        return markdown_escape(value)
    return printable(value) if isinstance(value, str) else value


@functools.cache
def environment(folder: str) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("fairframe", f"templates/{folder}"),
        autoescape=_autoescape,
        finalize=_finalize,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(e=html_text, escape=html_text, long_date=long_date, inline=inline, yaml_title=yaml_title,
                       attr_id=attr_id, css_text=css_text, link_target=link_target)
    env.bytecode_cache = _compiled
    _FOLDERS.add(folder)
    return env


@contextlib.contextmanager
def compiled_kept(cache: jinja2.BytecodeCache | None):
    """Meanwhile, keep the compiled templates in `cache` (compiled_templates.KeptTemplates): a build
    process then takes them instead of compiling them again."""
    global _compiled
    previous, _compiled = _compiled, cache
    for folder in _FOLDERS:
        environment(folder).bytecode_cache = cache
    try:
        yield
    finally:
        _compiled = previous
        for folder in _FOLDERS:
            environment(folder).bytecode_cache = previous


_compiled: jinja2.BytecodeCache | None = None
_FOLDERS: set[str] = set()


def render(folder: str, template: str, **context) -> str:
    return environment(folder).get_template(template).render(**context)


def render_xml(folder: str, template: str, **context) -> str:
    """Kept for the Word renderer: XML templates (*.xml.j2) always autoescape."""
    return render(folder, template, **context)
