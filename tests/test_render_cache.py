"""The learning pack kept between builds (website/render_cache.py): a build with the same inputs takes
the kept file, any change to the inputs renders afresh, and the cache folder is untrusted: a damaged
or foreign entry is rendered over, and no file the cache did not write is ever removed."""
from __future__ import annotations

import dataclasses
import io
import os
import subprocess
import sys
import time
import zipfile

import pdf_text
from conftest import ROOT

from fairframe.outputs import pack_uri
from fairframe.project import load_project
from fairframe.website import render_cache
from fairframe.website.alongside import _digest, render_slow_outputs
from fairframe.website.compress import CACHE_ENTRIES



def _entry(cache, project) -> tuple:
    digest = _digest({"en": project})
    return render_cache.entry_path(cache, digest), {pack_uri(project.framework)}


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as entry:
        for name, data in files.items():
            entry.writestr(name, data)
    return buffer.getvalue()


def _text(pdf: bytes) -> str:
    return "\n".join(pdf_text.pages(pdf)[:3])


def _small_project():
    """The project with one case study: a real pack, rendered in a third of the time."""
    project = load_project(ROOT)
    return dataclasses.replace(project, framework=dataclasses.replace(
        project.framework, case_studies=project.framework.case_studies[:1]))


def test_the_same_inputs_take_the_kept_pack_and_changed_ones_render_afresh(tmp_path):
    cache = tmp_path / "cache"
    project = _small_project()
    lang, digest, files = render_slow_outputs("en", project, cache)
    path, names = _entry(cache, project)
    assert lang == "en" and set(files) == names and path.is_file()
    assert render_cache.kept(cache, digest, names) == files
    assert files[pack_uri(project.framework)].startswith(b"%PDF-")

    marked = {name: data + b"% kept\n" for name, data in files.items()}  # the next build must take these bytes
    path.write_bytes(_zip(marked))
    assert render_slow_outputs("en", project, cache)[2] == marked

    renamed = dataclasses.replace(project.framework, case_studies=(
        dataclasses.replace(project.framework.case_studies[0], title="A renamed study for the cache test"),
        *project.framework.case_studies[1:]))
    changed = dataclasses.replace(project, framework=renamed)
    _, new_digest, new_files = render_slow_outputs("en", changed, cache)
    assert new_digest != digest and render_cache.entry_path(cache, new_digest).is_file()
    assert "A renamed study for the cache test" in _text(new_files[pack_uri(renamed)])
    assert render_cache.kept(cache, digest, names) == marked  # the first entry is still there


def test_a_damaged_or_foreign_entry_is_rendered_over(tmp_path):
    cache = tmp_path / "cache"
    project = _small_project()
    path, names = _entry(cache, project)
    (name,) = names
    path.parent.mkdir(parents=True)
    for bad in (b"not a zip", _zip({"../escape.pdf": b"%PDF-"}), _zip({name: b"%PDF-", "extra.pdf": b"%PDF-"}),
                _zip({}), _zip({name: b"%PDF-"})[:-30]):
        path.write_bytes(bad)
        assert render_cache.kept(cache, _digest({"en": project}), names) is None
    _, _, files = render_slow_outputs("en", project, cache)
    assert files[name].startswith(b"%PDF-") and b"%%EOF" in files[name][-64:]
    assert render_cache.kept(cache, _digest({"en": project}), names) == files  # written over with the render


def test_only_the_newest_entries_are_kept_and_nothing_else_is_removed(tmp_path):
    cache = tmp_path / "cache"
    folder = cache / render_cache.FOLDER
    folder.mkdir(parents=True)
    theirs = [folder / "notes.zip", folder / "mine.txt", folder / ("0" * 63 + ".zip")]
    for path in theirs:
        path.write_text("not the cache's")
    for number in range(CACHE_ENTRIES + 4):
        render_cache.keep(cache, f"digest {number}", {"downloads/pack.pdf": b"%%PDF- %d" % number})
        entry = render_cache.entry_path(cache, f"digest {number}")
        os.utime(entry, (time.time() - 1000 + number,) * 2)  # in the order written, whatever the clock's grain
    kept = [path for path in folder.iterdir() if path not in theirs]
    assert len(kept) == CACHE_ENTRIES and all(path.is_file() for path in theirs)
    newest = render_cache.kept(cache, f"digest {CACHE_ENTRIES + 3}", {"downloads/pack.pdf"})
    assert newest == {"downloads/pack.pdf": b"%%PDF- %d" % (CACHE_ENTRIES + 3)}
    assert render_cache.kept(cache, "digest 0", {"downloads/pack.pdf"}) is None


def test_the_entry_depends_on_the_creation_date_setting(tmp_path):
    """SOURCE_DATE_EPOCH puts a creation date in the pack, so an entry made without it is not used with it."""
    show = ("import sys; from pathlib import Path; from fairframe.website import render_cache; "
            "print(render_cache.entry_path(Path(sys.argv[1]), 'same digest').name)")
    names = [subprocess.run([sys.executable, "-c", show, str(tmp_path)], capture_output=True, text=True, check=True,
                            env={**environment, "PATH": "/usr/bin:/bin"}).stdout for environment in
             ({}, {"SOURCE_DATE_EPOCH": "1736985600"}, {})]
    assert names[0] == names[2] != names[1] and names[0].strip().endswith(".zip")


def test_the_live_preview_takes_a_pack_kept_by_a_build(tmp_path):
    """`fairframe serve` shows its first pages without rendering the pack when a build rendered it
    from the same inputs (the kept bytes here are marked, so only the cache can have given them)."""
    from fairframe.preview import Preview
    cache = tmp_path / "cache"
    project = load_project(ROOT)
    path, names = _entry(cache, project)
    (name,) = names
    path.parent.mkdir(parents=True)
    path.write_bytes(_zip({name: b"%PDF- kept by a build\n"}))
    preview = Preview(ROOT, None, None, tmp_path / "preview", cache=cache)
    try:
        preview.restage()
    finally:
        preview.shutdown()
    assert (tmp_path / "preview" / "docs" / name).read_bytes() == b"%PDF- kept by a build\n"
