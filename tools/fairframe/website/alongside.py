"""Renders the slow outputs (the learning pack) in a process of their own while the site engine builds
the pages, so that a build takes about as long as its longest part rather than the sum of them.

The pages that give such an output's size ("PDF, 412 KB") are built before its bytes exist. They get
a token in place of the size, and the file an empty stand-in (the engine checks that links lead
somewhere). Once the render is done, `finish` writes the real file over the stand-in and puts its
size in place of the token in every built page and in the search index; the build fails if a token
is left anywhere. The process is started by "spawn", so it inherits none of the parent's open files,
and it is stopped with the build, whatever happens.
"""
from __future__ import annotations

import concurrent.futures
import dataclasses
import hashlib
import multiprocessing
import os
import threading
import time
from pathlib import Path

from ..core.load import framework_to_json
from ..outputs import Output, outputs_for
from ..project import Project, load_project

RENDER_PROCESSES = 2  # the learning pack takes about 3 s of CPU a language: two languages at once
TEXT_SUFFIXES = (".html", ".json", ".xml", ".txt", ".js")


def size_text(data: bytes) -> str:
    """A file's size as the downloads page shows it."""
    return f"{max(1, round(len(data) / 1024))} KB"


def _slow_rows(project: Project) -> tuple[Output, ...]:
    return tuple(row for row in outputs_for(project.framework) if row.slow)


def _digest(projects: dict[str, Project]) -> str:
    """What the slow outputs are rendered from, to check that the process saw the same projects."""
    digest = hashlib.sha256()
    for lang, project in sorted(projects.items()):
        digest.update(lang.encode() + framework_to_json(project.framework).encode() + (project.logo or b""))
    return digest.hexdigest()


def _render(job: Project | tuple, index: int, cache: Path | None = None) -> tuple[str, str, dict[str, bytes]]:
    """In a spawned process: load the project if given its paths, then render every slow output in
    its `index`th language, or take them from `cache` if kept there from the same inputs:
    (language, digest, {uri in the built site ("cy/downloads/..." for Welsh): bytes})."""
    from . import render_cache
    from .languages import in_language, languages, prefix
    if isinstance(job, Project):
        project = job
    else:
        root, source, overlay, langs = job
        project = load_project(root, source, overlay)
        project = project if langs is None else dataclasses.replace(project, languages=langs)
    lang = languages(project)[index]
    each = in_language(project, lang)
    digest = _digest({lang: each})
    files = render_cache.kept(cache, digest, {prefix(lang) + row.uri(each.framework) for row in _slow_rows(each)})
    if files is None:
        files = {prefix(lang) + uri: data for row in _slow_rows(each) for uri, data in row.render(each).items()}
        render_cache.keep(cache, digest, files)
    return lang, digest, files


class Alongside:
    """The slow rows of the outputs table, rendering in spawned processes, one per language. Start it
    with the loaded project, or with (root, source, overlay) to start it before the project is loaded
    in this process (the first language starts at once); then `attach` the project in each language
    ({lang: project}), which starts the others. `cache`: where renders are kept between builds
    (render_cache), or None."""

    def __init__(self, job: Project | tuple, cache: Path | None = None):
        self.tokens: dict[tuple[str, str], str] = {}  # (language, uri in its site) -> its size's token
        self.job, self.cache = job, cache
        self.pool = start_pool()
        self.futures = [self.pool.submit(_render, job, 0, cache)]

    def attach(self, projects: dict[str, Project]) -> None:
        self.projects = projects
        more = range(len(self.futures), len(projects))
        self.futures += [self.pool.submit(_render, self.job, index, self.cache) for index in more]
        self.tokens = {(lang, row.uri(project.framework)): f"FAIRFRAMESIZEOF{lang.upper()}{number}X"
                       for lang, project in projects.items() for number, row in enumerate(_slow_rows(project))}

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
        for future in self.futures if self.tokens else ():
            lang, digest, files = future.result()
            project = self.projects.get(lang)
            if project is not None and digest != _digest({lang: project}):  # the source changed meanwhile
                files = {prefix(lang) + uri: data
                         for row in _slow_rows(project) for uri, data in row.render(project).items()}
            rendered.update(files)
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

    def close(self) -> None:
        pool, self.pool = self.pool, None
        stop_pool(pool)

    def __enter__(self) -> Alongside:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def start_pool(workers: int = RENDER_PROCESSES) -> concurrent.futures.ProcessPoolExecutor:
    """Spawned render processes (the second starts only when a second render is asked for), which end
    by themselves if this process dies (even by SIGKILL): they would otherwise finish their render and
    keep this process's output pipes open meanwhile."""
    return concurrent.futures.ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                                                  initializer=_exit_with_parent, initargs=(os.getpid(),))


def _exit_with_parent(parent: int) -> None:
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.2)
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
