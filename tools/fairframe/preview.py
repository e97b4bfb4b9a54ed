"""Live preview (`fairframe serve`): the staged pages served by mkdocs, restaged when the source, an
overlay, docs/ or a template changes.

A watcher thread loads the project again after each change and rewrites the staging folder (only
the files that changed), and mkdocs, which watches that folder, rebuilds and reloads the page. A
source with problems is reported and the last good pages stay up. The learning pack, the slowest
output, is rendered in a process of its own while the pages update; the preview shows the previous
pack until the new one is ready. That render process is forked from a fork server, a fresh
interpreter (website/alongside.py), so it inherits none of the server's open files (a child forked
from the server would keep the listening socket, and the port), and it is stopped when the server
stops. A pack rendered before from the same inputs, by a build or an earlier preview, is taken from
the build's render cache (website/render_cache.py), and what the preview renders is kept there for
the next build.

Only the watcher thread writes the staging folder. A background render that finishes asks it to
restage (`wanted`) rather than restaging itself: two restages at once could end with the older one
writing last, leaving the previous pack staged with nothing left to replace it.
"""
from __future__ import annotations

import concurrent.futures
import hashlib
import logging
import shutil
import signal
import tempfile
import threading
import time
from pathlib import Path

from .core.load import framework_to_json
from .core.problems import SourceError
from .outputs import Output, outputs_for
from .project import Project, load_project
from .source import SOURCE_DIRS
from .website.alongside import start_pool, stop_pool
from .website.form_page import BUILT as FORM_PAGE_BUILT
from .website.form_page import form_page
from .website.stage import engine_config, staged_files, write_staging

log = logging.getLogger("fairframe.preview")
TEMPLATES = Path(__file__).resolve().parent / "templates"
HOOK = Path(__file__).resolve().parent / "website" / "preview_hook.py"
AFTER = "after-build"  # files the preview hook copies into the built site (the form page)
POLL_SECONDS = 0.3


def _render_slow(row_name: str, project: Project, cache: Path | None) -> dict[str, bytes]:
    """One slow output of the table (in the background process, or in the server for the first
    pages): taken from the build's render cache when a build or an earlier preview rendered the
    same inputs, else rendered and kept there. The cache holds a language's slow outputs together,
    so it is used only when this row is the project's one slow output (as the table has it now)."""
    from .outputs import output
    from .website.alongside import render_slow_outputs, slow_rows
    from .website.languages import ENGLISH
    row = output(row_name)
    if cache is None or slow_rows(project) != (row,):
        return row.render(project)
    return render_slow_outputs(ENGLISH, project, cache)[2]


class Preview:
    """The staging folder of one `serve` session, and the outputs rendered so far."""

    def __init__(self, root: Path, source: Path | None, overlay: Path | None, folder: Path,
                 cache: Path | None = None):
        self.root, self.source, self.overlay, self.folder = root, source, overlay, folder
        self.cache = cache  # the build's cache folder: learning packs rendered from the same inputs
        self.rendered: dict[tuple[str, str], dict[str, bytes]] = {}  # (output, key) -> files
        self.latest: dict[str, dict[str, bytes]] = {}  # output -> its last files, whatever the key
        self.pending: set[tuple[str, str]] = set()
        # Started now: its fork server imports WeasyPrint while the first pages are staged, so the
        # first change does not wait for it (`shutdown` stops it)
        self.pool: concurrent.futures.ProcessPoolExecutor | None = start_pool()
        self.lock = threading.Lock()
        self.wanted = threading.Event()  # a background render finished: the watcher restages

    def watched(self) -> list[Path]:
        folders = {self.root / d for d in (*SOURCE_DIRS, "editions", "docs")} | {TEMPLATES}
        folders |= {self.root / "tools" / "fairframe" / "templates"}
        if self.source is not None:
            folders |= {self.source / d for d in SOURCE_DIRS}
        if self.overlay is not None:
            folders.add(self.overlay.resolve().parent)
        return sorted(f for f in folders if f.is_dir())

    def fingerprint(self) -> tuple:
        return tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size)
                     for folder in self.watched() for p in sorted(folder.rglob("*")) if p.is_file())

    def restage(self) -> Path:
        """Load the project and rewrite the staging folder; returns the engine's config file."""
        project = load_project(self.root, self.source, self.overlay)
        downloads: dict[str, bytes] = {}
        for row in outputs_for(project.framework):
            downloads.update(self._output(row, project))
        config = engine_config(project, self.folder / "docs")
        config["hooks"] = [str(HOOK)]
        after = self.folder / AFTER / FORM_PAGE_BUILT
        after.parent.mkdir(parents=True, exist_ok=True)
        after.write_text(form_page(project), encoding="utf-8")
        return write_staging(self.folder, staged_files(project, downloads), config)

    def _output(self, row: Output, project: Project) -> dict[str, bytes]:
        key = (row.name, _key(row, project))
        with self.lock:
            if key in self.rendered:
                return self.rendered[key]
            stale = self.latest.get(row.name)
        if row.slow and stale is not None:
            self._render_later(row, key, project)
            return stale
        files = _render_slow(row.name, project, self.cache) if row.slow else row.render(project)
        self._remember(key, files)
        return files

    def _remember(self, key: tuple[str, str], files: dict[str, bytes]) -> None:
        with self.lock:
            if len(self.rendered) > 8:  # a long session: keep memory bounded
                self.rendered.clear()
            self.rendered[key] = files
            self.latest[key[0]] = files

    def _render_later(self, row: Output, key: tuple[str, str], project: Project) -> None:
        with self.lock:
            if key in self.pending:
                return
            self.pending.add(key)
            if self.pool is None:  # the server is stopping
                return
            future = self.pool.submit(_render_slow, row.name, project, self.cache)

        def done(finished: concurrent.futures.Future) -> None:
            with self.lock:
                self.pending.discard(key)
            if finished.cancelled():
                return
            if finished.exception() is not None:  # the preview keeps the previous one; a build fails on it
                log.error("The %s could not be rendered: %s", row.name, finished.exception())
                return
            self._remember(key, finished.result())
            self.wanted.set()  # the watcher stages the new files, and their size on the pages

        future.add_done_callback(done)

    def shutdown(self) -> None:
        """Stop the background render process, if one was started (the server is stopping)."""
        with self.lock:
            pool, self.pool = self.pool, None
        stop_pool(pool)


def _key(row: Output, project: Project) -> str:
    """What an output's bytes depend on: the model, the logo, the history and its templates."""
    stamps = sorted((str(p), p.stat().st_mtime_ns) for folder in row.templates for p in (TEMPLATES / folder).glob("*"))
    digest = hashlib.sha256(framework_to_json(project.framework).encode() + (project.logo or b"")
                            + repr((sorted(project.history.items()), stamps)).encode())
    return digest.hexdigest()


def serve(root: Path, source: Path | None, overlay: Path | None, port: int) -> int:
    """Serve the preview on 127.0.0.1:`port` until SIGTERM or Ctrl+C."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    from .build import COMPRESSED_CACHE

    folder = Path(tempfile.mkdtemp(prefix="fairframe-preview-"))
    preview = Preview(root, source, overlay, folder, cache=root / COMPRESSED_CACHE)
    stop = threading.Event()

    def terminate(signum, frame):  # SIGTERM ends the server as Ctrl+C does, so everything is cleaned up
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        config = preview.restage()  # a bad source fails here, with every problem listed
        watcher = threading.Thread(target=_watch, args=(preview, stop), daemon=True)
        watcher.start()
        mkdocs_serve(config_file=str(config), livereload=True, dev_addr=f"127.0.0.1:{port}", strict=False)
    finally:
        signal.signal(signal.SIGTERM, previous)
        stop.set()
        preview.shutdown()
        shutil.rmtree(folder, ignore_errors=True)
    return 0


def _watch(preview: Preview, stop: threading.Event) -> None:
    seen = preview.fingerprint()
    while not stop.wait(POLL_SECONDS):
        now = preview.fingerprint()
        if now == seen and not preview.wanted.is_set():
            continue
        seen = now
        preview.wanted.clear()  # a render finishing from here on asks for the next restage
        started = time.perf_counter()
        try:
            preview.restage()
        except SourceError as error:
            log.error("The source has %d problem(s); the preview shows the last good version:\n%s",
                      len(error.problems), error)
        except Exception as error:  # noqa: BLE001 - the preview goes on with the last good pages
            log.error("The preview could not be updated: %s", error)
        else:
            log.info("Restaged the pages in %.2f s", time.perf_counter() - started)
