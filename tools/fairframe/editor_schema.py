"""JSON Schema for the YAML source, generated from the model's dataclasses, for editors.

Each YAML file names its schema in a first-line comment (`# yaml-language-server: $schema=...`), so
an editor such as VS Code completes keys and flags mistakes while the publisher types. The schema
is a convenience that mirrors `core.schema.build` (the same dataclasses, the same type hints); the
validator stays the authority, since rules across files (ids, references, the fixed principles)
are beyond what a per-file schema can say.

The files in schema/ are generated: `fairframe schema` rewrites them, and a test checks that the
committed copies match the model.
"""
from __future__ import annotations

import dataclasses
import datetime
import json
import types
import typing

from .core.model import CaseStudy, Framework, Session
from .core.study_rules import HANDLING
from .overlay import CONTACT_KINDS, Overlay
from .translations import LANGUAGES

DRAFT = "https://json-schema.org/draft/2020-12/schema"
# Set by the build (from an overlay, the case study files, the interface text and the translations),
# never written in the framework's files.
BUILD_ONLY_FIELDS = {("Framework", "organisation"), ("Framework", "case_studies"), ("Framework", "session"),
                     ("Framework", "language"), ("Framework", "interface"),
                     ("Framework", "translation_draft"), ("Question", "local"), ("Policy", "local")}
PATTERNS = {
    ("Edition", "id"): r"^\d{4}-\d{2}$",
    ("Edition", "previous"): r"^\d{4}-\d{2}$",
    ("Principle", "id"): r"^P[1-5]$",
    ("Question", "id"): r"^P[1-5]\.Q[1-9][0-9]*$",
    ("Consideration", "id"): r"^P[1-5]\.C[1-9][0-9]*$",
    ("CaseStudy", "id"): r"^CS-[0-9]{2}$",
    ("LocalQuestion", "id"): r"^P[1-5]\.L[1-9][0-9]*$",
}
ENUMS = {
    ("CaseStudy", "handling"): list(HANDLING),
    ("Contact", "kind"): list(CONTACT_KINDS),
    ("OverlayTranslation", "language"): list(LANGUAGES),
}
FILES = {  # file in schema/ -> (title, the dataclass of one file, fields every file must have)
    "framework.schema.json": ("A file of the framework source (framework/*.yaml)", Framework, False),
    "case-study.schema.json": ("A case study (case_studies/CS-NN.yaml)", CaseStudy, True),
    "session.schema.json": ("The training session guide (case_studies/session.yaml)", Session, True),
    "overlay.schema.json": ("An organisation's overlay (e.g. local.yaml)", Overlay, True),
}


def _type(hint, owner: str, name: str, definitions: dict) -> dict:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(hint) if a is not type(None)]
        return {"anyOf": [_type(options[0], owner, name, definitions), {"type": "null"}]}
    if origin is tuple:
        return {"type": "array", "items": _type(typing.get_args(hint)[0], owner, name, definitions)}
    if origin is dict:
        return {"type": "object", "additionalProperties": _type(typing.get_args(hint)[1], owner, name, definitions)}
    if dataclasses.is_dataclass(hint):
        _define(hint, definitions)
        return {"$ref": f"#/$defs/{hint.__name__}"}
    if hint is str and (owner, name) in ENUMS:
        return {"enum": ENUMS[(owner, name)]}
    if hint is str:
        return {"type": "string", "pattern": PATTERNS.get((owner, name), r"\S")}
    if hint is bool:
        return {"type": "boolean"}
    if hint is int:
        return {"type": "integer"}
    if hint is datetime.date:
        return {"type": "string", "format": "date"}
    raise TypeError(f"schema type {hint!r} is not supported")


def _object(cls, definitions: dict, required: bool) -> dict:
    hints = typing.get_type_hints(cls)
    fields = [f for f in dataclasses.fields(cls) if (cls.__name__, f.name) not in BUILD_ONLY_FIELDS]
    schema = {"type": "object", "additionalProperties": False,
              "properties": {f.name: _type(hints[f.name], cls.__name__, f.name, definitions) for f in fields}}
    if cls.__doc__ and not cls.__doc__.startswith(f"{cls.__name__}("):
        schema["description"] = " ".join(cls.__doc__.split())
    names = [f.name for f in fields
             if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING]
    if required and names:
        schema["required"] = names
    return schema


def _define(cls, definitions: dict) -> None:
    if cls.__name__ not in definitions:
        definitions[cls.__name__] = {}  # placeholder: a dataclass may refer to itself
        definitions[cls.__name__] = _object(cls, definitions, required=True)


def file_schema(title: str, cls, required: bool) -> dict:
    """The schema of one YAML file whose content is `cls`; the framework's keys are spread over
    several files, so there no top-level key is required of any one file."""
    definitions: dict = {}
    schema = {"$schema": DRAFT, "title": title, **_object(cls, definitions, required)}
    if definitions:
        schema["$defs"] = dict(sorted(definitions.items()))
    return schema


def schemas() -> dict[str, str]:
    """{file name in schema/: JSON text}."""
    return {name: json.dumps(file_schema(title, cls, required), indent=2, ensure_ascii=False) + "\n"
            for name, (title, cls, required) in FILES.items()}

