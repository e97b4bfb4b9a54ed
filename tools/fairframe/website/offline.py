"""The service worker: readers pay only for what they read, case managers get the form offline.

Two caches, each named from a hash of its files' contents, so that a new build never mixes with
an old one and unchanged files are not fetched again:
- the site cache: every page, its assets and the search index, precached on the first visit to
  any page (no Pyodide, no downloads, and no search languages but English);
- the form cache: the Pyodide core, the wheel, the framework data and the Word framework, filled
  when the form is first opened or when a reader asks for it on the Downloads page.
A new build waits until the page says so (the reader chooses to reload); old caches are deleted
when it takes over.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from ..templating import render

SERVICE_WORKER = "sw.js"
SKIP = {SERVICE_WORKER, "sitemap.xml", "sitemap.xml.gz", "404.html"}
# Never precached: search languages other than English (the site is English only), source maps,
# and the downloads' files (a reader downloads what they need; the form's own Word file is a form
# file). The Downloads page itself is a page like any other.
SKIP_PREFIXES = ("assets/javascripts/lunr/", "downloads/")
PAGE = "index.html"
SKIP_SUFFIXES = (".map", ".br", ".gz")


def _url(relative: str) -> str:
    """Pages as their directory URLs ("principles/x/"), the home page as "./"."""
    if relative == "index.html" or relative.endswith("/index.html"):
        return relative[: -len("index.html")] or "./"
    return relative


def _path(site_dir: Path, url: str) -> Path:
    return site_dir / ("index.html" if url == "./" else url + "index.html" if url.endswith("/") else url)


def precache_urls(site_dir: Path, form_files: tuple[str, ...] = (), others: tuple[str, ...] = ()) -> list[str]:
    """Site-relative URLs of what a reader's first visit precaches: not the form's files, and not the
    sites in other languages (`others`, their folders: "cy/"), which have service workers of their own."""
    urls = []
    for path in sorted(p for p in site_dir.rglob("*") if p.is_file()):
        relative = path.relative_to(site_dir).as_posix()
        skipped_folder = relative.startswith(SKIP_PREFIXES) and path.name != PAGE or relative.startswith(others)
        if (relative in SKIP or relative in form_files or skipped_folder or relative.endswith(SKIP_SUFFIXES)
                or relative.startswith(".")):
            continue
        urls.append(_url(relative))
    return urls


def content_version(site_dir: Path, urls: list[str]) -> str:
    digest = hashlib.sha256()
    for url in urls:
        digest.update(url.encode() + b"\0" + hashlib.sha256(_path(site_dir, url).read_bytes()).digest())
    return digest.hexdigest()[:16]


def service_worker(site_dir: Path, form_files: tuple[str, ...] = (), others: tuple[str, ...] = ()) -> str:
    """sw.js for a built site; `form_files` are the site-relative files the form needs offline (a
    translated site's form names the English site's Pyodide as "../assets/pyodide/...")."""
    urls = precache_urls(site_dir, form_files, others)
    form = sorted(f for f in form_files if (site_dir / f).resolve().is_file())
    return render("website", "sw.js.j2", version=content_version(site_dir, urls),
                  form_version=content_version(site_dir, form), urls=urls, form_urls=form)
