"""Benchmark: the full `fairframe build` against a bare `mkdocs build` of the same pages, the
render time of each download, the live preview's rebuild time (bench_serve.py), then the form in
Chromium (bench_form.py).

The bare build is plain mkdocs over a copy of the same site with the generated pages written out
as files and the hooks and macros taken away, so the ratio is the cost of the model and the
generation. Prints figures side by side; it asserts nothing.
"""
from __future__ import annotations

import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from fairframe.build import build_site
from fairframe.website.context import _cache
from fairframe.website.pages import generated_downloads, generated_pages
from fairframe.pack import render_pack
from fairframe.word import render_docx
from fairframe.source import load_framework

ROOT = Path(__file__).resolve().parent.parent
RUNS = 3


def _bare_project(folder: Path) -> Path:
    """The same pages as plain Markdown files, with macros already expanded, no hooks, no macros."""
    framework = load_framework(ROOT)
    shutil.copytree(ROOT / "docs", folder / "docs")
    downloads = generated_downloads(framework)
    for uri, content in {**generated_pages(framework, downloads), **downloads}.items():
        (folder / "docs" / uri).parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            (folder / "docs" / uri).write_bytes(content)
        else:  # the form page's own template needs the hooks' context: render it as a plain page
            (folder / "docs" / uri).write_text(content.replace("template: form.html\n", ""))
    for page in (folder / "docs").glob("*.md"):  # macros would fail without the plugin
        page.write_text(re.sub(r"\{\{.*?\}\}|\{%.*?%\}", "", page.read_text()))
    config = (ROOT / "mkdocs.yml").read_text()
    config = re.sub(r"\n  - macros:\n(?:      .*\n)+", "\n", config)
    config = re.sub(r"\nhooks:\n(?:  - .*\n)+", "\n", config)
    config = re.sub(r"\nwatch:\n(?:  - .*\n)+", "\n", config)
    config = re.sub(r"\nnav:\n(?:  - .*\n)+", "\n", config)  # mkdocs then lists the same pages itself
    (folder / "mkdocs.yml").write_text(config.replace("strict: true", "strict: false"))
    shutil.copytree(ROOT / "overrides", folder / "overrides")
    return folder


def _time(action) -> list[float]:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return times


def main() -> int:
    with tempfile.TemporaryDirectory() as temp:
        temp = Path(temp)
        bare = _bare_project(temp / "bare")

        def full():
            _cache.clear()  # count the model load, as a fresh `fairframe build` would
            build_site(ROOT, temp / "site-full")

        def plain():
            mkdocs_build(load_config(config_file=str(bare / "mkdocs.yml"), site_dir=str(temp / "site-bare")))

        full(), plain()  # warm imports once
        full_times, bare_times = _time(full), _time(plain)
    framework = load_framework(ROOT)
    docx_times = _time(lambda: render_docx(framework))
    pack_times = _time(lambda: render_pack(framework))
    f, b, d, p = (statistics.median(t) for t in (full_times, bare_times, docx_times, pack_times))
    print(f"median of {RUNS} runs each{'seconds':>18}")
    print(f"{'fairframe build (full)':34}{f:>10.3f}")
    print(f"{'bare mkdocs build, same pages':34}{b:>10.3f}")
    print(f"{'ratio full / bare':34}{f / b:>10.2f}")
    print(f"{'Word framework (.docx) render':34}{d:>10.3f}")
    print(f"{'learning pack (PDF) render':34}{p:>10.3f}")
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_form import main as form_main  # the form page in Chromium
    from bench_serve import main as serve_main  # live preview: change -> page updated
    serve_main()
    print()
    return form_main()


if __name__ == "__main__":
    sys.exit(main())
