"""Everything a build puts into its staging folder, language by language: English at the root, each
translated language under /<lang>/ (see languages.py).

For each language: its outputs (the learning pack rendering meanwhile in the other process), the
staged pages, the site engine's run, the form page and the copy for use without a
connection (in each language). Then the compressed copies of everything, the slow outputs' sizes, and one service
worker per language.
"""
from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin

from ..outputs import docx_uri, render_outputs
from ..project import Project
from ..reproducible import build_time
from .alongside import Alongside
from .compress import compress_file, compress_site
from .engines import run_engine
from .form import PYODIDE_DIR, core_wheel_uri, offline_files, pyodide_stdlib
from .form_page import write_form_page
from .languages import ENGLISH, alternates, in_language, languages, missing, prefix
from .offline import SERVICE_WORKER, service_worker
from .portable import portable_uri, write_portable
from .stage import engine_config, staged_files, write_staging

TRANSLATED_PAGES = "translations/{lang}/docs"  # a language's hand-written pages, in the project


class IncompleteTranslation(Exception):
    """--require-complete named a language with texts not translated."""


def assemble(project: Project, staging: Path, stage: Path, site_url: str | None, engine: str, slow: Alongside,
             cache: Path, require_complete: tuple[str, ...] = ()) -> None:
    langs = languages(project)
    for lang in require_complete:
        gaps = missing(project, lang) if lang in langs else ["(no translations at all)"]
        if gaps:
            shown = ", ".join(gaps[:10]) + (f" and {len(gaps) - 10} more" if len(gaps) > 10 else "")
            raise IncompleteTranslation(f"--require-complete {lang}: {len(gaps)} text(s) have no translation: {shown}")
    projects = {lang: in_language(project, lang) for lang in langs}
    slow.attach(projects)
    switcher = alternates(langs, site_url) if len(langs) > 1 else None
    stdlib = pyodide_stdlib(project.root)  # the compiled standard library each language's copy embeds
    for lang, each in projects.items():
        site = staging / prefix(lang)
        site.mkdir(parents=True, exist_ok=True)
        downloads = render_outputs(each, fast_only=True) | slow.stand_ins(lang)
        downloads[portable_uri(each.framework.edition.id)] = b""  # written after the engine: a stand-in
        if lang != ENGLISH:  # the Python is the same in every language: the English site's wheel and lock serve all
            downloads = {uri: data for uri, data in downloads.items()
                         if uri != core_wheel_uri() and not uri.startswith(PYODIDE_DIR)}
        pages = None if lang == ENGLISH else project.root / TRANSLATED_PAGES.format(lang=lang)
        files = staged_files(each, downloads, slow.pending(lang), translated_pages=pages,
                             loader_only=lang != ENGLISH)
        url = urljoin(site_url, prefix(lang)) if site_url else None
        config = engine_config(each, stage / lang / "docs", url, switcher)
        run_engine(engine, write_staging(stage / lang, files, config), site, cache)
        write_form_page(each, site, "" if lang == ENGLISH else "../")
        write_portable(site, build_time(each.framework.edition.published), url, stdlib, cache)
    compress_site(staging, cache=cache)  # while the learning pack finishes
    for changed in slow.finish(staging):  # its size is now in these pages: compress them again
        for copy in (changed.with_name(changed.name + ".br"), changed.with_name(changed.name + ".gz")):
            copy.unlink(missing_ok=True)
        compress_file(changed, cache)
    others = tuple(prefix(lang) for lang in langs if lang != ENGLISH)
    for lang, each in projects.items():
        site = staging / prefix(lang)
        shared = "" if lang == ENGLISH else "../"
        form_files = tuple(shared + uri if uri.startswith(PYODIDE_DIR) or uri == core_wheel_uri() else uri
                           for uri in offline_files(docx_uri(each.framework)))
        (site / SERVICE_WORKER).write_text(service_worker(site, form_files, others if lang == ENGLISH else ()),
                                           encoding="utf-8")
        compress_file(site / SERVICE_WORKER, None)
