"""The form's page ("Complete the framework"), rendered by our own template rather than the engine's
theme, and written over the page the engine built for it.

The engine still builds complete.md as an ordinary page, so that the nav, the search index and the
sitemap list it; this module then replaces that page's HTML. The form page is therefore the same
under mkdocs and under Zensical.
"""
from __future__ import annotations

import html
from pathlib import Path

import markdown
import yaml
from markupsafe import Markup

from ..core.source_text import without_controls
from ..outputs import docx_uri
from ..project import Project
from ..templating import render
from .form import form_context
from .stage import FRONT_MATTER, site_name

BUILT = "complete/index.html"  # where use_directory_urls puts FORM_PAGE
EXTENSIONS = ["attr_list", "md_in_html", "tables", "admonition"]


SHARED = ("pyodide", "wheel")  # what a translated site's form takes from the English site's files


def form_page(project: Project, shared: str = "") -> str:
    """The form page's HTML, for complete/index.html (one folder below the site's root). `shared`:
    the path from this site to the English one, whose Pyodide core and wheel a translated site's form
    uses (the Python is the same in every language)."""
    framework = without_controls(project.framework)  # the template's `| e` keeps them otherwise
    text = render("website", "complete.md.j2", framework=framework)
    front = FRONT_MATTER.match(text)
    # the front matter's title is HTML-escaped for the theme (yaml_title): this template escapes it itself
    title = html.unescape(str(yaml.safe_load(front.group(1).strip().strip("-")).get("title", ""))) if front else ""
    body = text[front.end():] if front else text
    context = form_context(framework, docx_uri(framework))
    if shared:
        form_config = dict(context["form_config"])
        form_config.update({key: shared + form_config[key] for key in SHARED})
        context = {**context, "form_config": form_config}
    return render("website", "form-page.html.j2", base_url="..",
                  page={"title": title, "content": Markup(markdown.markdown(body, extensions=EXTENSIONS))},
                  config={"site_name": Markup(site_name(project)),
                          "copyright": Markup(render("website", "copyright.html.j2", framework=framework).strip())},
                  nav={"homepage": {"url": ""}}, url=lambda path: f"../{path}", **context)


def write_form_page(project: Project, site_dir: Path, shared: str = "") -> None:
    (site_dir / BUILT).write_text(form_page(project, shared), encoding="utf-8")
