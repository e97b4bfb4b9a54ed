"""A corpus of broken sources: each gives a clear message at the right place and a non-zero exit.

Each case in broken_sources/ edits a copy of the real source (find/replace, append, truncate) and
lists the problems expected: the file, the line where the text `at` stands in the edited file,
the data path and part of the message. An edit may repeat its appended text (`times`) and write
the file in another `encoding`, for the cases of a file too large and one that is not UTF-8.
"""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, copy_project
from fairframe import cli

CASES = sorted((Path(__file__).parent / "broken_sources").glob("*.yaml"))


def apply_edits(project: Path, edits: list[dict]) -> None:
    for edit in edits:
        path = project / edit["file"]
        text = path.read_text()
        if "replace_all" in edit:
            text = edit["replace_all"]
        if "find" in edit:
            assert edit["find"] in text, f"the case's find text is no longer in {edit['file']}: {edit['find']!r}"
            text = text.replace(edit["find"], edit["replace"], 1)
        if "truncate_at" in edit:
            assert edit["truncate_at"] in text
            text = text[: text.index(edit["truncate_at"])]
        if "append" in edit:  # `times`: the appended text repeated, e.g. to make a file too large
            text = text.rstrip("\n") + "\n" + edit["append"] * edit.get("times", 1)
        path.write_text(text, encoding=edit.get("encoding", "utf-8"))  # `encoding`: e.g. latin-1, not UTF-8


def line_of(text: str, fragment: str, occurrence: int = 1) -> int:
    index = -1
    for _ in range(occurrence):
        index = text.index(fragment, index + 1)
    return text.count("\n", 0, index) + 1


def test_the_corpus_is_large_enough():
    assert len(CASES) >= 20


@pytest.mark.parametrize("case_file", CASES, ids=[c.stem for c in CASES])
def test_broken_source_gives_a_clear_located_error(case_file, tmp_path, capsys):
    case = yaml.safe_load(case_file.read_text())
    project = copy_project(tmp_path)
    apply_edits(project, case["edits"])

    exit_code = cli.main(["--root", str(project), "validate"])
    stderr = capsys.readouterr().err

    assert exit_code != 0
    lines = stderr.splitlines()
    assert re.match(r"The source has \d+ problem\(s\):", lines[0])
    for expected in case["expect"]:
        location = re.escape(expected["file"]) + ":"
        if "at" in expected:
            edited = (project / expected["file"]).read_bytes().decode("utf-8", "replace")
            location += f"{line_of(edited, expected['at'], expected.get('occurrence', 1))}:\\d+: "
        else:
            location += r"\d+:\d+: "
        if "path" in expected:
            location += re.escape(expected["path"]) + ": "
        matches = [line for line in lines if re.match(location, line) and expected["message"] in line]
        assert matches, f"expected {location!r} with {expected['message']!r} in:\n{stderr}"


def test_the_command_line_exits_non_zero_and_prints_every_problem(tmp_path):
    project = copy_project(tmp_path)
    apply_edits(project, yaml.safe_load((CASES[0].parent / "28-several-errors-at-once.yaml").read_text())["edits"])
    result = subprocess.run([sys.executable, "-m", "fairframe", "--root", str(project), "validate"],
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stderr.count("\nframework/") >= 3


def _digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _previous_build(built_site, folder: Path) -> Path:
    """A copy of the session's build of the same source: the site a failed build must leave as it is.
    Its files are hard links to the shared site's (50 MB not written again): a build that wrote into
    one would change both, and the digests show any change."""
    shutil.copytree(built_site, folder, symlinks=True, copy_function=os.link)
    return folder


def test_a_failed_build_leaves_the_previous_site_untouched(tmp_path, built_site):
    project = copy_project(tmp_path / "project")
    site = _previous_build(built_site, tmp_path / "site")
    before = _digest(site)
    assert "principles/welfare-and-support/index.html" in before

    apply_edits(project, yaml.safe_load((CASES[0].parent / "10-sixth-principle.yaml").read_text())["edits"])
    assert cli.main(["--root", str(project), "build", "--site-dir", str(site)]) == 1
    assert _digest(site) == before
    assert not list(tmp_path.glob(".site-*")), "the staging folder was not cleaned up"


def test_a_template_error_fails_the_build_and_keeps_the_previous_site(tmp_path, built_site):
    project = copy_project(tmp_path / "project")
    site = _previous_build(built_site, tmp_path / "site")
    before = _digest(site)
    about = project / "docs" / "about.md"
    about.write_text(about.read_text() + "\n{{ edition.no_such_field }}\n")
    assert cli.main(["--root", str(project), "build", "--site-dir", str(site)]) == 1
    assert _digest(site) == before


def test_validate_imports_no_renderer_and_no_site_engine():
    """A command imports only what it needs: `validate` reads the source and loads no renderer."""
    code = ("import contextlib, io, sys; from fairframe import cli\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            f"    assert cli.main(['--root', {str(ROOT)!r}, 'validate']) == 0\n"
            "print(' '.join(sorted(name for name in sys.modules)))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(result.stdout.split())
    assert "fairframe.project" in loaded
    heavy = {"mkdocs", "material", "weasyprint", "docx", "jinja2", "brotli", "fairframe.build", "fairframe.word",
             "fairframe.pack", "fairframe.website.assemble"}
    assert not heavy & loaded, heavy & loaded
