"""Shared fixtures: the project, a built site served on 127.0.0.1, and Debian's Chromium."""
from __future__ import annotations

import collections
import contextlib
import http.server
import json
import os
import shutil
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def copy_project(destination: Path) -> Path:
    """A copy of everything a build reads, for tests that edit the source; without translations/ (the
    copy builds in English only, faster), which a test that needs them copies too."""
    for name in ("framework", "case_studies", "docs", "overrides", "schema"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, destination / name)
    shutil.copy(ROOT / "mkdocs.yml", destination / "mkdocs.yml")
    (destination / "node_modules").symlink_to(ROOT / "node_modules")  # Pyodide, copied by the build
    from fairframe.build import COMPRESSED_CACHE
    # The compressed copies of Pyodide's big files, by the hash of their bytes: shared, as for a second build
    (ROOT / COMPRESSED_CACHE).mkdir(parents=True, exist_ok=True)
    (destination / COMPRESSED_CACHE).parent.mkdir(parents=True)
    (destination / COMPRESSED_CACHE).symlink_to(ROOT / COMPRESSED_CACHE)
    shutil.copytree(ROOT / "tools", destination / "tools", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    return destination


@pytest.fixture(scope="session")
def framework():
    from fairframe.source import load_framework
    return load_framework(ROOT)


def built_once(tmp_path_factory, name: str, build) -> Path:
    """`build(site_dir)`, run once per test session even when xdist runs it in several workers: the
    first worker to ask builds it in the session's shared temporary folder, under a lock, and the
    others wait and read the same site. So such a site is only ever read."""
    import fcntl
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # the session's folder, above each worker's own
    folder, done = base / f"shared-{name}", base / f"shared-{name}.built"
    with open(base / f"shared-{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.is_file():
            shutil.rmtree(folder, ignore_errors=True)  # what a worker that failed to build it left
            folder.mkdir()
            build(folder / "site")
            done.touch()
    return folder / "site"


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real site, built once per test session by the same code as `fairframe build`, in English
    (the Welsh site under /cy/ has its own build in tests/test_languages.py)."""
    from fairframe.build import build_site
    return built_once(tmp_path_factory, "build", lambda site: build_site(ROOT, site, languages=("en",)))


@pytest.fixture(scope="session")
def draft_site(tmp_path_factory) -> Path:
    """The 2026-01 draft edition's site, with its Welsh, built once per test session and only read:
    the draft's banners, what changed, a newer build at the same origin, older records."""
    from fairframe.build import build_site
    return built_once(tmp_path_factory, "draft",
                      lambda site: build_site(ROOT, site, source=ROOT / "editions" / "2026-01"))


@pytest.fixture(scope="session")
def zensical_site(tmp_path_factory) -> Path:
    """The same site built through the other engine, Zensical (`fairframe build --engine zensical`)."""
    from fairframe.build import build_site
    return built_once(tmp_path_factory, "build-zensical",
                      lambda site: build_site(ROOT, site, engine="zensical", languages=("en",)))


ENGINES = ("mkdocs", "zensical")


@pytest.fixture(scope="session", params=ENGINES)
def engine_site(request) -> Path:
    """The site as each engine builds it: the page checks run on both."""
    return request.getfixturevalue("built_site" if request.param == "mkdocs" else "zensical_site")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class QuietServer(http.server.ThreadingHTTPServer):
    """A browser that drops a connection mid-file (a page closed while Pyodide's files download) is
    not the server's error: no traceback in the test output for that."""
    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def serving(folder, port: int = 0, handler: type = _QuietHandler):
    """`folder` served on 127.0.0.1 (on `port`, else any free one) by Python's own server, for as
    long as the block runs. `folder` may be a callable, asked at each request (a deployment that
    replaces the site); `handler` a subclass of _QuietHandler (other headers)."""
    def handle(*args):
        return handler(*args, directory=str(folder() if callable(folder) else folder))
    server = QuietServer(("127.0.0.1", port), handle)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(scope="session")
def site_url(built_site):
    with serving(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def engine_url(engine_site):
    with serving(engine_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


DURATIONS = ROOT / ".cache" / "tests" / "durations.json"  # seconds each test took when it last ran
_took: dict[str, float] = collections.defaultdict(float)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Mark what needs the real programs, so `make test-fast` can leave it out: `browser` (Chromium)
    for tests using the browser fixture, `office` for those converting with LibreOffice."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)
        function = getattr(item, "function", None)
        if function is not None and "libreoffice_convert" in function.__code__.co_names:
            item.add_marker(pytest.mark.office)


@pytest.hookimpl(tryfirst=True)  # before xdist's own sends the order to its controller
def pytest_collection_finish(session):
    """Once the run's tests are chosen (the deselected left out): the files whose chosen tests took
    longest last time first (each file's tests in their order), so that xdist does not leave one worker
    with a long file while the others have finished. A file with no times yet (a fresh clone) goes by
    its number of tests, as xdist itself would order them."""
    took, items = _durations(), session.items
    files = collections.Counter(item.nodeid.split("::")[0] for item in items)
    total = collections.Counter()
    for item in items:
        total[item.nodeid.split("::")[0]] += took.get(item.nodeid, 0.0)
    items.sort(key=lambda item: (-total[item.nodeid.split("::")[0]], -files[item.nodeid.split("::")[0]]))


def _durations() -> dict[str, float]:
    try:
        found = json.loads(DURATIONS.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(found, dict):
        return {}
    return {name: float(took) for name, took in found.items() if isinstance(took, (int, float))}


def pytest_runtest_logreport(report):
    _took[report.nodeid] += report.duration


def pytest_sessionfinish(session):
    """Only in the process that saw every test's reports (xdist's controller, or a run without it)."""
    if os.environ.get("PYTEST_XDIST_WORKER") or not _took:
        return
    with contextlib.suppress(OSError):
        DURATIONS.parent.mkdir(parents=True, exist_ok=True)
        part = DURATIONS.with_suffix(f".{os.getpid()}.part")
        times = {test: took for test, took in {**_durations(), **_took}.items()
                 if "::" in test and (ROOT / test.split("::")[0]).is_file()}  # tests that still exist
        part.write_text(json.dumps(times, indent=0, sort_keys=True), encoding="utf-8")
        os.replace(part, DURATIONS)


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite the golden files in tests/golden/ from the current output (then review the diff)")


@pytest.fixture(scope="session")
def update_golden(request) -> bool:
    return request.config.getoption("--update-golden")


def libreoffice_convert(source: Path, target_format: str, out_dir: Path) -> Path:
    """Convert with LibreOffice headless (its own profile folder, so runs never collide)."""
    import subprocess
    profile = out_dir / "lo-profile"
    result = subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
         "--convert-to", target_format, "--outdir", str(out_dir), str(source)],
        capture_output=True, text=True, timeout=180)
    converted = out_dir / (source.stem + "." + target_format.split(":")[0])
    assert result.returncode == 0 and converted.is_file(), result.stdout + result.stderr
    return converted
