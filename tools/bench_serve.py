"""Benchmark: how soon `fairframe serve` shows a change to the source, an overlay or a template.

Runs the real command on a copy of the project, edits one file at a time and polls the served
page until the edit appears. Prints the seconds for each kind of change; asserts nothing.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 2.0
CHANGES = (  # (what, file, old text, page)
    ("source: a question's wording", "framework/principles.yaml",
     "text: Has the practitioner been told about the concern", "principles/welfare-and-support/"),
    ("overlay: a local question", "examples/overlay/local.yaml",
     "text: Has the practitioner been given the details", "principles/welfare-and-support/"),
    ("template: the principle page", "tools/fairframe/templates/website/principle.md.j2",
     '## {{ framework.ui("site.key_considerations") }}', "principles/welfare-and-support/"),
    ("docs: the About page", "docs/about.md", "## How this site is made", "about/"),
)


def _copy_project(folder: Path) -> Path:
    for name in ("framework", "case_studies", "docs", "overrides", "editions", "examples", "tools"):
        shutil.copytree(ROOT / name, folder / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    (folder / "node_modules").symlink_to(ROOT / "node_modules")
    return folder


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(url: str, marker: str, timeout: float = 60.0) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if marker in response.read().decode("utf-8", "replace"):
                    return time.perf_counter() - start
        except OSError:
            pass
        time.sleep(0.05)
    raise TimeoutError(f"{marker!r} never appeared at {url}")


def main() -> int:
    with tempfile.TemporaryDirectory() as temp:
        project = _copy_project(Path(temp))
        port = _free_port()
        base = f"http://127.0.0.1:{port}/"
        server = subprocess.Popen(
            [sys.executable, "-m", "fairframe", "--root", str(project), "serve", "--port", str(port),
             "--overlay", str(project / "examples/overlay/local.yaml")],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            env={**os.environ, "PYTHONPATH": str(project / "tools")})  # the copy's package and templates
        try:
            first = _wait_for(base, "Fairness and proportionality", timeout=120)
            results = []
            for number, (what, file, old, page) in enumerate(CHANGES):
                time.sleep(1.5)  # let the watcher settle between edits
                marker = f"edited{chr(ord('a') + number)}x"  # no digit: a translation must keep the English's numbers
                path = project / file
                text = path.read_text()
                path.write_text(text.replace(old, f"{old} {marker}", 1))
                results.append((what, _wait_for(base + page, marker)))
        finally:
            server.terminate()
            server.wait(timeout=20)
    print(f"\nlive preview (fairframe serve, with the example overlay){'seconds':>14}{'target':>9}")
    print(f"{'first build and serve':56}{first:>7.2f}")
    for what, seconds in results:
        print(f"{'change -> page updated: ' + what:56}{seconds:>7.2f}{TARGET_SECONDS:>9.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
