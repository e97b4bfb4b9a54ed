"""Hostile YAML ends `fairframe validate` with a located error, within bounded memory and time.

Each input runs `fairframe validate` in a child process limited to 1 GB of address space and a
generous timeout: before the bounds, the billion laughs grew until killed, deep nesting, a recursive
alias and a NUL byte ended in a traceback, and a large file was read whole.
"""
from __future__ import annotations

import re
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, copy_project

LAUGHS = "".join(f"lol{n}: &lol{n} [" + ", ".join([f"*lol{n - 1}" if n > 1 else '"lol"'] * 9) + "]\n"
                 for n in range(1, 10))  # nine levels of nine: 387,420,489 "lol"s once expanded
OVERLAY_BASE = "organisation:\n  name: Test Trust\n"
MEMORY_LIMIT = 1024 * 1024 * 1024
TIMEOUT = 30  # seconds: generous for a loaded machine; the checks themselves take well under 2 s


def _limit_memory():
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def _validate(root: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "fairframe", "--root", str(root), "validate", *extra],
                          capture_output=True, text=True, timeout=TIMEOUT, preexec_fn=_limit_memory)


# name: (text, expected location "line:column" or a line only, part of the message)
OVERLAYS = {
    "billion laughs": (OVERLAY_BASE + LAUGHS, "3:7", "an anchor (&lol1) is not allowed"),
    "deep nesting": (OVERLAY_BASE + "questions: " + "[" * 100_000 + "\n", "3",
                     "nested more than 20 levels deep here; at most 20 levels are allowed"),
    "deep block nesting": (OVERLAY_BASE + "questions:\n" + "".join(" " * i + "- \n" for i in range(100)), "23",
                           "nested more than 20 levels deep here"),
    "recursive alias": (OVERLAY_BASE + "policies: &p\n  - *p\n", "3:11", "an anchor (&p) is not allowed"),
    "an alias": ("organisation:\n  name: &n Test Trust\ncontacts:\n  - name: *n\n", "2:9",
                 "an anchor (&n) is not allowed"),
    "NUL byte": (OVERLAY_BASE.replace("Test", "Te\0st"), "2:11", "the control character U+0000 (NUL)"),
    "bidi isolate": (OVERLAY_BASE.replace("Test", "Te\u2067st"), "2:11", "U+2067 (RIGHT-TO-LEFT ISOLATE)"),
    "file too large": (OVERLAY_BASE + "# padding\n" * 300_000, "1:1",
                       "the file is larger than 256 KB (262,144 bytes), the most allowed for an overlay"),
    "a long sexagesimal number": (OVERLAY_BASE + "n: 1" + ":1" * 100_000 + "\n", "3:1", "unknown key 'n'"),
}


def _assert_located(result: subprocess.CompletedProcess, file: str, where: str, message: str) -> None:
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    location = re.escape(file) + ":" + (re.escape(where) if ":" in where else re.escape(where) + r":\d+") + ": "
    assert any(re.match(location, line) and message in line for line in result.stderr.splitlines()), result.stderr


@pytest.mark.parametrize("case", sorted(OVERLAYS))
def test_a_hostile_overlay_is_refused_with_a_located_error(case, tmp_path):
    text, where, message = OVERLAYS[case]
    overlay = tmp_path / "local.yaml"
    overlay.write_text(text)
    _assert_located(_validate(ROOT, "--overlay", str(overlay)), "local.yaml", where, message)


# name: (file, the text appended to it, location, part of the message)
SOURCES = {
    "billion laughs in a case study": ("case_studies/CS-05.yaml", LAUGHS, "an anchor (&lol1) is not allowed"),
    "deep nesting in the framework": ("framework/guidance.yaml", "deep: " + "[" * 100_000,
                                      "nested more than 20 levels deep here"),
    "a recursive alias in a case study": ("case_studies/session.yaml", "loop: &loop [*loop]\n",
                                          "an anchor (&loop) is not allowed"),
    "a NUL byte in the framework": ("framework/principles.yaml", "x: \0\n", "the control character U+0000 (NUL)"),
    "a 3 MB file in case_studies": ("case_studies/CS-06.yaml", "# padding\n" * 300_000,
                                    "the file is larger than 2 MB (2,097,152 bytes)"),
}


@pytest.mark.parametrize("case", sorted(SOURCES))
def test_a_hostile_source_file_is_refused_with_a_located_error(case, tmp_path):
    name, appended, message = SOURCES[case]
    project = copy_project(tmp_path / "project")
    file = project / name
    original = file.read_text()
    file.write_text(original + appended)
    line = "1" if "larger than" in message else str(original.count("\n") + 1)
    _assert_located(_validate(project), name, line, message)


def test_a_file_just_under_the_limit_is_read_in_full(tmp_path):
    """The bounds refuse what breaks them, not what is merely large: a 2 MB case study of long texts
    within the value limit is read, and its problems are the schema's."""
    project = copy_project(tmp_path / "project")
    file = project / "case_studies" / "CS-07.yaml"
    padding = "".join(f"note{n}: {'x' * 380}\n" for n in range(5_000))
    file.write_text(file.read_text() + padding)
    assert 1024 * 1024 < file.stat().st_size < 2 * 1024 * 1024
    result = _validate(project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "case_studies/CS-07.yaml" in result.stderr and "unknown key 'note0'" in result.stderr


def test_build_refuses_a_hostile_overlay_the_same_way(tmp_path):
    overlay = tmp_path / "local.yaml"
    overlay.write_text(OVERLAY_BASE + LAUGHS)
    site = tmp_path / "site"
    result = subprocess.run([sys.executable, "-m", "fairframe", "--root", str(ROOT), "build", "--overlay",
                             str(overlay), "--site-dir", str(site)],
                            capture_output=True, text=True, timeout=TIMEOUT, preexec_fn=_limit_memory)
    _assert_located(result, "local.yaml", "3:7", "an anchor (&lol1) is not allowed")
    assert not site.exists()


def test_a_byte_order_mark_tabs_and_windows_line_endings_are_fine(tmp_path, capsys):
    from fairframe import cli

    example = (ROOT / "examples" / "overlay" / "local.yaml").read_text()
    overlay = tmp_path / "local.yaml"
    overlay.write_bytes(b"\xef\xbb\xbf" + example.replace("\n", "\r\n").replace("# ", "#\t", 1).encode())
    (tmp_path / "logo.png").write_bytes((ROOT / "examples" / "overlay" / "logo.png").read_bytes())
    assert cli.main(["--root", str(ROOT), "validate", "--overlay", str(overlay)]) == 0, capsys.readouterr().err
