"""The service worker that makes the site, and the form above all, work offline after one visit.

It precaches every file of the built site under a cache named from a hash of their contents, so a
new build (a new edition) replaces the old cache whole instead of mixing files from two builds.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from ..templating import render

SERVICE_WORKER = "sw.js"
SKIP = {SERVICE_WORKER, "sitemap.xml.gz", "404.html"}


def precache_urls(site_dir: Path) -> list[str]:
    """Site-relative URLs of every file, with pages as their directory URLs ("principles/x/")."""
    urls = []
    for path in sorted(p for p in site_dir.rglob("*") if p.is_file()):
        relative = path.relative_to(site_dir).as_posix()
        if relative in SKIP or relative.endswith(".map"):
            continue
        if path.name == "index.html":
            relative = relative[: -len("index.html")] or "./"
        urls.append(relative)
    return urls


def content_version(site_dir: Path, urls: list[str]) -> str:
    digest = hashlib.sha256()
    for url in urls:
        path = site_dir / (url + "index.html" if url.endswith("/") else url)
        if url == "./":
            path = site_dir / "index.html"
        digest.update(url.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:16]


def service_worker(site_dir: Path) -> str:
    urls = precache_urls(site_dir)
    return render("website", "sw.js.j2", version=content_version(site_dir, urls), urls=urls)
