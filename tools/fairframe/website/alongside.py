"""Renders the slow outputs (the learning pack) in a process of their own while the site engine builds
the pages, so that a build takes about as long as its longest part rather than the sum of them.

The pages that give such an output's size ("PDF, 412 KB") are built before its bytes exist. They get
a token in place of the size, and the file an empty stand-in (the engine checks that links lead
somewhere). Once the render is done, `finish` writes the real file over the stand-in and puts its
size in place of the token in every built page and in the search index; the build fails if a token
is left anywhere. The processes are forked from a fork server that has imported WeasyPrint once, so
they inherit none of the build's open files, and they are stopped with the build, whatever happens.
"""
from __future__ import annotations

import concurrent.futures
import gc
import hashlib
import os
import select
import threading
from pathlib import Path

from ..core.load import framework_to_json
from ..outputs import Output, outputs_for
from ..project import Project
from ..site_folder import signals_wait
from .fork_server import start_fork_server

RENDER_PROCESSES = 2  # the learning pack takes about 2 s of CPU a language: two languages at once
TEXT_SUFFIXES = (".html", ".json", ".xml", ".txt", ".js")


def size_text(data: bytes) -> str:
    """A file's size as the downloads page shows it."""
    return f"{max(1, round(len(data) / 1024))} KB"


def slow_rows(project: Project) -> tuple[Output, ...]:
    return tuple(row for row in outputs_for(project.framework) if row.slow)


def _digest(projects: dict[str, Project]) -> str:
    """What the slow outputs are rendered from: the key of a kept render (render_cache)."""
    digest = hashlib.sha256()
    for lang, project in sorted(projects.items()):
        digest.update(lang.encode() + framework_to_json(project.framework).encode() + (project.logo or b""))
    return digest.hexdigest()


def render_slow_outputs(lang: str, each: Project, cache: Path | None = None) -> tuple[str, str, dict[str, bytes]]:
    """In a render process: every slow output of `each` (the project in its language `lang`, sent
    by the build, which has loaded it), or the ones kept in `cache` from the same inputs:
    (language, digest, {uri in the built site ("cy/downloads/..." for Welsh): bytes})."""
    from ..compiled_templates import FOLDER, KeptTemplates
    from ..templating import compiled_kept
    from . import render_cache
    from .languages import prefix
    digest = _digest({lang: each})
    files = render_cache.kept(cache, digest, {prefix(lang) + row.uri(each.framework) for row in slow_rows(each)})
    if files is None:
        with compiled_kept(KeptTemplates(cache / FOLDER) if cache is not None else None):  # as the build's own
            files = {prefix(lang) + uri: data for row in slow_rows(each) for uri, data in row.render(each).items()}
        render_cache.keep(cache, digest, files)
    return lang, digest, files


class Alongside:
    """The slow rows of the outputs table, rendering in processes of their own, one per language.
    Start it first thing: the fork server starts importing WeasyPrint at once, while the project is
    loaded. Then `attach` the project in each language ({lang: project}), which starts the renders.
    `cache`: where renders are kept between builds (render_cache), or None."""

    def __init__(self, cache: Path | None = None):
        self.tokens: dict[tuple[str, str], str] = {}  # (language, uri in its site) -> its size's token
        self.cache = cache
        self.pool = start_pool()
        self.futures: list[concurrent.futures.Future] = []
        self.starting: list[threading.Thread] = []

    def _submit(self, *call) -> None:
        """Submit from a thread of its own: starting a render process waits until the fork server has
        done its imports, and this thread goes on meanwhile. `finish` and `close` wait for it."""
        def submit() -> None:
            try:
                future = self.pool.submit(*call)
            except Exception as error:  # noqa: BLE001 - the build's `finish` raises it
                future = concurrent.futures.Future()
                future.set_exception(error)
            self.futures.append(future)

        thread = threading.Thread(target=submit, name="fairframe-render-start", daemon=True)
        with signals_wait():  # a SIGTERM's handler raising mid-start would leave a thread not known to be started
            thread.start()
            self.starting.append(thread)

    def attach(self, projects: dict[str, Project]) -> None:
        """The project in each language, loaded by the build: each language renders in a process."""
        for lang, each in projects.items():
            self._submit(render_slow_outputs, lang, each, self.cache)
        self.tokens = {(lang, row.uri(project.framework)): f"FAIRFRAMESIZEOF{lang.upper()}{number}X"
                       for lang, project in projects.items() for number, row in enumerate(slow_rows(project))}

    def pending(self, lang: str) -> dict[str, str]:
        """{uri in that language's site: token} for its pages."""
        return {uri: token for (each, uri), token in self.tokens.items() if each == lang}

    def stand_ins(self, lang: str) -> dict[str, bytes]:
        """Empty files where that language's slow outputs will go, for the engine's link checks."""
        return {uri: b"" for uri in self.pending(lang)}

    def finish(self, site: Path) -> list[Path]:
        """Wait for the renders, write them into `site` and their sizes into its pages; returns the
        pages (and index) changed."""
        from .languages import prefix
        rendered: dict[str, bytes] = {}
        self._started()
        for future in self.futures if self.tokens else ():
            rendered.update(future.result()[2])
        sizes = {}
        for (lang, uri), token in self.tokens.items():
            data = rendered[prefix(lang) + uri]
            (site / prefix(lang) / uri).write_bytes(data)
            sizes[token] = size_text(data)
        found, changed_files = set(), []
        for path in sorted(site.rglob("*")):
            if not (path.is_file() and path.suffix in TEXT_SUFFIXES):
                continue
            text = path.read_text(encoding="utf-8", errors="surrogateescape")
            changed = text
            for token, size in sizes.items():
                if token in changed:
                    found.add(token)
                    changed = changed.replace(token, size)
            if changed != text:
                path.write_text(changed, encoding="utf-8", errors="surrogateescape")
                changed_files.append(path)
        if found != set(sizes):
            raise RuntimeError(f"no page gives the size of {', '.join(sorted(set(sizes) - found))}")
        return changed_files

    def _started(self) -> None:
        for thread in self.starting:
            thread.join()

    def close(self) -> None:
        try:
            self._started()  # a process being started is then in the pool's list, and stopped with it
        finally:
            pool, self.pool = self.pool, None
            stop_pool(pool)

    def __enter__(self) -> Alongside:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def start_pool(workers: int = RENDER_PROCESSES) -> concurrent.futures.ProcessPoolExecutor:
    """Render processes forked from the fork server, which imports WeasyPrint once for all of them
    (the second process starts only when a second render is asked for). The fork server is a fresh
    interpreter, so no render process holds this process's open files (a server's listening socket
    among them); each ends by itself if this process dies (even by SIGKILL): it would otherwise finish
    its render and keep this process's output pipes open meanwhile."""
    return concurrent.futures.ProcessPoolExecutor(max_workers=workers, mp_context=start_fork_server(),
                                                  initializer=_render_process_start, initargs=(os.getpid(),))


def _render_process_start(parent: int) -> None:
    """In a new render process: freeze what it inherited from the fork server (WeasyPrint and the rest
    of fork_server.PRELOAD, about 64,000 objects), so that a full collection mid-render does not scan them and
    copy their pages (measured: 1.87 s of CPU a learning pack instead of 2.16 s); then exit as soon
    as `parent` (the build, not the fork server) has ended."""
    gc.freeze()
    try:
        handle = os.pidfd_open(parent)
    except OSError:  # already gone
        os._exit(1)

    def watch() -> None:
        select.select([handle], [], [])  # readable once the process has ended
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def stop_pool(pool: concurrent.futures.ProcessPoolExecutor | None) -> None:
    """Stop a render process now: a render in progress is abandoned, not awaited. The executor's
    manager thread is awaited too: left running, it can close its wake-up pipe while the interpreter's
    exit writes to it, and the exit then prints a traceback (a race in CPython 3.13's executor)."""
    if pool is None:
        return
    processes = list((getattr(pool, "_processes", None) or {}).values())
    manager = getattr(pool, "_executor_manager_thread", None)
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(timeout=5)
    if manager is not None:
        manager.join(timeout=5)
