"""The text of a PDF's pages as pdfplumber reads it, kept by the hash of the file's bytes.

pdfplumber (through pdfminer) takes about 4 s to read the 50 pages of a learning pack, and a test
session reads the same packs many times (the builds are byte-identical). So each file's text is read
once and kept in .cache/tests/pdf-text/, named by the hash of its bytes and pdfplumber's version:
shared by the test workers of a session and by later sessions. Other bytes are read afresh, so a test
never sees the text of a file other than the one it gives. Only the newest entries are kept, and
nothing but this cache's own entries is ever removed.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import re
import tempfile
from pathlib import Path

import pdfplumber

from conftest import ROOT

FOLDER = ROOT / ".cache" / "tests" / "pdf-text"
ENTRY = re.compile(r"[0-9a-f]{64}\.json")
KEEP = 200


def pages(source: Path | bytes) -> list[str]:
    """Each page's `extract_text()` ("" for a page without text) of the PDF at `source` (or its bytes)."""
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    key = hashlib.sha256(data + f"\0pdfplumber {pdfplumber.__version__}".encode()).hexdigest()
    entry = FOLDER / f"{key}.json"
    try:
        kept = json.loads(entry.read_text(encoding="utf-8"))
        if isinstance(kept, list) and all(isinstance(text, str) for text in kept):
            os.utime(entry)
            return kept
    except (OSError, ValueError):
        pass
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        texts = [page.extract_text() or "" for page in pdf.pages]
    _keep(entry, json.dumps(texts))
    return texts


def _keep(entry: Path, text: str) -> None:
    """Written whole or not at all (another worker may be reading it), then the oldest entries pruned."""
    try:
        FOLDER.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=FOLDER, suffix=".part", delete=False) as part:
            part.write(text)
        os.replace(part.name, entry)
        entries = sorted((path for path in FOLDER.iterdir() if ENTRY.fullmatch(path.name)),
                         key=lambda path: path.stat().st_mtime, reverse=True)
        for old in entries[KEEP:]:
            old.unlink(missing_ok=True)
    except OSError:  # a cache that cannot be written only costs time
        pass
