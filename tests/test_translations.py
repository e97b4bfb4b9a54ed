"""Translations keyed by id and field: complete for Welsh, stale when the English changes, and a PO file
for translators that goes out and comes back without loss, or is refused with its line numbers."""
from __future__ import annotations

import shutil

import polib
import pytest

from conftest import ROOT, copy_project
from fairframe import cli
from fairframe.core.problems import SourceError
from fairframe.core.text_keys import text_entries
from fairframe.project import load_project
from fairframe.translation_files import CHANGED, export_po, import_po
from fairframe.translations import (KEPT, KEPT_WITHOUT_ADDRESSES, MISSING, NEEDS_REVIEW, REVIEWED, TRANSLATED,
                                    kept_mismatch, load_entries, states, translated_framework)

EDITIONS = (None, "editions/2026-01")


@pytest.fixture
def project(tmp_path):
    folder = copy_project(tmp_path / "project")
    for edition in ("translations", "editions/2026-01/translations"):
        shutil.copytree(ROOT / edition, folder / edition, dirs_exist_ok=True)
    return folder


@pytest.mark.parametrize("edition", EDITIONS)
def test_every_text_of_every_edition_has_a_welsh_entry(edition):
    loaded = load_project(ROOT, ROOT / edition if edition else None)
    found = states(loaded.framework, load_entries(loaded.source, "cy", loaded.framework, ROOT))
    assert len(found) > 600
    assert [key for key, state in found.items() if state == MISSING] == []
    assert set(found.values()) <= {TRANSLATED, REVIEWED}  # a draft until a translator reviews it


def test_the_welsh_framework_has_the_welsh_text_and_keeps_ids():
    loaded = load_project(ROOT)
    entries = load_entries(loaded.source, "cy", loaded.framework, ROOT)
    welsh = translated_framework(loaded.framework, entries, "cy")
    assert welsh.question("P1.Q1").text == entries["P1.Q1.text"].text != loaded.framework.question("P1.Q1").text
    assert [q.id for q in welsh.questions] == [q.id for q in loaded.framework.questions]
    assert welsh.principles[0].title == "Lles a chymorth"
    assert set(text_entries(welsh)) == set(text_entries(loaded.framework))


def test_the_po_round_trip_loses_nothing(project, tmp_path):
    before = {path: path.read_bytes() for path in sorted((project / "translations").rglob("*.yaml"))}
    po = tmp_path / "cy.po"
    assert cli.main(["--root", str(project), "translations", "export", "--lang", "cy", "-o", str(po)]) == 0
    assert cli.main(["--root", str(project), "translations", "import", str(po)]) == 0
    assert {path: path.read_bytes() for path in before} == before
    catalogue = polib.pofile(str(po))
    assert len(catalogue) == len(text_entries(load_project(project).framework))
    assert all("fuzzy" in item.flags for item in catalogue)  # nothing reviewed yet
    entry = catalogue.find("P1.Q1.text", by="msgctxt")
    assert entry.msgid.startswith("Has the practitioner been told") and entry.msgstr


def test_a_translator_reviewing_an_entry_marks_it_reviewed(project, tmp_path):
    loaded = load_project(project)
    entries = load_entries(loaded.source, "cy", loaded.framework, project)
    catalogue = polib.pofile(export_po(loaded.framework, entries, "cy"))
    item = catalogue.find("P1.title", by="msgctxt")
    item.flags.remove("fuzzy")
    changed = catalogue.find("P1.Q2.text", by="msgctxt")
    changed.msgstr = changed.msgstr + " (diwygiwyd)"
    path = tmp_path / "reviewed.po"
    catalogue.save(str(path))
    _lang, updated = import_po(path, loaded.framework, entries)
    found = states(loaded.framework, updated)
    assert found["P1.title"] == REVIEWED and found["P1.Q1.text"] == TRANSLATED
    assert updated["P1.Q2.text"].text.endswith("(diwygiwyd)") and found["P1.Q2.text"] == TRANSLATED


def test_a_changed_english_original_marks_its_translation_for_review(project, capsys):
    principles = project / "framework" / "principles.yaml"
    principles.write_text(principles.read_text().replace("Compassionate communication", "Kind, timely communication"))
    loaded = load_project(project)
    entries = load_entries(loaded.source, "cy", loaded.framework, project)
    found = states(loaded.framework, entries)
    assert [key for key, state in found.items() if state == NEEDS_REVIEW] == ["P1.C1.text"]
    item = polib.pofile(export_po(loaded.framework, entries, "cy")).find("P1.C1.text", by="msgctxt")
    assert "fuzzy" in item.flags and item.tcomment == CHANGED and item.msgid == "Kind, timely communication"
    assert cli.main(["--root", str(project), "translations", "status"]) == 0
    assert "needs review" in capsys.readouterr().out


BROKEN = {  # (what the translator did, the message)
    "unknown id": (lambda c: setattr(c.find("P1.Q1.text", by="msgctxt"), "msgctxt", "P1.Q99.text"),
                   "no text of this edition has this id"),
    "a lost link": (lambda c: _drop_link(c), "must keep the links, ids and numbers"),
    "an emptied translation": (lambda c: setattr(c.find("P1.title", by="msgctxt"), "msgstr", "  "),
                               "the translation is empty"),
    "an old English": (lambda c: setattr(c.find("P1.title", by="msgctxt"), "msgid", "Welfare"),
                       "export the file again"),
}


def _drop_link(catalogue):
    item = next(entry for entry in catalogue if "](" in entry.msgstr)
    item.msgstr = item.msgstr.split("](")[0] + "]"


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_the_import_refuses_a_broken_file_with_located_errors(case, project, tmp_path, capsys):
    change, message = BROKEN[case]
    loaded = load_project(project)
    catalogue = polib.pofile(export_po(loaded.framework, load_entries(loaded.source, "cy", loaded.framework), "cy"))
    change(catalogue)
    path = tmp_path / "broken.po"
    catalogue.save(str(path))
    before = {path: path.read_bytes() for path in sorted((project / "translations").rglob("*.yaml"))}
    assert cli.main(["--root", str(project), "translations", "import", str(path)]) == 1
    error = capsys.readouterr().err
    assert message in error and "broken.po:" in error, error
    line = int(error.split("broken.po:")[1].split(":")[0])
    assert path.read_text().splitlines()[line - 1].startswith(("msgctxt", "#"))  # the entry's own line
    assert {path: path.read_bytes() for path in before} == before


def test_a_po_file_with_a_syntax_error_is_refused(project, tmp_path, capsys):
    path = tmp_path / "bad.po"
    path.write_text('msgid ""\nmsgstr "Language: cy\\n"\n\nmsgctxt "P1.title"\nmsgid "Welfare\nmsgstr "x"\n')
    assert cli.main(["--root", str(project), "translations", "import", str(path)]) == 1
    assert "bad.po" in capsys.readouterr().err


def test_a_store_entry_for_no_text_is_refused_with_its_line(project):
    store = project / "translations" / "cy" / "framework.yaml"
    store.write_text(store.read_text() + "P9.Q1.text:\n  en: abc\n  cy: Testun\n")
    loaded = load_project(project)
    with pytest.raises(SourceError) as error:
        load_entries(loaded.source, "cy", loaded.framework, project)
    assert "translations/cy/framework.yaml:" in str(error.value) and "P9.Q1.text" in str(error.value)


def test_export_never_overwrites_a_file(project, tmp_path, capsys):
    path = tmp_path / "keep.po"
    path.write_text("mine")
    assert cli.main(["--root", str(project), "translations", "export", "--lang", "cy", "-o", str(path)]) == 1
    assert path.read_text() == "mine"


def test_a_translation_keeps_addresses_ids_numbers_and_links_with_or_without_an_address():
    english = "Write to cases@example.org about P2.Q3 within 5 days ([the guide](guidance/))."
    assert kept_mismatch(english, "Ysgrifennwch at cases@example.org am P2.Q3 o fewn 5 diwrnod "
                                  "([y canllaw](guidance/)).") is None
    assert kept_mismatch(english, "Ysgrifennwch at achosion@example.org am P2.Q3 o fewn 5 diwrnod "
                                  "([y canllaw](guidance/)).") == (
        "the translation must keep the links, ids and numbers of the English: it lost cases@example.org "
        "and added achosion@example.org")
    dropped = kept_mismatch(english, "Ysgrifennwch o fewn 5 diwrnod ([y canllaw](guidance/)).")
    assert dropped.endswith("it lost P2.Q3, cases@example.org")
    # A text with no "@" is checked with the pattern without addresses: it finds what the full one finds.
    texts = ["P1.Q3 and CS-04, {name} within 10 days", "[a](b) [c](https://x.example/y) 2025", "P6 P1.Q CS-4",
             "P1-foo.bar+x", *text_entries(load_project(ROOT).framework).values()]
    for text in texts:
        assert KEPT_WITHOUT_ADDRESSES.findall(text) == KEPT.findall(text.replace("@", "")), text
