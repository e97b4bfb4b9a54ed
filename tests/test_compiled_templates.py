"""Compiled templates kept between builds (compiled_templates.py): a process takes the kept code
instead of compiling, a changed template is compiled afresh under a new name, a damaged entry is
compiled again and written over, the staging folder's templates are not kept, and the cache removes
nothing. The build keeps both the theme's templates and the package's own."""
from __future__ import annotations

import marshal
import os
import time
from pathlib import Path

import jinja2
import pytest
from conftest import ROOT

from fairframe.build import COMPRESSED_CACHE
from fairframe import compiled_templates
from fairframe.compiled_templates import FOLDER, SUFFIX, KeptTemplates


def _environment(templates, cache, passing=None) -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(templates), autoescape=True)
    env.bytecode_cache = KeptTemplates(cache, passing)
    return env


def _compiles(env: jinja2.Environment, monkeypatch) -> list[str]:
    """The names `env` compiles (rather than takes from the cache) while it renders page.html."""
    compiled: list[str] = []
    original = env.compile

    def compile(source, name=None, filename=None, *args, **kwargs):
        compiled.append(name)
        return original(source, name, filename, *args, **kwargs)

    monkeypatch.setattr(env, "compile", compile)
    env.get_template("page.html").render(title="<b>")
    return compiled


def test_a_new_process_takes_the_kept_code_and_a_changed_template_is_compiled_afresh(tmp_path, monkeypatch):
    templates, cache = tmp_path / "templates", tmp_path / "cache"
    templates.mkdir()
    (templates / "page.html").write_text("{% include 'part.html' %}: {{ title }}")
    (templates / "part.html").write_text("Part one")
    assert sorted(_compiles(_environment(templates, cache), monkeypatch)) == ["page.html", "part.html"]
    assert len(list(cache.glob("*" + SUFFIX))) == 2

    fresh = _environment(templates, cache)  # as a new build process has it
    assert _compiles(fresh, monkeypatch) == []
    assert fresh.get_template("page.html").render(title="<b>") == "Part one: &lt;b&gt;"

    (templates / "part.html").write_text("Part two")
    changed = _environment(templates, cache)
    assert _compiles(changed, monkeypatch) == ["part.html"]
    assert changed.get_template("page.html").render(title="x") == "Part two: x"
    assert len(list(cache.glob("*" + SUFFIX))) == 3  # the old entry stays: another build may still use it


@pytest.mark.parametrize("damage", [b"", b"not marshal data", b"\xe3" + b"\0" * 40])
def test_a_damaged_entry_is_compiled_again_and_written_over(tmp_path, monkeypatch, damage):
    templates, cache = tmp_path / "templates", tmp_path / "cache"
    templates.mkdir()
    (templates / "page.html").write_text("Hello {{ title }}")
    _compiles(_environment(templates, cache), monkeypatch)
    (entry,) = cache.glob("*" + SUFFIX)
    entry.write_bytes(damage)
    env = _environment(templates, cache)
    assert _compiles(env, monkeypatch) == ["page.html"]
    assert env.get_template("page.html").render(title="there") == "Hello there"
    assert entry.read_bytes() != damage


def test_only_the_entries_used_last_are_kept_and_nothing_else_is_removed(tmp_path, monkeypatch):
    templates, cache = tmp_path / "templates", tmp_path / "cache"
    templates.mkdir()
    cache.mkdir()
    theirs = [cache / "notes.txt", cache / ("0" * 63 + SUFFIX), cache / ("a" * 64 + ".txt")]
    for path in theirs:
        path.write_text("not the cache's")
    monkeypatch.setattr(compiled_templates, "LIMIT", 3)
    (templates / "page.html").write_text("The first")
    _compiles(_environment(templates, cache), monkeypatch)
    (first,) = (path for path in cache.iterdir() if path not in theirs)
    for number in range(4):
        os.utime(first, (time.time() + 10,) * 2)  # the first is used again after each of the others
        (templates / "page.html").write_text(f"Version {number}")
        _compiles(_environment(templates, cache), monkeypatch)
    kept = [path for path in cache.iterdir() if path not in theirs]
    assert len(kept) == 3 and first in kept and all(path.is_file() for path in theirs)


def test_templates_in_the_staging_folder_are_not_kept_and_nothing_is_removed(tmp_path, monkeypatch):
    templates, cache = tmp_path / "stage", tmp_path / "cache"
    templates.mkdir()
    (templates / "page.html").write_text("Staged {{ title }}")
    cache.mkdir()
    theirs = cache / "notes.txt"
    theirs.write_text("not the cache's")
    env = _environment(templates, cache, passing=templates)
    assert _compiles(env, monkeypatch) == ["page.html"]
    assert _compiles(_environment(templates, cache, passing=templates), monkeypatch) == ["page.html"]
    assert list(cache.iterdir()) == [theirs]
    with pytest.raises(NotImplementedError):
        env.bytecode_cache.clear()


def test_the_build_keeps_the_themes_templates_and_its_own(built_site):
    assert (built_site / "complete" / "index.html").is_file()
    files = {Path(marshal.loads(entry.read_bytes()).co_filename).as_posix()
             for entry in (ROOT / COMPRESSED_CACHE / FOLDER).glob("*" + SUFFIX)}
    assert any(name.endswith("material/templates/base.html") for name in files)
    assert any(name.endswith("fairframe/templates/website/form-page.html.j2") for name in files)
    assert not any("/.site-new-" in name for name in files)  # the staging folder's templates are not kept


def test_an_engine_run_compiles_no_theme_template_the_cache_holds(tmp_path, monkeypatch):
    """Every environment the theme makes takes the kept code, the search plugin's too (it renders the
    language partials in an environment of its own): a second engine run compiles no template file."""
    from fairframe.outputs import outputs_for, render_outputs
    from fairframe.project import load_project
    from fairframe.website.engines import run_engine
    from fairframe.website.portable import portable_uri
    from fairframe.website.stage import engine_config, staged_files, write_staging

    project = load_project(ROOT)
    stand_ins = [row.uri(project.framework) for row in outputs_for(project.framework) if row.slow]
    downloads = render_outputs(project, fast_only=True) | dict.fromkeys(
        [*stand_ins, portable_uri(project.framework.edition.id)], b"")  # as the build stages them
    config = write_staging(tmp_path / "stage", staged_files(project, downloads),
                           engine_config(project, tmp_path / "stage" / "docs"))
    compiled: list[str] = []
    original = jinja2.Environment.compile

    def compile(self, source, name=None, filename=None, *args, **kwargs):
        compiled.append(filename)
        return original(self, source, name, filename, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", compile)
    run_engine("mkdocs", config, tmp_path / "one", tmp_path / "cache")
    assert any(name and name.endswith("partials/languages/en.html") for name in compiled)
    compiled.clear()
    run_engine("mkdocs", config, tmp_path / "two", tmp_path / "cache")
    assert [name for name in compiled if name is not None] == []
    assert (tmp_path / "two" / "index.html").read_bytes() == (tmp_path / "one" / "index.html").read_bytes()
