"""Renders the downloads for a build, remembering them by their inputs so unchanged ones are reused.

In live preview (`fairframe serve`) a changed learning pack, the slowest output (about 2 s), is
rendered in a separate process while the pages rebuild: the site shows the edit at once, with the
previous pack until the new one is written into the served site a moment later. A normal build
always renders everything before it finishes.

The background process is started with the "spawn" method, so it inherits none of the server's
open files (a forked child would keep the listening socket, and the port, after the server ends),
and `shutdown()` ends it when the server stops.
"""
from __future__ import annotations

import concurrent.futures
import hashlib
import multiprocessing
import os
import threading
from pathlib import Path

from ..core.load import framework_to_json
from ..core.model import Framework
from ..pack import render_pack
from ..word import render_docx

PREVIEW_VARIABLE = "FAIRFRAME_PREVIEW"
_rendered: dict[tuple, bytes] = {}  # (output, key) -> bytes
_latest: dict[str, bytes] = {}  # output -> the last bytes rendered, whatever the key
_pool: concurrent.futures.ProcessPoolExecutor | None = None
_lock = threading.Lock()


def _key(framework: Framework, logo: bytes | None) -> str:
    templates = Path(__file__).resolve().parent.parent / "templates"
    stamps = sorted((str(p), p.stat().st_mtime_ns)
                    for folder in ("word", "pack") for p in (templates / folder).glob("*"))
    digest = hashlib.sha256(framework_to_json(framework).encode() + (logo or b"") + repr(stamps).encode())
    return digest.hexdigest()


def render(output: str, framework: Framework, logo: bytes | None, site_file: Path) -> bytes:
    """The bytes of `output` ("docx" or "pack"); in preview, a changed pack may come a moment later."""
    renderer = {"docx": render_docx, "pack": render_pack}[output]
    key = (output, _key(framework, logo))
    with _lock:
        if key in _rendered:
            return _rendered[key]
        stale = _latest.get(output)
    if output == "pack" and stale is not None and os.environ.get(PREVIEW_VARIABLE):
        _render_later(key, framework, logo, site_file)
        return stale
    data = renderer(framework, logo)
    _remember(key, data)
    return data


def _remember(key: tuple, data: bytes) -> None:
    with _lock:
        if len(_rendered) > 8:  # a long preview session: keep memory bounded
            _rendered.clear()
        _rendered[key] = data
        _latest[key[0]] = data


def _render_later(key: tuple, framework: Framework, logo: bytes | None, site_file: Path) -> None:
    global _pool
    if _pool is None:
        _pool = concurrent.futures.ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
    future = _pool.submit(render_pack, framework, logo)

    def publish(done: concurrent.futures.Future) -> None:
        if done.exception() is not None:
            return  # the next full build reports it
        _remember(key, done.result())
        if site_file.parent.is_dir():
            site_file.write_bytes(done.result())

    future.add_done_callback(publish)


def shutdown() -> None:
    """Stop the background render process, if one was started (the server is stopping)."""
    global _pool
    pool, _pool = _pool, None
    if pool is None:
        return
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:  # a render in progress is abandoned, not awaited
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(timeout=5)
