"""Benchmark: the full `fairframe build` against a bare `mkdocs build` of the same pages, the
render time of each download, the live preview's rebuild time (bench_serve.py), reading hostile
YAML within its bounds (bench_yaml.py), then the form in Chromium (bench_form.py), the site through
nginx (bench_deploy.py) and the form for use without a connection from file:// (bench_portable.py).

The bare build is plain mkdocs over the staging folders that `fairframe build` hands to its engine,
one per language (every page already rendered, the same configuration), in one process, so the
ratio is the cost of everything the build does besides the engine: loading the model, the
downloads, the form page, the service worker, the copy for use without a connection and the
compressed copies. Both builds run as fresh
processes, as a user runs them (`make bench` keeps their compiled bytecode, as Python does by
default), alternating; the full build renders its learning packs every time
(only the compressed copies of unchanged files are kept, as for a second build: Pyodide's, and the
pages and scripts an edit leaves as they were). A row apart shows a build again with nothing changed,
which takes the packs kept by the build before, and one a build on a fresh clone, with nothing kept.
Prints figures side by side; it asserts nothing.
"""
from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from fairframe.outputs import render_outputs
from fairframe.pack import render_pack
from fairframe.project import load_project
from fairframe.source import load_framework
from fairframe.website import render_cache
from fairframe.website.stage import engine_config, staged_files, write_staging
from fairframe.word import render_docx

ROOT = Path(__file__).resolve().parent.parent
RUNS = 3
PACK_ALONE = ("from pathlib import Path; from fairframe.project import load_project; "
              f"from fairframe.outputs import output; output('pack').render(load_project(Path({str(ROOT)!r})))")
BUILD_RUNS = 5


def _bare_project(folder: Path) -> list[Path]:
    """The staging folders `fairframe build` hands to its engine, one per language: the same pages,
    already rendered, and the same mkdocs configuration. Building them is the engine's part alone."""
    from fairframe.website.assemble import TRANSLATED_PAGES
    from fairframe.website.languages import in_language, languages
    from fairframe.website.portable import portable_uri
    project = load_project(ROOT)
    configs = []
    for lang in languages(project):
        each = in_language(project, lang)
        pages = None if lang == "en" else ROOT / TRANSLATED_PAGES.format(lang=lang)
        downloads = render_outputs(each) | {portable_uri(each.framework.edition.id): b""}  # as the build stages
        files = staged_files(each, downloads, translated_pages=pages, loader_only=lang != "en")
        configs.append(write_staging(folder / lang, files, engine_config(each, folder / lang / "docs")))
    return configs


def _project_copy(folder: Path, translations: bool) -> Path:
    """A copy of the project's sources, with or without its translations (English only)."""
    ignore = None if translations else shutil.ignore_patterns("translations")
    names = ("framework", "case_studies", "docs", "overrides", "editions") + (("translations",) if translations else ())
    for name in names:
        shutil.copytree(ROOT / name, folder / name, ignore=ignore)
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    (folder / "node_modules").symlink_to(ROOT / "node_modules")
    return folder


def _languages(temp: Path) -> tuple[list[float], list[float]]:
    """The full build with English and Welsh against the same build in English only, fresh processes,
    alternating, BUILD_RUNS times each (the compressed Pyodide copies cached, as for a second build;
    no learning pack kept)."""
    both, english = _project_copy(temp / "both", True), _project_copy(temp / "english", False)
    commands = [[sys.executable, "-m", "fairframe", "--root", str(folder), "build", "--site-dir",
                 str(temp / f"site-{folder.name}"), "--cache-dir", str(temp / "cache")] for folder in (both, english)]
    _run(commands[0]), _run(commands[1])
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(BUILD_RUNS):
        for command, found in zip(commands, times):
            found.append(_run(command, forget=temp / "cache"))
    return times


def _time(action, runs: int = RUNS) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return times


def _run(command: list[str], forget: Path | None = None) -> float:
    """Seconds for one fresh process, as a user waits for it (imports, model load, every render);
    `forget`: a cache folder whose rendered learning packs are removed first, so that it renders them."""
    if forget is not None:
        shutil.rmtree(forget / render_cache.FOLDER, ignore_errors=True)
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    return time.perf_counter() - start


def _builds(temp: Path, bare: list[Path]) -> tuple[list[float], ...]:
    """The full build and the bare build, each a fresh process, alternating, BUILD_RUNS times each
    (the full build renders its learning packs every time); the full build as on a fresh clone, with
    no compressed copies of Pyodide's files kept yet (an empty cache folder each time); and the full
    build again with nothing changed, its learning packs kept from the build before."""
    full = [sys.executable, "-m", "fairframe", "--root", str(ROOT), "build", "--site-dir", str(temp / "site-full"),
            "--cache-dir", str(temp / "cache")]
    plain = [sys.executable, "-c", "import sys; from mkdocs.commands.build import build; "
             "from mkdocs.config import load_config; [build(load_config(config_file=f, site_dir=d)) "
             "for f, d in zip(sys.argv[1::2], sys.argv[2::2])]",
             *(str(item) for config in bare for item in (config, temp / f"site-bare-{config.parent.name}"))]
    _run(full), _run(plain)  # once each first: the operating system's file cache, as a user's would be
    full_times, bare_times, first_times, again_times = [], [], [], []
    for number in range(BUILD_RUNS):
        full_times.append(_run(full, forget=temp / "cache"))
        again_times.append(_run(full))
        bare_times.append(_run(plain))
        first = [*full[:-1], str(temp / f"cache-empty-{number}")]
        first_times.append(_run(first))
    return full_times, bare_times, first_times, again_times


def main() -> int:
    with tempfile.TemporaryDirectory() as temp:
        temp = Path(temp)
        bare = _bare_project(temp / "bare")
        full_times, bare_times, first_times, again_times = _builds(temp, bare)
        both_times, english_times = _languages(temp)
    framework = load_framework(ROOT)
    docx_times = _time(lambda: render_docx(framework))
    pack_times = _time(lambda: render_pack(framework))
    f, b, d, p, c = (statistics.median(t) for t in (full_times, bare_times, docx_times, pack_times, first_times))
    print(f"builds: fresh processes, alternating, median of {BUILD_RUNS}; renders: median of {RUNS}")
    print(f"{'':34}{'seconds':>10}{'target':>10}")
    print(f"{'fairframe build (full)':34}{f:>10.3f}")
    print(f"{'bare mkdocs build, same pages':34}{b:>10.3f}")
    print(f"{'ratio full / bare':34}{f / b:>10.2f}{'<= 3.00':>10}{'yes' if f / b <= 3 else 'no':>6}")
    print(f"{'full, as on a fresh clone (1)':34}{c:>10.3f}")
    print(f"{'ratio fresh clone / bare':34}{c / b:>10.2f}")
    print("  (1) no compressed copies kept from an earlier build (.cache/compressed)")
    again = statistics.median(again_times)
    print(f"{'full, built again, nothing changed':34}{again:>10.3f}")
    print(f"{'ratio built again / bare':34}{again / b:>10.2f}")
    print("  (the learning packs kept from the build before: a publisher who edits a guidance page)")
    both, english = statistics.median(both_times), statistics.median(english_times)
    print(f"{'full, English and Welsh':34}{both:>10.3f}")
    print(f"{'full, English only':34}{english:>10.3f}")
    met = "yes" if both / english <= 1.8 else "no"
    print(f"{'ratio both languages / English':34}{both / english:>10.2f}{'<= 1.80':>10}{met:>6}")
    print(f"{'Word framework (.docx) render':34}{d:>10.3f}")
    print(f"{'learning pack (PDF) render':34}{p:>10.3f}")
    alone = statistics.median(_run([sys.executable, "-c", PACK_ALONE]) for _ in range(RUNS))
    print(f"{'the pack alone, a fresh process (2)':34}{alone:>10.3f}")
    print(f"{'ratio pack alone / bare':34}{alone / b:>10.2f}")
    print("  (2) loading the project and rendering the pack, as the build's second process does while the\n"
          "      engine runs: no build can take less")
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
