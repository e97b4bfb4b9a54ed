"""The form page's scripts: every module form.js needs is preloaded, so the browser fetches them
all at once instead of one round trip per level of imports."""
from __future__ import annotations

import re

from conftest import ROOT

FORM_ASSETS = ROOT / "overrides" / "assets" / "form"
IMPORT = re.compile(r'^import\s[^;]*?from\s+"\./([\w-]+\.js)";', re.M)


def imported_by(name: str, seen: set[str] | None = None) -> set[str]:
    seen = set() if seen is None else seen
    for module in IMPORT.findall((FORM_ASSETS / name).read_text()):
        if module not in seen:
            seen.add(module)
            imported_by(module, seen)
    return seen


def test_every_module_of_the_form_is_preloaded(built_site):
    page = (built_site / "complete" / "index.html").read_text()
    preloaded = set(re.findall(r'<link rel="modulepreload" href="\.\./assets/form/([\w-]+\.js)">', page))
    needed = imported_by("form.js")
    assert len(needed) > 5
    assert preloaded == needed
    for module in preloaded:
        assert (built_site / "assets" / "form" / module).is_file()
