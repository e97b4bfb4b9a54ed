"""The JSON Schema editors use for the YAML: generated from the model, named by every source file,
passed by the real source, and failing the broken sources that a per-file schema can express."""
from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

from conftest import ROOT, copy_project
from fairframe.editor_schema import schemas
from test_validation import apply_edits

SCHEMA_LINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)\n")
SOURCE_FILES = sorted([*ROOT.glob("framework/*.yaml"), *ROOT.glob("editions/*/framework/*.yaml"),
                       *ROOT.glob("case_studies/*.yaml"), *ROOT.glob("examples/overlay/*.yaml")])
# Broken sources a schema of one file can catch: wrong types, unknown or missing keys, empty text,
# impossible dates, id shapes. The rest (duplicates, references across files) is the validator's.
SCHEMA_CASES = ("03-questions-not-a-list", "04-unquoted-yes", "05-missing-field", "06-extra-key-in-question",
                "07-extra-top-level-key", "16-empty-question-text", "17-impossible-date", "26-bad-edition-id",
                "30-wrong-type-bool", "41-study-missing-fields", "46-study-wrong-type")


class _EditorLoader(yaml.SafeLoader):
    """Reads dates as text, as an editor's YAML language server does, so `format: date` checks them."""


_EditorLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def schema_errors(file: Path) -> list[str]:
    text = file.read_text(encoding="utf-8")
    reference = SCHEMA_LINE.match(text)
    assert reference, f"{file} does not name its schema on its first line"
    schema_file = (file.parent / reference.group(1)).resolve()
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    try:
        data = yaml.load(text, Loader=_EditorLoader)
    except yaml.YAMLError as error:  # a syntax error: the editor's YAML support reports it
        return [f"not valid YAML: {error}"]
    return [f"{'/'.join(map(str, error.absolute_path))}: {error.message}" for error in validator.iter_errors(data)]


def test_the_committed_schemas_match_the_model(update_golden):
    for name, text in schemas().items():
        committed = ROOT / "schema" / name
        if update_golden:
            committed.write_text(text, encoding="utf-8")
        assert committed.read_text(encoding="utf-8") == text, (
            f"schema/{name} is out of date: run `fairframe schema` (or pytest --update-golden) and review the diff")


def test_every_schema_is_a_valid_json_schema():
    for text in schemas().values():
        jsonschema.Draft202012Validator.check_schema(json.loads(text))


@pytest.mark.parametrize("file", SOURCE_FILES, ids=[str(f.relative_to(ROOT)) for f in SOURCE_FILES])
def test_every_source_file_names_its_schema_and_passes_it(file):
    assert schema_errors(file) == []


@pytest.mark.parametrize("case", SCHEMA_CASES)
def test_the_schema_rejects_the_broken_sources_it_can_express(case, tmp_path):
    spec = yaml.safe_load((ROOT / "tests" / "broken_sources" / f"{case}.yaml").read_text())
    project = copy_project(tmp_path)
    apply_edits(project, spec["edits"])
    errors = [error for edit in spec["edits"] for error in schema_errors(project / edit["file"])
              if not error.startswith("not valid YAML")]
    assert errors, f"the schema accepted the broken source {case}"
