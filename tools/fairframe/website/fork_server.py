"""The fork server the render processes are forked from (website/alongside.py), startable before
anything else is imported.

It is a fresh interpreter that imports WeasyPrint and the pack's modules once (about 0.6 s), and no
render can start before it is ready: that wait is on the learning pack's path, which is the build's
longest. `fairframe build` therefore starts it first thing, before importing the build's own modules
(about 0.15 s), so that the two imports overlap. This module imports only `multiprocessing`.
"""
from __future__ import annotations

import multiprocessing
from multiprocessing import forkserver

PRELOAD = ["fairframe.website.alongside", "fairframe.outputs", "fairframe.pack", "fairframe.compiled_templates",
           "fairframe.pack.weasy"]  # WeasyPrint, imported without compiler runs (pack/weasy.py)


def start_fork_server() -> multiprocessing.context.ForkServerContext:
    """The fork server's context, the server started (it imports meanwhile; the first render process
    waits for it). Again in the same process: the same server."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    forkserver.ensure_running()
    return context
