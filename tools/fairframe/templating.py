"""One jinja2 environment for every renderer, reading the package's template files."""
from __future__ import annotations

import functools

import jinja2


def long_date(value) -> str:
    """2025-01-16 -> "16 January 2025" (GOV.UK style)."""
    return f"{value.day} {value:%B %Y}"


@functools.cache
def environment(folder: str, autoescape: bool = False) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("fairframe", f"templates/{folder}"),
        autoescape=autoescape,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["long_date"] = long_date
    return env


def render(folder: str, template: str, **context) -> str:
    return environment(folder).get_template(template).render(**context)


def render_xml(folder: str, template: str, **context) -> str:
    """Like render, with every value escaped for XML (pass trusted markup as markupsafe.Markup)."""
    return environment(folder, autoescape=True).get_template(template).render(**context)
