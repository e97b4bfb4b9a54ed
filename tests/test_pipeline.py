"""The build pipeline: the project loaded once, the table of outputs, and the staging folder the site
engine builds (pure renderer output: no template code, no hooks, no macros)."""
from __future__ import annotations

import dataclasses
import os
import subprocess
import sys

import pytest
import yaml

from conftest import ROOT, copy_project
from fairframe import outputs
from fairframe.outputs import render_outputs
from fairframe.project import load_project
from fairframe.website.pages import generated_pages
from fairframe.website.stage import engine_config, hand_written_pages, staged_files, write_staging


@pytest.fixture(scope="module")
def project():
    return load_project(ROOT)


@pytest.fixture(scope="module")
def rendered(project) -> dict[str, bytes]:
    """Every output of the table, rendered once for the tests that read them (the pack takes seconds)."""
    return render_outputs(project)


def test_the_project_is_loaded_once_with_its_previous_edition_and_history():
    project = load_project(ROOT, ROOT / "editions" / "2026-01")
    assert project.framework.edition.id == "2026-01"
    assert project.previous is not None and project.previous.edition.id == "2025-01"
    assert set(project.history) == {"2025-01"}  # every other edition, to open older records
    assert project.history["2025-01"]["P1.Q1"] == project.previous.question("P1.Q1").text
    own = load_project(ROOT)
    assert own.previous is None and "2026-01" in own.history and own.overlay is None


def test_no_environment_variable_carries_the_project():
    """The build passes the loaded project along; nothing reads FAIRFRAME_* from the environment."""
    code = [p for p in (ROOT / "tools" / "fairframe").rglob("*.py")]
    assert code
    assert not [p for p in code if "FAIRFRAME_" in p.read_text(encoding="utf-8")]


def test_every_output_of_the_table_is_built(built_site, project, rendered):
    for row in outputs.outputs_for(project.framework):
        assert row.uri(project.framework) in rendered, row.name
    for uri, data in rendered.items():  # every output is reproducible: the same bytes as in the site
        assert (built_site / uri).read_bytes() == data, uri


def test_a_new_output_is_one_row(monkeypatch, project, rendered):
    """A row added to the table is rendered by the build and offered on the downloads page (the slow
    rows, whose renders the other tests share, are left out of this render)."""
    row = outputs.Output("notes", "Facilitator notes as text", lambda framework: "downloads/notes.txt",
                         lambda project: {"downloads/notes.txt": b"Facilitator notes\n"}, download=True)
    monkeypatch.setattr(outputs, "OUTPUTS", (*outputs.OUTPUTS, row))
    fast = render_outputs(project, fast_only=True)
    assert fast["downloads/notes.txt"] == b"Facilitator notes\n"
    page = generated_pages(project.framework, {**rendered, **fast})["downloads.md"]
    assert "## Facilitator notes as text" in page
    assert "[Download facilitator notes as text (1 KB)](downloads/notes.txt){ download }" in page


def test_the_staging_folder_is_pure_renderer_output(tmp_path, project, rendered):
    files = staged_files(project, rendered)
    pages = {uri: text for uri, text in files.items() if isinstance(text, str) and uri.endswith(".md")}
    assert set(hand_written_pages(project)) & set(pages) >= {"index.md", "about.md", "how-to-use.md"}
    for uri, text in pages.items():
        assert "{{" not in text and "{%" not in text, uri
    config_file = write_staging(tmp_path, files, engine_config(project, tmp_path / "docs"))
    config = yaml.safe_load(config_file.read_text())
    assert "hooks" not in config and config["plugins"] == ["search"]
    assert config["docs_dir"] == str(tmp_path / "docs")
    principles = next(entry for entry in config["nav"] if "The five principles" in entry)["The five principles"]
    assert len(principles) == 1 + len(project.framework.principles)
    # plain mkdocs builds it: nothing of ours runs in the engine
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "--strict", "-f", str(config_file),
                    "-d", str(tmp_path / "site")], check=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert (tmp_path / "site" / "principles" / "welfare-and-support" / "index.html").is_file()


def test_restaging_writes_only_what_changed_and_removes_what_went(tmp_path, project, rendered):
    files = staged_files(project, rendered)
    config = engine_config(project, tmp_path / "docs")
    write_staging(tmp_path, files, config)
    index = tmp_path / "docs" / "index.md"
    before = index.stat().st_mtime_ns
    extra = tmp_path / "docs" / "gone.md"
    extra.write_text("# gone\n")
    write_staging(tmp_path, files, config)
    assert index.stat().st_mtime_ns == before and not extra.exists()


def test_a_docs_page_with_a_template_error_names_the_page_and_line(tmp_path, capsys):
    from fairframe import cli
    project = copy_project(tmp_path / "project")
    page = project / "docs" / "about.md"
    page.write_text(page.read_text() + "\n\n{{ edition.no_such_field }}\n")
    site = tmp_path / "site"
    assert cli.main(["--root", str(project), "build", "--site-dir", str(site)]) == 1
    error = capsys.readouterr().err
    assert "docs/about.md" in error and "no_such_field" in error
    assert not site.exists()


def test_the_project_is_frozen():
    project = load_project(ROOT)
    with pytest.raises(dataclasses.FrozenInstanceError):
        project.framework = None  # type: ignore[misc]


def test_the_pack_rendered_alongside_the_engine_has_its_real_size_on_every_page(built_site):
    """The learning pack renders in a process of its own while the engine builds the pages; its size
    reaches the pages and the search index afterwards, and no stand-in is left anywhere."""
    from fairframe.outputs import pack_uri
    from fairframe.website.alongside import size_text

    project = load_project(ROOT)
    pack = built_site / pack_uri(project.framework)
    assert pack.stat().st_size > 10_000 and pack.read_bytes().startswith(b"%PDF")
    expected = f"PDF, {size_text(pack.read_bytes())}"
    for page in ("downloads/index.html", "case-studies/index.html"):
        assert expected in (built_site / page).read_text(encoding="utf-8"), page
    assert expected in (built_site / "search" / "search_index.json").read_text(encoding="utf-8")
    leftovers = [p for p in built_site.rglob("*") if p.is_file() and p.suffix in (".html", ".json", ".js", ".xml")
                 and "FAIRFRAMESIZEOF" in p.read_text(encoding="utf-8", errors="replace")]
    assert not leftovers
