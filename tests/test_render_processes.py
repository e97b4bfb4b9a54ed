"""The render processes the build and the live preview start (website/alongside.py)."""
from __future__ import annotations

import gc
import sys

from fairframe.website.alongside import start_pool, stop_pool


def _collector_state() -> tuple[int, bool]:
    return gc.get_freeze_count(), "weasyprint" in sys.modules


def test_a_render_process_starts_with_what_the_fork_server_imported_frozen():
    """WeasyPrint, imported once by the fork server, is inherited frozen: the collector of a render
    process never scans it (a full collection of it was about 7% of a learning pack's render)."""
    pool = start_pool(workers=1)
    try:
        frozen, imported = pool.submit(_collector_state).result(timeout=60)
    finally:
        stop_pool(pool)
    assert imported
    assert frozen > 10_000, f"only {frozen} objects frozen in the render process"
