"""WeasyPrint, imported without running the C compiler to find its libraries.

WeasyPrint opens each native library (GObject, Pango, HarfBuzz, fontconfig) by trying several
names in turn, most of them other platforms' ("libpango-1.0-0", "pango-1.0-0", ...). cffi passes
each name to `ctypes.util.find_library`, which on Linux looks in the loader's cache (`ldconfig
-p`) and, for a name not there, runs gcc and then ld (where installed): about a dozen compiler and
linker runs, 0.13 s of the 0.45 s import, on the learning pack's path in every build (the fork
server imports this module, website/fork_server.py). Here the import asks the loader's cache only,
where Debian's packages register these libraries. If WeasyPrint cannot open its libraries that
way, it is imported again the usual way, so what the slower search finds is still found.
"""
from __future__ import annotations

import contextlib
import ctypes.util
import io
import sys


@contextlib.contextmanager
def _libraries_from_the_loader_cache():
    from_cache = getattr(ctypes.util, "_findSoname_ldconfig", None)  # Linux only; elsewhere nothing changes
    if from_cache is None or not sys.platform.startswith("linux"):
        yield
        return
    usual = ctypes.util.find_library
    ctypes.util.find_library = from_cache
    try:
        with contextlib.redirect_stdout(io.StringIO()):  # WeasyPrint prints its install advice on failure
            yield
    finally:
        ctypes.util.find_library = usual


def _import() -> None:
    try:
        with _libraries_from_the_loader_cache():
            import weasyprint  # noqa: F401
    except OSError:  # a library the cache does not list: the usual search, and its message if it fails too
        for name in [module for module in sys.modules if module == "weasyprint" or module.startswith("weasyprint.")]:
            del sys.modules[name]
        import weasyprint  # noqa: F401


_import()

from weasyprint import HTML  # noqa: E402
from weasyprint.urls import FatalURLFetchingError  # noqa: E402

__all__ = ["HTML", "FatalURLFetchingError"]
