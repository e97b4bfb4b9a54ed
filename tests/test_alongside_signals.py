"""A SIGTERM that lands while the build starts a render (website/alongside.py) still lets the build
stop cleanly: every render it started is known and stopped, and nothing prints a traceback.

Found by CI: the signal's handler raised inside `Thread.start`, so the build then tried to wait for a
thread that was not yet known to be started, failed, and never stopped its render processes."""
from __future__ import annotations

import subprocess
import sys
import textwrap

# Signals hammer the main thread while it starts renders; the handler raises only inside `_submit`
# (as the build's does, wherever it lands), and `close` follows at once, as in a stopped build.
RACE = textwrap.dedent("""
    import os, random, signal, sys, threading, time
    from fairframe.website.alongside import Alongside

    class Stop(Exception):
        pass

    def handler(signum, frame):
        while frame is not None:
            if frame.f_code.co_name == "_submit":
                raise Stop
            frame = frame.f_back

    signal.signal(signal.SIGTERM, handler)
    main, running = threading.main_thread().ident, [True]

    def hammer():
        while running:
            signal.pthread_kill(main, signal.SIGTERM)
            time.sleep(random.uniform(0, 0.0002))

    threading.Thread(target=hammer, daemon=True).start()
    interrupted = failed = 0
    for trial in range(int(sys.argv[1])):
        slow = Alongside(None)
        try:
            for _ in range(50):
                slow._submit(os.getpid)
        except Stop:
            interrupted += 1
        try:
            slow.close()
        except Exception as error:
            failed += 1
            print("close failed:", repr(error), file=sys.stderr)
        if slow.pool is not None:
            failed += 1
            print("pool left running", file=sys.stderr)
        for thread in slow.starting:
            try:
                thread.join(timeout=5)
            except RuntimeError:  # not started
                failed += 1
            else:
                failed += thread.is_alive()
    running.clear()
    print(interrupted, failed)
""")


def test_a_sigterm_while_a_render_starts_leaves_every_render_known_and_stopped():
    """120 stopped builds in miniature: before the fix, about 1 in 13 failed to stop (measured), so
    the old code passes this test about once in 10,000 runs."""
    done = subprocess.run([sys.executable, "-c", RACE, "120"], capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr
    interrupted, failed = map(int, done.stdout.split())
    assert interrupted > 60, f"the signals hit only {interrupted} of 120 trials: the test proves little"
    assert failed == 0 and "Traceback" not in done.stderr, done.stderr
