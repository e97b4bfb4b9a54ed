"""`fairframe serve` on 127.0.0.1: it shows the site and rebuilds it when the source changes."""
from __future__ import annotations

import io
import os
import subprocess
import sys
import time
import urllib.request

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
        principles.write_text(principles.read_text().replace("Compassionate communication", "Kind, timely communication"))
        _wait_for(base + "principles/welfare-and-support/", "Kind, timely communication", timeout=60)
        study = project / "case_studies" / "CS-01.yaml"
        study.write_text(study.read_text().replace("title: ", "title: Revised study on ", 1))
        _wait_for(base + "case-studies/cs-01/", "Revised study on", timeout=60)
        pack = f"{base}downloads/fairness-and-proportionality-case-studies-2025-01.pdf"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:  # the preview writes a changed pack a moment after the pages
            with urllib.request.urlopen(pack) as response, pdfplumber.open(io.BytesIO(response.read())) as pdf:
                if "Revised study on" in (pdf.pages[1].extract_text() or ""):
                    break
            time.sleep(0.5)
        else:
            raise AssertionError("the learning pack was not rebuilt")
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert os.environ.get("FAIRFRAME_PREVIEW") is None  # the test process itself never enters preview mode
