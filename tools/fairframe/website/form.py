"""The "Complete the framework" page: its page context, and the files the browser form loads.

The page template is overrides/form.html; its scripts are in overrides/assets/form/. This module
provides what they need from the model: the case fields, the policies, the framework as JSON,
the wheel of `fairframe.core` with the lock file that names it (lockfile.py), and the Pyodide core
files from the npm package.
"""
from __future__ import annotations

import json
import re
from importlib.metadata import version
from pathlib import Path

from mkdocs.exceptions import PluginError

from ..core.fields import (CASE_FIELDS, GATE, REVIEW_LOG_COLUMNS, REVIEW_POINTS, SIGN_OFF_FIELDS, Field, hint, label,
                           review_point_label)
from ..core.load import framework_to_json
from ..core.model import Framework
from ..core.record import MAX_BYTES, SCHEMA_VERSION
from ..core.record_model import LIMITS
from ..reproducible import build_time
from .lockfile import LOCK_NAME, lock_with_wheel, wheel_url
from .stdlib import StdlibError, portable_stdlib, served_stdlib
from .wheel import PACKAGE_ROOT, build_core_wheel, wheel_name

FORM_PAGE = "complete.md"
FORM_ASSETS = "assets/form"
PYODIDE_DIR = "assets/pyodide"
# The files the form loads from assets/pyodide/. The lock file is the build's own (form_files):
# Pyodide's, with the wheel of fairframe.core added; the others are copied from the npm package.
STDLIB = "python_stdlib.zip"
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", STDLIB, LOCK_NAME)
PYODIDE_COPIED = tuple(name for name in PYODIDE_FILES if name not in (LOCK_NAME, STDLIB))
LOCK_URI = f"{PYODIDE_DIR}/{LOCK_NAME}"  # where loadPyodide() looks by default (indexURL + the name)
DEFAULT_ROOT = PACKAGE_ROOT.parent.parent  # the project, for an editable install (tools/fairframe)
FORM_AREA = "form."  # the form's interface text: templates/interface/form.yaml


def core_wheel_uri() -> str:
    return f"{FORM_ASSETS}/{wheel_name(version('fairframe'))}"


def offline_files(docx: str) -> tuple[str, ...]:
    """What the form needs beyond its page to work offline (the service worker's form cache):
    the Pyodide core, the lock file, the wheel, the framework data and the Word framework it fills."""
    return (*(f"{PYODIDE_DIR}/{name}" for name in PYODIDE_FILES), core_wheel_uri(),
            f"{FORM_ASSETS}/framework.json", f"{FORM_ASSETS}/history.json", docx)


def form_files(framework: Framework, history: dict, root: Path | None = None) -> dict[str, bytes]:
    """Generated files the form loads: the framework as JSON, the question texts of the other
    editions (to open older records), the wheel of fairframe.core, and the lock file that names it
    with its sha256 (Pyodide's own from `root`/node_modules, the project by default, extended)."""
    wheel = build_core_wheel(version("fairframe"), build_time(framework.edition.published))
    base_lock = _pyodide_source(DEFAULT_ROOT if root is None else root) / LOCK_NAME
    lock = lock_with_wheel(base_lock, wheel_name(version("fairframe")), wheel, wheel_url(LOCK_URI, core_wheel_uri()))
    return {f"{FORM_ASSETS}/framework.json": framework_to_json(framework).encode("utf-8"),
            f"{FORM_ASSETS}/history.json": json.dumps(history, sort_keys=True, ensure_ascii=False).encode("utf-8"),
            core_wheel_uri(): wheel,
            LOCK_URI: lock}


def _pyodide_source(root: Path) -> Path:
    return root / "node_modules" / "pyodide"


def pyodide_files(root: Path) -> dict[str, Path]:
    """The Pyodide core from node_modules, to be served from the site's own origin (all but the lock
    file, which form_files writes). The standard library zip is served compiled ahead of time and
    stored (stdlib.py), kept in node_modules/.cache/."""
    source = _pyodide_source(root)
    missing = [name for name in PYODIDE_FILES if not (source / name).is_file()]
    if missing:
        raise PluginError(f"Pyodide is not installed ({', '.join(missing)} missing from {source}): run "
                          f"`make setup`, which installs the pinned npm package")
    files = {f"{PYODIDE_DIR}/{name}": source / name for name in PYODIDE_COPIED}
    files[f"{PYODIDE_DIR}/{STDLIB}"] = _stdlib(served_stdlib, source)
    return files


def pyodide_stdlib(root: Path) -> Path:
    """The compiled standard library in a deflated zip, for the copy without a server (portable.py)."""
    return _stdlib(portable_stdlib, _pyodide_source(root))


def _stdlib(variant, source: Path) -> Path:
    try:
        return variant(source)
    except StdlibError as error:
        raise PluginError(str(error)) from None


# The case details the form asks for: the review point and its date belong to the review points
# (snapshots) instead, so that the two can never disagree.
FORM_CASE_FIELDS = tuple(f for f in CASE_FIELDS if f.key not in ("case.review_point", "case.date"))


def review_point_config(framework: Framework) -> list[dict]:
    """Each review point's value, label and the phrase used in a question's history
    ("Unknown at the start of case on 3 March 2025"), in the framework's language."""
    return [{"value": value, "label": review_point_label(framework, value),
             "phrase": framework.ui(f"form.review_point_{value}_phrase")} for value, _label in REVIEW_POINTS]


def form_messages(framework: Framework) -> dict[str, str]:
    """Every form.* interface text, by its key without "form.", for the page's scripts (messages.js)."""
    return {message.key[len(FORM_AREA):]: message.text for message in framework.interface
            if message.key.startswith(FORM_AREA)}


def translated(framework: Framework, field: Field) -> Field:
    """A field of the record with its label and hint in the framework's language (the interface
    text's `fields` area, shared with the Word framework)."""
    return Field(field.key, label(framework, field), hint(framework, field))


def first_link(markdown: str) -> str:
    """The target of the first https link of a source text ("" if it has none)."""
    found = re.search(r"\]\((https://[^)\s]+)\)", markdown or "")
    return found.group(1) if found else ""


def case_defaults(framework: Framework) -> dict:
    """What a new case starts with in an organisation's own version: its name, and its nation."""
    organisation = framework.organisation
    if organisation is None:
        return {}
    defaults = {"organisation": organisation.name}
    if organisation.nation:
        defaults["nation"] = framework.scope.label(organisation.nation)
    return defaults


def form_context(framework: Framework, docx_uri: str) -> dict:
    """Variables for overrides/form.html, with the form's own text in the framework's language."""
    being_fair = framework.section("patient-safety-incidents")
    ui = framework.ui
    return {
        "framework": framework,
        "case_fields": tuple(translated(framework, field) for field in FORM_CASE_FIELDS),
        "gate": translated(framework, GATE),
        "review_points": [(point["value"], point["label"]) for point in review_point_config(framework)],
        "being_fair": being_fair,
        "being_fair_url": first_link(being_fair.body),
        "sign_off_fields": [(f.key.split(".", 1)[1], label(framework, f), hint(framework, f)) for f in SIGN_OFF_FIELDS],
        "form_config": {
            "edition": framework.edition.id,
            "schemaVersion": SCHEMA_VERSION,
            "maxBytes": MAX_BYTES,
            "limits": {key: LIMITS[key] for key in ("case", "sign_off", "note", "reviewer", "summary")},
            "reviewPoints": review_point_config(framework),
            # the review log's columns as in the Word file, and the form's own: which answers were kept
            "reviewLogColumns": [label(framework, column) for column in REVIEW_LOG_COLUMNS]
                                + [ui("form.review_column_kept")],
            # the sign-off's labels, for the print view
            "signOff": {f.key.split(".", 1)[1]: label(framework, f) for f in SIGN_OFF_FIELDS},
            "answers": {a.value: a.label for a in framework.answer_scale},
            "followUpAnswers": [a.value for a in framework.answer_scale if a.follow_up],
            "fallbackName": ui("form.file_fallback_name"),
            "notOfficial": framework.status_line,  # with the source, on every printed page
            "source": framework.edition.short_source(),
            "draft": framework.edition.draft,
            "worker": f"{FORM_ASSETS}/worker.mjs",
            "pyodide": f"{PYODIDE_DIR}/",
            "wheel": core_wheel_uri(),
            "framework": f"{FORM_ASSETS}/framework.json",
            "history": f"{FORM_ASSETS}/history.json",
            "docx": docx_uri,
            "defaults": case_defaults(framework),
            "lang": framework.language,
            "messages": form_messages(framework),  # the scripts' text (messages.js)
        },
    }
