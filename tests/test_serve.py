"""`fairframe serve` on 127.0.0.1: it shows the site and rebuilds it when the source changes."""
from __future__ import annotations

import io
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pdfplumber

from conftest import ROOT, copy_project

sys.path.insert(0, str(ROOT / "tools"))
from bench_serve import _free_port, _wait_for  # noqa: E402  (the benchmark's own polling helpers)


def test_serve_rebuilds_pages_and_downloads_when_the_source_changes(tmp_path):
    project = copy_project(tmp_path / "project")
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    server = subprocess.Popen([sys.executable, "-m", "fairframe", "--root", str(project), "serve", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        _wait_for(base, "Fairness and proportionality", timeout=120)
        principles = project / "framework" / "principles.yaml"
        principles.write_text(principles.read_text().replace("Compassionate communication",
                                                             "Kind, timely communication"))
        _wait_for(base + "principles/welfare-and-support/", "Kind, timely communication", timeout=60)
        study = project / "case_studies" / "CS-01.yaml"
        study.write_text(study.read_text().replace("title: ", "title: Revised study on ", 1))
        _wait_for(base + "case-studies/cs-01/", "Revised study on", timeout=60)
        pack = f"{base}downloads/fairness-and-proportionality-case-studies-2025-01.pdf"
        deadline, read = time.monotonic() + 60, set()
        while time.monotonic() < deadline:  # the preview writes a changed pack a moment after the pages
            with urllib.request.urlopen(pack) as response:
                data = response.read()
            if data not in read:  # each pack served is read once, not again while the render goes on
                read.add(data)
                with pdfplumber.open(io.BytesIO(data)) as pdf:
                    if "Revised study on" in (pdf.pages[1].extract_text() or ""):
                        break
            time.sleep(0.5)
        else:
            raise AssertionError("the learning pack was not rebuilt")
        children = _descendants(server.pid)
        assert children, "the background learning pack render should run in a process of its own"
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        deadline = time.monotonic() + 2
        while time.monotonic() < deadline and any(_alive(pid) for pid in children):
            time.sleep(0.1)
        assert not [pid for pid in children if _alive(pid)], "a child process outlived `fairframe serve`"
        with socket.socket() as again:  # no child kept the listening socket: a new server can listen at once
            again.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as servers do (TIME_WAIT is fine)
            again.bind(("127.0.0.1", port))
            again.listen()
    finally:
        if server.poll() is None:
            server.terminate()
            server.wait(timeout=30)


def test_a_finished_background_render_is_staged_by_the_next_restage_only(tmp_path):
    """The render process's callback never writes the staging folder: it asks the watcher, whose
    restages are the only writers, so an older restage cannot land after the new pack (issue 14)."""
    from fairframe.build import COMPRESSED_CACHE
    from fairframe.preview import Preview
    project = copy_project(tmp_path / "project")
    preview = Preview(project, None, None, tmp_path / "preview", cache=project / COMPRESSED_CACHE)
    staged = tmp_path / "preview" / "docs" / "downloads" / "fairness-and-proportionality-case-studies-2025-01.pdf"
    try:
        preview.restage()
        first = staged.read_bytes()
        study = project / "case_studies" / "CS-01.yaml"
        study.write_text(study.read_text().replace("title: ", "title: Revised study on ", 1))
        preview.restage()  # the pages change at once; the pack renders in the background
        assert staged.read_bytes() == first
        assert preview.wanted.wait(60), "the background render did not finish"
        assert staged.read_bytes() == first, "only a restage may write the staging folder"
        preview.restage()
    finally:
        preview.shutdown()
    with pdfplumber.open(staged) as pdf:
        assert "Revised study on" in (pdf.pages[1].extract_text() or "")


def _descendants(pid: int) -> list[int]:
    """Every process below `pid`, read from /proc."""
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    found, frontier = [], [pid]
    while frontier:
        parent = frontier.pop()
        children = [child for child, ppid in parents.items() if ppid == parent]
        found += children
        frontier += children
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"
