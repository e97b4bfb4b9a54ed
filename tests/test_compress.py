"""The precompressed copies the build writes for web servers (fairframe.website.compress)."""
from __future__ import annotations

import datetime
import gzip
import io
import os
import shutil
import zipfile
import zlib
from pathlib import Path

import brotli

from fairframe.reproducible import deflate, write_zip
from fairframe.website import compress
from fairframe.website.compress import CACHED_SIZE, MINIMUM_SIZE, compress_site, deflated_pieces

TEXT = ("<p>A paragraph of the framework's guidance, repeated as pages repeat their navigation.</p>\n" * 200).encode()


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _sample_site(folder: Path) -> Path:
    (folder / "assets").mkdir(parents=True)
    (folder / "index.html").write_bytes(TEXT)
    (folder / "assets" / "app.mjs").write_bytes(b"export const answers = ['yes', 'no', 'unknown'];\n" * 100)
    (folder / "assets" / "data.json").write_bytes(b'{"question": "Was the practitioner heard?"}\n' * 100)
    (folder / "assets" / "tiny.js").write_bytes(b"console.log(1);\n")  # under MINIMUM_SIZE
    (folder / "assets" / "random.wasm").write_bytes(os.urandom(64 * 1024))  # incompressible
    (folder / "assets" / "picture.png").write_bytes(TEXT)  # compressible bytes, but not a type we compress
    (folder / "framework.docx").write_bytes(TEXT)
    return folder


def test_every_copy_decompresses_to_its_file(tmp_path):
    site = _sample_site(tmp_path / "site")
    written = compress_site(site)
    assert {p.relative_to(site).as_posix() for p in written} == {
        "index.html.br", "index.html.gz", "assets/app.mjs.br", "assets/app.mjs.gz",
        "assets/data.json.br", "assets/data.json.gz"}
    for copy in written:
        original = copy.with_suffix("").read_bytes()
        data = copy.read_bytes()
        assert (brotli.decompress(data) if copy.suffix == ".br" else gzip.decompress(data)) == original
        assert len(data) < len(original) / 2


def test_the_gzip_copies_carry_no_name_and_no_time(tmp_path):
    site = _sample_site(tmp_path / "site")
    compress_site(site)
    header = (site / "index.html.gz").read_bytes()[:10]
    assert header[3] == 0  # FLG: no file name, no comment, no extra field
    assert header[4:8] == b"\0\0\0\0"  # MTIME 0


def test_two_runs_write_identical_bytes(tmp_path):
    one, two = _sample_site(tmp_path / "one"), tmp_path / "two"
    shutil.copytree(one, two)
    compress_site(one)
    compress_site(two)
    assert _files(one) == _files(two)


def test_small_incompressible_and_other_files_get_no_copy_and_nothing_is_overwritten(tmp_path):
    site = _sample_site(tmp_path / "site")
    (site / "sitemap.xml").write_bytes(TEXT)
    (site / "sitemap.xml.gz").write_bytes(b"written by the build itself")
    assert (site / "assets" / "tiny.js").stat().st_size < MINIMUM_SIZE
    compress_site(site)
    names = set(_files(site))
    for skipped in ("assets/tiny.js", "assets/random.wasm", "assets/picture.png", "framework.docx"):
        assert f"{skipped}.br" not in names and f"{skipped}.gz" not in names
    assert (site / "sitemap.xml.gz").read_bytes() == b"written by the build itself"
    assert "sitemap.xml.br" in names


def test_the_built_site_has_copies_of_its_pages_and_pyodide(built_site):
    for name in ("index.html", "complete/index.html", "sw.js", "assets/pyodide/pyodide.asm.wasm",
                 "assets/pyodide/pyodide.asm.mjs", "assets/form/framework.json", "assets/pyodide/python_stdlib.zip"):
        original = (built_site / name).read_bytes()
        assert brotli.decompress((built_site / f"{name}.br").read_bytes()) == original, name
        assert gzip.decompress((built_site / f"{name}.gz").read_bytes()) == original, name
    wasm = built_site / "assets/pyodide/pyodide.asm.wasm"
    assert (built_site / "assets/pyodide/pyodide.asm.wasm.br").stat().st_size < wasm.stat().st_size * 0.4
    # the standard library's entries are stored (stdlib.py), for the server to compress across them
    stdlib = built_site / "assets/pyodide/python_stdlib.zip"
    assert (built_site / "assets/pyodide/python_stdlib.zip.br").stat().st_size < stdlib.stat().st_size * 0.4
    assert not any(p.name.endswith((".br.gz", ".gz.br", ".gz.gz", ".br.br")) for p in built_site.rglob("*"))
    assert gzip.decompress((built_site / "sitemap.xml.gz").read_bytes()) == (built_site / "sitemap.xml").read_bytes()


def test_the_search_languages_no_page_asks_for_get_no_copy(tmp_path):
    site = _sample_site(tmp_path / "site")
    for folder in (site, site / "cy"):
        (folder / "assets/javascripts/lunr/min").mkdir(parents=True)
        (folder / "assets/javascripts/lunr/min/lunr.fr.min.js").write_bytes(TEXT)
        (folder / "assets/javascripts/bundle.js").write_bytes(TEXT)
    names = {p.relative_to(site).as_posix() for p in compress_site(site)}
    assert {"assets/javascripts/bundle.js.br", "cy/assets/javascripts/bundle.js.gz"} <= names
    assert not [name for name in names if "/lunr/" in name]


def _zip_entry(contents) -> bytes:
    when = datetime.datetime(2025, 1, 2, 3, 4, 6)
    archive = write_zip({"first.txt": TEXT, "Cwblhau’r fframwaith.html": contents}, when)
    with zipfile.ZipFile(io.BytesIO(archive)) as opened:
        assert opened.testzip() is None
        assert [(i.filename, i.date_time, i.external_attr >> 16) for i in opened.infolist()] == [
            ("first.txt", (2025, 1, 2, 3, 4, 6), 0o644), ("Cwblhau’r fframwaith.html", (2025, 1, 2, 3, 4, 6), 0o644)]
        assert opened.read("first.txt") == TEXT
        return opened.read("Cwblhau’r fframwaith.html")


def test_a_zip_entry_deflated_ahead_reads_back_as_its_bytes(tmp_path):
    big = os.urandom(CACHED_SIZE // 2).hex().encode()  # one piece big enough to be kept
    pieces = [b"window.files({", big, b'"', TEXT, b"});\n"]
    assert _zip_entry(deflate(b"".join(pieces))) == b"".join(pieces)
    cache = tmp_path / "cache"
    first = deflated_pieces(pieces, cache)
    assert _zip_entry(first) == b"".join(pieces)
    assert (first.crc, first.size) == (zlib.crc32(b"".join(pieces)), len(b"".join(pieces)))
    kept = [p.name for p in cache.iterdir()]
    assert len(kept) == 1 and kept[0].endswith(".deflate")  # only the big piece is kept
    again = deflated_pieces(pieces, cache)  # the same bytes, from the kept piece
    assert again == first and [p.name for p in cache.iterdir()] == kept
    assert deflated_pieces(pieces) == first  # with no cache at all


def test_the_copies_of_small_files_are_kept_and_taken_by_the_next_build(tmp_path):
    cache = tmp_path / "cache"
    first = _sample_site(tmp_path / "one")
    written = compress_site(first, cache)
    kept = sorted(p.name for p in (cache / compress.SMALL_COPIES).iterdir())
    assert len(kept) == 2 * 4  # .br and .gz of index.html, app.mjs, data.json and random.wasm (b"": no copy)
    entry = compress._cache_file(TEXT, ".br", cache / compress.SMALL_COPIES)
    entry.write_bytes(brotli.compress(b"kept by the build before"))  # only the cache can give these bytes
    second = _sample_site(tmp_path / "two")
    assert [p.relative_to(second) for p in compress_site(second, cache)] == [p.relative_to(first) for p in written]
    assert brotli.decompress((second / "index.html.br").read_bytes()) == b"kept by the build before"
    assert _files(second)["assets/app.mjs.gz"] == _files(first)["assets/app.mjs.gz"]
    noise = (first / "assets" / "random.wasm").read_bytes()
    assert compress._cache_file(noise, ".br", cache / compress.SMALL_COPIES).read_bytes() == b""  # "no copy"
    after = sorted(p.name for p in (cache / compress.SMALL_COPIES).iterdir())
    assert set(kept) < set(after) and len(after) == len(kept) + 2  # only the second site's new random file


def test_only_the_newest_small_copies_are_kept_and_nothing_else_is_removed(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    folder = cache / compress.SMALL_COPIES
    folder.mkdir(parents=True)
    theirs = [folder / "notes.br", folder / ("0" * 63 + ".gz"), folder / "mine.txt"]
    for path in theirs:
        path.write_text("not the cache's")
    monkeypatch.setattr(compress, "SMALL_ENTRIES", 3)
    compress_site(_sample_site(tmp_path / "site"), cache)
    assert len([p for p in folder.iterdir() if p not in theirs]) == 3 and all(p.is_file() for p in theirs)
