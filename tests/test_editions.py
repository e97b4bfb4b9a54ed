"""Editions: what changed between them, older records in a newer edition, reproducible builds."""
from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, copy_project
from fairframe import cli
from fairframe.core.changes import compare
from fairframe.core.record import parse_record, record_to_json, Record
from fairframe.editions import edition_roots, load_source

DRAFT = "2026-01"
# The questions the 2026-01 draft adds to the published 2025-01 edition, each at the end of its principle.
ADDED_QUESTIONS = {"P1.Q10", "P1.Q11", "P1.Q12", "P1.Q13", "P2.Q10", "P2.Q11", "P2.Q12", "P3.Q10", "P3.Q11",
                   "P3.Q12", "P4.Q9", "P4.Q10", "P4.Q11", "P4.Q12", "P5.Q10", "P5.Q11", "P5.Q12", "P5.Q13"}


@pytest.fixture(scope="module")
def editions():
    return load_source(ROOT), load_source(ROOT, edition_roots(ROOT)[DRAFT])


def test_the_repository_holds_the_current_and_a_draft_edition(editions):
    current, draft = editions
    assert current.edition.id == "2025-01" and draft.edition.id == DRAFT
    assert draft.edition.previous == "2025-01"
    assert "DRAFT" in draft.edition.status


def test_compare_finds_the_added_removed_and_reworded_items_by_id(editions):
    current, draft = editions
    changes = {(c.kind, c.id): c for c in compare(current, draft)}
    added = {key for key, c in changes.items() if c.status == "added"}
    removed = {key for key, c in changes.items() if c.status == "removed"}
    assert {item_id for kind, item_id in added if kind == "question"} == ADDED_QUESTIONS
    assert {kind for kind, _ in added} <= {"question", "case study"}  # the draft also adds new case studies
    assert removed == {("question", "P3.Q8")}
    for principle in draft.principles:  # new questions go at the end of their principle, so ids stay stable
        new_ids = [q.id for q in principle.questions]
        kept = [q.id for q in current.principle(principle.id).questions if q.id in new_ids]
        assert new_ids == kept + sorted(set(new_ids) - set(kept), key=new_ids.index), principle.id
    reworded = changes[("question", "P2.Q8")]
    assert reworded.status == "reworded"
    (wording,) = reworded.rewordings
    assert wording.words()[-2:] == [("removed", "writing?"), ("added", "writing and shared with the practitioner?")]
    assert ("consideration", "P2.C1") in changes and ("principle", "P4") in changes
    assert compare(current, current) == ()


def test_the_diff_command_prints_a_word_level_report(capsys):
    assert cli.main(["--root", str(ROOT), "diff", "2025-01", DRAFT]) == 0
    out = capsys.readouterr().out
    assert "REMOVED question P3.Q8" in out
    for question_id in sorted(ADDED_QUESTIONS):
        assert f"ADDED question {question_id}: " in out, question_id
    assert "[-writing?-] {+writing and shared with the practitioner?+}" in out
    assert cli.main(["--root", str(ROOT), "diff", "--source", DRAFT]) == 0  # against its previous edition
    assert capsys.readouterr().out == out


def test_the_build_publishes_the_current_edition_and_the_draft_shows_what_changed(built_site, draft_site):
    assert "Edition 2025-01" in (built_site / "index.html").read_text()
    assert "first edition of this source" in (built_site / "what-changed" / "index.html").read_text()
    page = (draft_site / "what-changed" / "index.html").read_text()
    assert "Edition 2026-01" in (draft_site / "index.html").read_text()
    added = [c for c in compare(load_source(ROOT), load_source(ROOT, edition_roots(ROOT)[DRAFT]))
             if c.status == "added"]
    for fragment in (f"Added ({len(added)})", "Removed (1)", "Question P3.Q8", "<del>writing?</del>",
                     "<ins>writing and shared with the practitioner?</ins>",
                     *(f"Question {question_id}" for question_id in sorted(ADDED_QUESTIONS))):
        assert fragment in page, fragment
    assert 'href="../principles/welfare-and-support/#P1.Q10"' in page
    assert 'href="../principles/equitable-and-proportionate-outcomes/#P5.Q13"' in page
    assert "P1.Q10" in (draft_site / "principles" / "welfare-and-support" / "index.html").read_text()
    assert list((draft_site / "downloads").glob("*2026-01.docx"))


def old_record(current) -> str:
    answers = {q.id: "no" for q in current.questions[:20]} | {"P3.Q8": "unknown", "P2.Q8": "yes"}
    notes = {"P3.Q8": "Advice offered by letter on 3 May.", "P2.Q8": "Terms of reference agreed."}
    return record_to_json(Record(edition="2025-01", case={"reference": "OLD-1"}, answers=answers, notes=notes))


def test_an_older_record_moves_to_the_new_edition_and_nothing_is_dropped(editions):
    current, draft = editions
    history = {"2025-01": {q.id: q.text for q in current.questions}}
    record = parse_record(old_record(current), draft, history)
    assert record.edition == DRAFT
    assert "P3.Q8" not in record.answers and record.answers["P2.Q8"] == "yes"
    changes = {c.id: c for c in record.edition_changes}
    assert changes["P3.Q8"].change == "removed" and changes["P3.Q8"].answer == "unknown"
    assert changes["P3.Q8"].notes == "Advice offered by letter on 3 May."
    assert changes["P2.Q8"].change == "reworded" and changes["P2.Q8"].new_text.endswith("with the practitioner?")
    again = parse_record(record_to_json(record), draft, history)
    assert again.edition_changes == record.edition_changes


def test_the_command_line_fills_and_summarises_an_older_record(editions, tmp_path, capsys):
    current, _draft = editions
    path = tmp_path / "old.json"
    path.write_text(old_record(current))
    output = tmp_path / "filled.docx"
    assert cli.main(["--root", str(ROOT), "fill", str(path), "-o", str(output), "--source", DRAFT]) == 0
    captured = capsys.readouterr()
    assert "P3.Q8 was removed" in captured.err and "P2.Q8 was reworded" in captured.err
    from formpage import word_controls
    shown = word_controls(output)
    assert shown["P2.Q8.answer"] == "Yes" and shown["case.reference"] == "OLD-1"
    assert cli.main(["--root", str(ROOT), "summary", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Case OLD-1, edition 2025-01" in out
    assert "P1.Q1 [No]" in out and "Next: " in out
    assert "P3.Q8 [Unknown]" in out


def test_a_bad_record_on_the_command_line_says_why(tmp_path, capsys):
    path = tmp_path / "bad.json"
    path.write_text("[]")
    assert cli.main(["--root", str(ROOT), "summary", str(path)]) == 1
    assert "not a framework record" in capsys.readouterr().err


def _digests(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_two_builds_of_the_same_source_are_byte_identical(tmp_path):
    """Two builds in two processes give the same bytes: every page, the search index, the service
    worker, the form's wheel, lock file and data, the Word framework and the copy for use without a
    connection are made again by each. Both use the project's cache, as a publisher's builds do: its
    learning pack and compressed copies are kept. That a render in another process gives the pack's
    same bytes is test_pipeline's test_every_output_of_the_table_is_built, and that compressing gives
    the same bytes each run is test_compress's."""
    project = copy_project(tmp_path / "project")
    sites = []
    for name in ("one", "two"):
        result = subprocess.run([sys.executable, "-m", "fairframe", "--root", str(project), "build", "--site-dir",
                                 str(tmp_path / name)], capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        sites.append(_digests(tmp_path / name))
    assert sites[0] == sites[1]
    assert any(name.endswith(".whl") for name in sites[0]) and any(name.endswith(".pdf") for name in sites[0])


def test_the_command_line_fills_and_summarises_in_welsh_with_lang_cy(editions, tmp_path, capsys):
    """`--lang cy`: the summary, the filled Word file, the edition changes and a refusal in Welsh."""
    from fairframe.project import load_project
    from fairframe.website.languages import in_language
    from formpage import word_controls
    current, _draft = editions
    welsh = in_language(load_project(ROOT, edition_roots(ROOT)[DRAFT]), "cy").framework
    path = tmp_path / "old.json"
    path.write_text(old_record(current))
    output = tmp_path / "filled.docx"
    assert cli.main(["--root", str(ROOT), "fill", str(path), "-o", str(output), "--source", DRAFT, "--lang", "cy"]) == 0
    captured = capsys.readouterr()
    assert welsh.ui("cli.edition_changes") in captured.err and "Aileiriwyd P2.Q8" in captured.err
    assert "Tynnwyd P3.Q8 ar ôl argraffiad 2025-01" in captured.err and "was reworded" not in captured.err
    assert captured.out.startswith("Ysgrifennwyd ")
    shown = word_controls(output)
    assert shown["P2.Q8.answer"] == "Ie" and shown["case.reference"] == "OLD-1"
    assert cli.main(["--root", str(ROOT), "summary", str(path), "--lang", "cy"]) == 0
    out = capsys.readouterr().out
    assert "Achos OLD-1, argraffiad 2025-01" in out and "Progress" not in out
    bad = tmp_path / "bad.json"
    bad.write_text("[]")
    assert cli.main(["--root", str(ROOT), "summary", str(bad), "--lang", "cy"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"Ni ellir darllen {bad} fel cofnod:") and "not a framework record" not in err
    assert cli.main(["--root", str(ROOT), "summary", str(bad)]) == 1
    assert capsys.readouterr().err.startswith(f"{bad} cannot be read as a record:")
