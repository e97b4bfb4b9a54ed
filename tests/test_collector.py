"""Work the collector is spared: objects that live until the process ends are frozen (gc.freeze), in
the render processes (website/alongside.py) and when the command exits (cli.run)."""
from __future__ import annotations

import gc
import subprocess
import sys

from conftest import ROOT
from fairframe.website.alongside import start_pool, stop_pool


def _collector_state() -> tuple[int, bool]:
    return gc.get_freeze_count(), "weasyprint" in sys.modules


def test_a_render_process_starts_with_what_the_fork_server_imported_frozen():
    """WeasyPrint, imported once by the fork server, is inherited frozen: the collector of a render
    process never scans it, nor copies its pages, in a full collection mid-render (measured: 1.87 s of
    CPU a learning pack instead of 2.16 s)."""
    pool = start_pool(workers=1)
    try:
        frozen, imported = pool.submit(_collector_state).result(timeout=60)
    finally:
        stop_pool(pool)
    assert imported
    assert frozen > 10_000, f"only {frozen} objects frozen in the render process"


def test_the_command_freezes_what_it_made_before_the_interpreter_exits():
    """`fairframe` (and `python -m fairframe`) freezes what the command made once it is done, so the
    interpreter's last collections skip it; the exit status is the command's."""
    check = ("import atexit, gc, sys; from fairframe.cli import run; "
             "atexit.register(lambda: print('frozen', gc.get_freeze_count())); "
             "sys.argv = ['fairframe', '--root', sys.argv[1], 'validate']; run()")
    done = subprocess.run([sys.executable, "-c", check, str(ROOT)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    frozen = int(done.stdout.split("frozen ")[-1])
    assert frozen > 10_000, done.stdout
    broken = subprocess.run([sys.executable, "-c", check, str(ROOT / "no-such-project")], capture_output=True,
                            text=True, timeout=120)
    assert broken.returncode == 1 and "no .yaml files found" in broken.stderr
