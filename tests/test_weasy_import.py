"""WeasyPrint's import for the learning pack (pack/weasy.py): no compiler or linker runs, and a
library the loader's cache does not list is still found the usual way."""
from __future__ import annotations

import subprocess
import sys

from conftest import ROOT

PROGRAMS_RUN = """
import os, sys
ran = []
def heard(event, args):
    if event == "subprocess.Popen":
        ran.append(os.path.basename(str(args[0])))
sys.addaudithook(heard)
{before}
from fairframe.pack.weasy import HTML
pdf = HTML(string="<p>Welfare and support</p>").write_pdf()
print(sorted(set(ran)), pdf[:5])
"""


def _run(before: str = "") -> str:
    done = subprocess.run([sys.executable, "-c", PROGRAMS_RUN.format(before=before)], capture_output=True,
                          text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_weasyprint_is_imported_asking_only_the_loader_cache():
    assert _run().splitlines() == ["['ldconfig'] b'%PDF-'"]


def test_a_library_the_loader_cache_does_not_list_is_found_by_the_usual_search():
    """As on a system where WeasyPrint's libraries cannot be opened from the loader's cache (this
    one's has them, so every load in the first attempt is refused): nothing is printed, and the
    import again with the usual search (ldconfig, then gcc and ld where installed) finds them."""
    fail_first = ("import ctypes.util, cffi\n"
                  "usual_find, usual_open = ctypes.util.find_library, cffi.FFI.dlopen\n"
                  "def dlopen(self, name, flags=0):\n"
                  "    if ctypes.util.find_library is not usual_find:\n"
                  "        ran.append('refused in the first attempt')\n"
                  "        raise OSError(f'cannot load library {name!r}')\n"
                  "    return usual_open(self, name, flags)\n"
                  "cffi.FFI.dlopen = dlopen")
    shown = _run(fail_first).splitlines()
    assert len(shown) == 1 and shown[0].endswith("b'%PDF-'"), shown  # WeasyPrint's install advice not printed
    assert "'refused in the first attempt'" in shown[0], shown  # so the PDF came from the second import
