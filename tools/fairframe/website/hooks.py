"""mkdocs hooks (named in mkdocs.yml): add the generated pages and the edition to the site.

Thin on purpose: the model and the page text come from fairframe; these only hand them to mkdocs.
Any problem raises PluginError, so the build fails loudly rather than publishing a partial site.
"""
from __future__ import annotations

from pathlib import Path

from markupsafe import Markup
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from fairframe.core.source_text import without_controls
from fairframe.templating import html_text, render
from fairframe.website.accessibility import axe_core_version
from fairframe.website.context import framework_for, history_for, overlay_for, previous_for, project_root
from fairframe.website.form import FORM_PAGE, form_context, form_files, offline_files, pyodide_files
from fairframe.website.offline import SERVICE_WORKER, service_worker
from fairframe.website.pages import docx_uri, generated_downloads, generated_pages, section_navs


def on_config(config):
    framework = framework_for(config)
    # HTML with the source's text escaped (the template autoescapes): Markup, so `| e` keeps it as it is
    config["copyright"] = Markup(render("website", "copyright.html.j2", framework=framework).strip())
    if framework.organisation is not None:
        # the theme prints site_name unescaped, in text and in attributes: escape it here (Markup)
        config["site_name"] = html_text(f"{framework.edition.title}: {framework.organisation.name}")
        if framework.organisation.logo:
            config["theme"]["logo"] = framework.organisation.logo
    expand = section_navs(framework)
    nav = config.get("nav") or []
    for index, entry in enumerate(nav):
        if isinstance(entry, dict) and len(entry) == 1 and next(iter(entry.values())) in expand:
            title, uri = next(iter(entry.items()))
            nav[index] = {title: expand.pop(uri)}
    if expand:
        raise PluginError(f"mkdocs.yml: the nav needs an entry for each of {', '.join(expand)}, which the "
                          f"hooks expand into one page per principle or case study")
    return config


def on_files(files, config):
    framework = framework_for(config)
    local = overlay_for(config)
    downloads = generated_downloads(framework, local.logo if local else None, Path(config["site_dir"]))
    pages = generated_pages(framework, downloads, previous_for(config), axe_core_version(project_root(config)))
    generated = {**pages, **downloads, **form_files(framework, history_for(config))}
    for uri, content in generated.items():
        if files.get_file_from_path(uri) is not None:
            raise PluginError(f"docs/{uri} exists but is generated from the source: delete it")
        files.append(File.generated(config, uri, content=content))
    if local is not None and local.logo:
        files.append(File.generated(config, framework.organisation.logo, content=local.logo))
    for uri, path in pyodide_files(project_root(config)).items():
        files.append(File.generated(config, uri, abs_src_path=str(path)))
    return files


def on_page_context(context, page, config, nav):
    if page.file.src_uri == FORM_PAGE:
        framework = without_controls(framework_for(config))  # the theme's `| e` keeps them
        context.update(form_context(framework, docx_uri(framework)))
    return context


def on_post_build(config):
    site_dir = Path(config["site_dir"])
    form_files = offline_files(docx_uri(framework_for(config)))
    (site_dir / SERVICE_WORKER).write_text(service_worker(site_dir, form_files), encoding="utf-8")
