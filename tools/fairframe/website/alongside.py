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
import multiprocessing
from pathlib import Path

from ..outputs import Output, output
from ..project import Project

TEXT_SUFFIXES = (".html", ".json", ".xml", ".txt", ".js")


def size_text(data: bytes) -> str:
    """A file's size as the downloads page shows it."""
    return f"{max(1, round(len(data) / 1024))} KB"


def _render(name: str, project: Project) -> dict[str, bytes]:
    return output(name).render(project)


class Alongside:
    """The slow rows of the outputs table, rendering in a spawned process."""

    def __init__(self, project: Project, rows: tuple[Output, ...]):
        self.rows = tuple(row for row in rows if row.slow)
        self.tokens = {row.uri(project.framework): f"FAIRFRAMESIZEOF{number}X" for number, row in enumerate(self.rows)}
        self.pool = None
        self.futures: list[concurrent.futures.Future] = []
        if self.rows:
            self.pool = concurrent.futures.ProcessPoolExecutor(max_workers=1,
                                                               mp_context=multiprocessing.get_context("spawn"))
            self.futures = [self.pool.submit(_render, row.name, project) for row in self.rows]

    def stand_ins(self) -> dict[str, bytes]:
        """Empty files where the slow outputs will go, for the engine's link checks."""
        return {uri: b"" for uri in self.tokens}

    def finish(self, site: Path) -> dict[str, bytes]:
        """Wait for the renders, write them into `site` and their sizes into its pages."""
        rendered: dict[str, bytes] = {}
        for future in self.futures:
            rendered.update(future.result())
        sizes = {}
        for uri, token in self.tokens.items():
            (site / uri).write_bytes(rendered[uri])
            sizes[token] = size_text(rendered[uri])
        found = set()
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
        if found != set(sizes):
            raise RuntimeError(f"no page gives the size of {', '.join(sorted(set(sizes) - found))}")
        return rendered

    def close(self) -> None:
        pool, self.pool = self.pool, None
        stop_pool(pool)

    def __enter__(self) -> Alongside:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def stop_pool(pool: concurrent.futures.ProcessPoolExecutor | None) -> None:
    """Stop a render process now: a render in progress is abandoned, not awaited."""
    if pool is None:
        return
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(timeout=5)
