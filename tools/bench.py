"""Benchmark: the full `fairframe build` against a bare `mkdocs build` of the same pages, the
render time of each download, the live preview's rebuild time (bench_serve.py), reading hostile
YAML within its bounds (bench_yaml.py), then the form in Chromium (bench_form.py), the site through
nginx (bench_deploy.py) and the form for use without a connection from file:// (bench_portable.py).

The bare build is plain mkdocs over a copy of the same site with the generated pages written out
as files and the hooks and macros taken away, so the ratio is the cost of the model and the
generation. Both builds run as fresh processes, as a user runs them (no cache carried over from
one build to the next), alternating. Prints figures side by side; it asserts nothing.
"""
from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from fairframe.website.pages import generated_downloads, generated_pages
from fairframe.pack import render_pack
from fairframe.word import render_docx
from fairframe.source import load_framework

ROOT = Path(__file__).resolve().parent.parent
RUNS = 3
BUILD_RUNS = 5


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


def _time(action, runs: int = RUNS) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return times


def _run(command: list[str]) -> float:
    """Seconds for one fresh process, as a user waits for it (imports, model load, every render)."""
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    return time.perf_counter() - start


def _builds(temp: Path, bare: Path) -> tuple[list[float], list[float]]:
    """The full build and the bare build, each a fresh process, alternating, BUILD_RUNS times each."""
    full = [sys.executable, "-m", "fairframe", "--root", str(ROOT), "build", "--site-dir", str(temp / "site-full")]
    plain = [sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(bare / "mkdocs.yml"),
             "-d", str(temp / "site-bare")]
    _run(full), _run(plain)  # once each first: the operating system's file cache, as a user's would be
    full_times, bare_times = [], []
    for _ in range(BUILD_RUNS):
        full_times.append(_run(full))
        bare_times.append(_run(plain))
    return full_times, bare_times


def main() -> int:
    with tempfile.TemporaryDirectory() as temp:
        temp = Path(temp)
        bare = _bare_project(temp / "bare")
        full_times, bare_times = _builds(temp, bare)
    framework = load_framework(ROOT)
    docx_times = _time(lambda: render_docx(framework))
    pack_times = _time(lambda: render_pack(framework))
    f, b, d, p = (statistics.median(t) for t in (full_times, bare_times, docx_times, pack_times))
    print(f"builds: fresh processes, alternating, median of {BUILD_RUNS}; renders: median of {RUNS}")
    print(f"{'':34}{'seconds':>10}{'target':>10}")
    print(f"{'fairframe build (full)':34}{f:>10.3f}")
    print(f"{'bare mkdocs build, same pages':34}{b:>10.3f}")
    print(f"{'ratio full / bare':34}{f / b:>10.2f}{'<= 3.00':>10}")
    print(f"{'Word framework (.docx) render':34}{d:>10.3f}")
    print(f"{'learning pack (PDF) render':34}{p:>10.3f}")
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_form import main as form_main  # the form page in Chromium
    from bench_serve import main as serve_main  # live preview: change -> page updated
    from bench_yaml import main as yaml_main  # hostile and largest-allowed YAML, bounded reading
    serve_main()
    print()
    yaml_main()
    print()
    status = form_main()
    from bench_deploy import main as deploy_main  # through nginx: bytes, and Python ready when throttled
    from bench_portable import main as portable_main  # the file:// copy against the served form
    print()
    status = deploy_main() or status
    print()
    return portable_main() or status


if __name__ == "__main__":
    sys.exit(main())
