"""Pyodide's standard library compiled ahead of time (fairframe.website.stdlib): compiled by Pyodide's
own Python under Node.js, importable there without its source, kept once per Pyodide version, and
a failure said plainly."""
from __future__ import annotations

import io
import json
import subprocess
import zipfile
from pathlib import Path

import pytest

from fairframe.website.stdlib import StdlibError, compile_zip, deflated_zip, portable_stdlib, served_stdlib

ROOT = Path(__file__).resolve().parent.parent
PYODIDE = ROOT / "node_modules" / "pyodide"
MODULE = b"ANSWER = 6 * 7\n\ndef where():\n    return where.__code__.co_filename\n"
# Imports the compiled `sample` module from a zip in Pyodide's Python, with no source beside it. The
# interpreter starts from the standard library the site serves (compiled, as in the browser): in
# well under half the time it takes with Pyodide's own zip of sources.
IMPORT = """
const { loadPyodide } = await import(process.argv[1]);
const py = await loadPyodide({ indexURL: process.argv[2], stdLibURL: process.argv[4] });
py.FS.writeFile("sample.zip", require("node:fs").readFileSync(process.argv[3]));
console.log(py.runPython(`
import json, os, sys
sys.path.insert(0, os.path.abspath("sample.zip"))  # in Pyodide's own in-memory files
import sample
json.dumps({"answer": sample.ANSWER, "file": sample.__file__, "where": sample.where()})
`));
"""


def _zip(entries: dict[str, bytes], kind=zipfile.ZIP_DEFLATED) -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", kind) as archive:
        for name, data in entries.items():
            archive.writestr(zipfile.ZipInfo(name, (2025, 1, 2, 3, 4, 6)), data)
    return output.getvalue()


def test_the_deflated_twin_has_the_same_entries_in_the_same_order():
    stored = _zip({"b/x.pyc": b"\x00" * 500, "a.txt": b"words " * 100}, zipfile.ZIP_STORED)
    twin = deflated_zip(stored)
    with zipfile.ZipFile(io.BytesIO(stored)) as before, zipfile.ZipFile(io.BytesIO(twin)) as after:
        assert [e.filename for e in after.infolist()] == ["b/x.pyc", "a.txt"]
        for entry in after.infolist():
            assert entry.compress_type == zipfile.ZIP_DEFLATED
            assert entry.date_time == before.getinfo(entry.filename).date_time
            assert after.read(entry) == before.read(entry.filename)
    assert len(twin) < len(stored) / 4


def test_a_module_compiled_ahead_of_time_imports_in_pyodide_without_its_source(tmp_path):
    source = tmp_path / "source.zip"
    source.write_bytes(_zip({"sample.py": MODULE, "sample.dat": b"kept as it is"}))
    compiled = compile_zip(PYODIDE, source, tmp_path)
    with zipfile.ZipFile(io.BytesIO(compiled)) as archive:
        assert archive.namelist() == ["sample.pyc", "sample.dat"]
        assert {entry.compress_type for entry in archive.infolist()} == {zipfile.ZIP_STORED}
        assert archive.read("sample.dat") == b"kept as it is"
        assert archive.getinfo("sample.pyc").date_time == (2025, 1, 2, 3, 4, 6)
    assert list(tmp_path.iterdir()) == [source]  # nothing left behind
    (tmp_path / "compiled.zip").write_bytes(compiled)
    result = subprocess.run(["node", "--input-type=commonjs", "-e", f"(async () => {{{IMPORT}}})()",
                             (PYODIDE / "pyodide.mjs").as_uri(), f"{PYODIDE}/", str(tmp_path / "compiled.zip"),
                             str(served_stdlib(PYODIDE))],
                            capture_output=True, text=True, timeout=300, check=True)
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["answer"] == 42
    assert found["file"].endswith("/sample.zip/sample.pyc")
    # the name compiled in is where Pyodide keeps its standard library, as if loaded from there
    assert found["where"].startswith("/lib/python3") and found["where"].endswith(".zip/sample.py")


def test_source_that_does_not_compile_is_a_plain_error(tmp_path):
    source = tmp_path / "source.zip"
    source.write_bytes(_zip({"broken.py": b"def (:\n"}))
    with pytest.raises(StdlibError, match=r"compiling Pyodide's standard library failed \(node exited 1\): .*Error"):
        compile_zip(PYODIDE, source, tmp_path)
    assert list(tmp_path.iterdir()) == [source]


def test_without_node_the_build_says_what_is_needed(tmp_path, monkeypatch):
    source = tmp_path / "source.zip"
    source.write_bytes(_zip({"sample.py": MODULE}))
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(StdlibError, match="needs Node.js, which `make setup` installs"):
        compile_zip(PYODIDE, source, tmp_path)


def test_the_served_zip_is_pyodides_modules_compiled_and_kept_once(tmp_path):
    served = served_stdlib(PYODIDE)
    assert served == served_stdlib(PYODIDE)
    assert portable_stdlib(PYODIDE).parent == served.parent == ROOT / "node_modules" / ".cache" / "fairframe-stdlib"
    made = served.stat().st_mtime_ns
    assert served_stdlib(PYODIDE).stat().st_mtime_ns == made  # not compiled again
    with zipfile.ZipFile(PYODIDE / "python_stdlib.zip") as original, zipfile.ZipFile(served) as compiled:
        expected = [name + "c" if name.endswith(".py") else name for name in original.namelist()]
        assert compiled.namelist() == expected
        assert "json/__init__.pyc" in expected and not any(name.endswith(".py") for name in expected)
        assert {entry.compress_type for entry in compiled.infolist()} == {zipfile.ZIP_STORED}
    with zipfile.ZipFile(portable_stdlib(PYODIDE)) as twin, zipfile.ZipFile(served) as compiled:
        assert twin.namelist() == compiled.namelist()
        assert twin.read("json/__init__.pyc") == compiled.read("json/__init__.pyc")
