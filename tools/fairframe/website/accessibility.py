"""What the accessibility tests check, in one place: the tests import it and the statement renders it.

The accessibility statement (accessibility.md) must claim only what is tested. So the facts it states
live here, and the tests use the same values: tests/axe.py runs axe-core with AXE_TAGS, and
tests/test_browser.py opens every page in each of COLOUR_SCHEMES. A fact changed here changes both
the page and what the tests do; tests/test_accessibility_statement.py checks that they agree.
"""
from __future__ import annotations

import datetime
import json
from pathlib import Path

from ..reproducible import build_time

PAGE = "accessibility.md"
STANDARD = "WCAG 2.2 level AA"
STANDARD_URL = "https://www.w3.org/TR/WCAG22/"
AXE_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")  # the axe-core rules the tests run
COLOUR_SCHEMES = ("light", "dark")  # every page is checked in each (prefers-color-scheme)
BROWSER = "Chromium, as packaged by Debian, run headless (without a screen)"

# What the tests check beyond the axe run on every page (see the test files named).
FORM_STATES = (  # tests/test_form_records.py, tests/test_form_cases.py: axe in both colour schemes
    "blank, before a case is started",
    "filled in, with the summary of answers shown",
    "showing the error summary and error messages after a record with problems is opened",
    "the list of cases on this device, the changes since the last review point, and the dialog "
    "shown on leaving a case with changes",
)
WORD_CHECKS = (  # tests/test_word.py
    "the language is set: British English (en-GB) in the English file, Welsh (cy-GB) in the Welsh one",
    "each principle is a real level 1 heading, with level 2 headings under it",
    "every table has a caption, a description and a header row that repeats on each page",
    "every question has its own answer control and notes control",
)
PDF_CHECKS = (  # tests/test_case_studies.py
    "it is a tagged PDF that declares PDF/UA-1",
    "the language is set (en-GB in the English pack, cy-GB in the Welsh one) and the title is shown instead "
    "of the file name",
    "its structure has one level 1 heading, level 2 headings, lists and tables with header cells",
)
KNOWN_LIMITATIONS = (
    "The Word framework and the case studies PDF are checked by machine only (their structure, "
    "headings, language and tags). Nobody has yet tested them with a screen reader.",
    "Automated checks find only some accessibility problems. This site has not yet had a full "
    "manual audit against WCAG 2.2, or testing with disabled users and assistive technologies "
    "such as screen readers, screen magnifiers and speech recognition.",
    "The Welsh version of the site, the form and the downloads is a draft translation: a qualified Welsh "
    "translator has not yet reviewed it.",
)


def axe_core_version(project: Path) -> str | None:
    """The version of axe-core the tests run: the installed package, else the one package.json pins."""
    installed = project / "node_modules" / "axe-core" / "package.json"
    try:
        if installed.is_file():
            return str(json.loads(installed.read_text(encoding="utf-8"))["version"])
        pinned = json.loads((project / "package.json").read_text(encoding="utf-8"))
        return str(pinned["devDependencies"]["axe-core"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def statement_date(published: datetime.date) -> datetime.date:
    """The date the statement was prepared: the build's fixed time (SOURCE_DATE_EPOCH, else the
    edition's date), never the clock, so two builds of the same source are identical."""
    return build_time(published).date()


def statement_facts(axe_version: str | None = None) -> dict:
    """Everything the statement template states about testing."""
    return {"standard": STANDARD, "standard_url": STANDARD_URL, "axe_tags": AXE_TAGS,
            "axe_version": axe_version, "schemes": COLOUR_SCHEMES, "browser": BROWSER,
            "form_states": FORM_STATES, "word_checks": WORD_CHECKS, "pdf_checks": PDF_CHECKS,
            "limitations": KNOWN_LIMITATIONS}
