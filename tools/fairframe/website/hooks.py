"""mkdocs hooks (named in mkdocs.yml): add the generated pages and the edition to the site.

Thin on purpose: the model and the page text come from fairframe; these only hand them to mkdocs.
Any problem raises PluginError, so the build fails loudly rather than publishing a partial site.
"""
from __future__ import annotations

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from fairframe.website.context import framework_for
from fairframe.website.pages import PRINCIPLES_INDEX, generated_downloads, generated_pages, principles_nav
from fairframe.templating import render


def on_config(config):
    framework = framework_for(config)
    config["copyright"] = render("website", "copyright.html.j2", edition=framework.edition).strip()
    nav = config.get("nav") or []
    for index, entry in enumerate(nav):
        if isinstance(entry, dict) and list(entry.values()) == [PRINCIPLES_INDEX]:
            title = next(iter(entry))
            nav[index] = {title: principles_nav(framework)}
            return config
    raise PluginError(f"mkdocs.yml: the nav needs an entry pointing at {PRINCIPLES_INDEX}, "
                      f"which the hooks expand into one page per principle")


def on_files(files, config):
    framework = framework_for(config)
    downloads = generated_downloads(framework)
    for uri, content in {**generated_pages(framework, downloads), **downloads}.items():
        if files.get_file_from_path(uri) is not None:
            raise PluginError(f"docs/{uri} exists but is generated from the source: delete it")
        files.append(File.generated(config, uri, content=content))
    return files
