"""`fairframe build` replaces only a new folder or a previous build, swaps safely, and publishes a readable site.

Full builds are slow, so the tests share one copy of the project and one site folder, in file order.
"""
from __future__ import annotations

import hashlib
import os
import signal
import stat
import subprocess
import sys
import time
import weakref
from pathlib import Path

import pytest

from conftest import copy_project
from fairframe import build, cli
from fairframe.project import load_project
from fairframe.site_folder import MARKER, MARKER_TEXT

PROTECTED = ("framework", "case_studies", "docs", "overrides", "tools", "framework/new-site", "docs/x/y")


def _tree(folder: Path) -> dict[str, str]:
    """Every path under `folder` (symlinks not followed) with its contents' digest, its target or 'dir'."""
    tree = {}
    for parent, folders, files in os.walk(folder):
        for name in folders + files:
            path = Path(parent, name)
            key = path.relative_to(folder).as_posix()
            if path.is_symlink():
                tree[key] = "-> " + os.readlink(path)
            elif path.is_dir():
                tree[key] = "dir"
            else:
                tree[key] = hashlib.sha256(path.read_bytes()).hexdigest()
    return tree


def _build(project: Path, site: Path, **popen) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "fairframe", "--root", str(project), "build", "--site-dir",
                             str(site)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **popen)


def _staging(parent: Path) -> list[Path]:
    return sorted(parent.glob(".site-*"))


def _wait_for_staging(parent: Path, process: subprocess.Popen) -> Path:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        found = [p for p in _staging(parent) if p.name.startswith(".site-new-")]
        if found:
            return found[0]
        assert process.poll() is None, f"the build ended before it staged anything: {process.communicate()}"
        time.sleep(0.05)
    process.kill()
    raise AssertionError("the build never created its staging folder")


def _assert_complete_build(site: Path) -> None:
    assert (site / MARKER).read_text(encoding="utf-8") == MARKER_TEXT
    for page in ("index.html", "sw.js", "principles/welfare-and-support/index.html"):
        assert (site / page).is_file(), page
    downloads = {p.suffix for p in (site / "downloads").iterdir()}
    assert {".docx", ".pdf"} <= downloads


def _assert_readable_by_everyone(site: Path) -> None:
    for parent, _folders, files in os.walk(site):
        assert stat.S_IMODE(os.stat(parent).st_mode) == 0o755, parent
        for name in files:
            assert stat.S_IMODE(os.lstat(Path(parent, name)).st_mode) == 0o644, Path(parent, name)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return copy_project(tmp_path_factory.mktemp("safety") / "project")


@pytest.fixture(scope="module")
def site(project) -> Path:
    """One real build, run with umask 077 so that only the build itself can make it readable."""
    site = project.parent / "sites" / "site"
    result = _build(project, site, umask=0o077)
    out, err = result.communicate(timeout=600)
    assert result.returncode == 0, err
    return site


@pytest.mark.parametrize("folder", PROTECTED)
def test_a_source_or_tooling_folder_is_refused_and_left_intact(project, folder, capsys):
    before = _tree(project)
    assert cli.main(["--root", str(project), "build", "--site-dir", str(project / folder)]) == 1
    err = capsys.readouterr().err
    assert str(project / folder) in err and "refusing to build into" in err, err
    assert _tree(project) == before
    assert not (project / "framework" / "new-site").exists() and not (project / "docs" / "x").exists()


@pytest.mark.parametrize("relative", [".", "..", "framework/.."])
def test_the_project_and_its_ancestors_are_refused_and_nothing_is_touched(project, relative, capsys,
                                                                         monkeypatch):
    monkeypatch.chdir(project)
    before, around = _tree(project), sorted(os.listdir(project.parent))
    assert cli.main(["--root", str(project), "build", "--site-dir", relative]) == 1
    err = capsys.readouterr().err
    assert "the project folder" in err, err
    assert _tree(project) == before and sorted(os.listdir(project.parent)) == around


def test_an_unrelated_folder_with_content_is_refused_and_left_intact(project, tmp_path, capsys):
    folder = tmp_path / "photos"
    (folder / "2024").mkdir(parents=True)
    (folder / "2024" / "holiday.jpg").write_bytes(b"\xff\xd8 not really a photo")
    (folder / "index.html").write_text("mine")
    before = _tree(tmp_path)
    assert cli.main(["--root", str(project), "build", "--site-dir", str(folder)]) == 1
    err = capsys.readouterr().err
    assert str(folder) in err and MARKER in err, err
    assert _tree(tmp_path) == before


def test_a_file_a_symlink_or_a_forged_marker_is_refused(project, tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("keep me")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "keep.txt").write_text("keep me")
    (tmp_path / "link").symlink_to(tmp_path / "elsewhere")
    (tmp_path / "forged").mkdir()
    (tmp_path / "forged" / MARKER).write_text("anything")
    (tmp_path / "forged" / "keep.txt").write_text("keep me")
    before = _tree(tmp_path)
    reasons = {"notes.txt": "is a file", "link": "symbolic link", "forged": MARKER}
    for name, reason in reasons.items():
        assert cli.main(["--root", str(project), "build", "--site-dir", str(tmp_path / name)]) == 1
        err = capsys.readouterr().err
        assert str(tmp_path / name) in err and reason in err, err
    assert _tree(tmp_path) == before


def test_the_built_site_is_marked_and_readable_by_everyone(site):
    _assert_complete_build(site)
    _assert_readable_by_everyone(site)
    assert "/.fairframe-site" not in (site / "sw.js").read_text(), "the marker is not part of the site"
    assert sorted(os.listdir(site.parent)) == ["site"], "no lock file or staging folder is left"


def test_a_killed_build_leaves_nothing_once_the_next_build_has_run(project, site, tmp_path):
    # The temporary folder of its fork server's socket, which SIGKILL leaves too, goes in the test's own
    killed = _build(project, site, env={**os.environ, "TMPDIR": str(tmp_path)})
    leftover = _wait_for_staging(site.parent, killed)
    killed.send_signal(signal.SIGKILL)
    killed.communicate(timeout=60)
    assert leftover.is_dir(), "SIGKILL cannot clean up: the next build must"
    (site / "stale.txt").write_text("from the previous build")

    assert cli.main(["--root", str(project), "build", "--site-dir", str(site)]) == 0  # over a previous build
    _assert_complete_build(site)
    assert not (site / "stale.txt").exists()
    assert sorted(os.listdir(site.parent)) == ["site"]


def test_sigterm_stops_a_build_which_removes_its_staging_folder_and_keeps_the_site(project, site):
    before = _tree(site)
    build = _build(project, site)
    _wait_for_staging(site.parent, build)
    build.send_signal(signal.SIGTERM)
    out, err = build.communicate(timeout=120)
    assert build.returncode != 0 and "Traceback" not in err, err
    assert _tree(site) == before
    assert sorted(os.listdir(site.parent)) == ["site"]


def test_a_sigterm_caught_by_code_the_build_calls_still_stops_the_build_before_the_swap(project, site,
                                                                                         monkeypatch):
    """Not every library lets SystemExit pass: the build must stop all the same."""
    before, handler = _tree(site), signal.getsignal(signal.SIGTERM)

    def assemble_catching_everything(*args, **kwargs):
        try:
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(5)  # the handler raises here
        except BaseException:
            pass

    monkeypatch.setattr(build, "assemble", assemble_catching_everything)
    with pytest.raises(build.BuildTerminated) as stopped:
        build.build_project(load_project(project, None, None), site, slow=object())
    assert stopped.value.code == 128 + signal.SIGTERM
    assert _tree(site) == before
    assert sorted(os.listdir(site.parent)) == ["site"]
    assert signal.getsignal(signal.SIGTERM) == handler


def test_a_sigterm_that_lands_in_a_weakref_callback_still_stops_the_build_and_prints_nothing(capfd):
    """Python prints and drops an exception raised in a weakref callback (importlib has such
    callbacks, so a SIGTERM can land in one): the build raises it again at its next line instead."""
    class Held:
        pass

    def callback(_ref) -> None:
        os.kill(os.getpid(), signal.SIGTERM)  # delivered at once: its handler raises in this callback
        for _ in range(1000):
            pass

    before = sys.unraisablehook
    with pytest.raises(build.BuildTerminated) as stopped:
        with build._sigterm_raises() as terminated:
            held = Held()
            ref = weakref.ref(held, callback)
            del held
            time.sleep(5)  # raised again by then
    assert stopped.value.code == 128 + signal.SIGTERM and terminated[0] == 128 + signal.SIGTERM and ref() is None
    assert "Exception ignored" not in capfd.readouterr().err and sys.unraisablehook is before


def test_concurrent_builds_each_swap_in_a_complete_site(project, site):
    builds = [_build(project, site) for _ in range(2)]  # two racing for the same folder
    results = [(*build.communicate(timeout=900), build.returncode) for build in builds]
    for _out, err, code in results:
        assert code == 0, err
    _assert_complete_build(site)
    _assert_readable_by_everyone(site)
    assert sorted(os.listdir(site.parent)) == ["site"]
