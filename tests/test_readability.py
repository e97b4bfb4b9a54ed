"""Plain English, measured: the source text of every edition stays at or above a reading-ease floor.

Flesch reading ease (textstat) is noisy on one short sentence, so each kind of text is measured as
a whole: all policy summaries together, all guidance sections together, and so on. A failure names
the kind, its score and the texts that pull it down most, so the fix starts in the right place.
Floors sit a little below today's level; raise them as the text improves, never lower them to pass.
"""
from __future__ import annotations

import re

import pytest
import textstat

from conftest import ROOT
from fairframe.editions import edition_roots, load_source

# Reading ease of each kind of text, all of that kind taken together (0-100, higher is plainer).
FLOORS = {
    "policy summaries": 60.0,
    "edition status and source": 60.0,
    "guidance sections": 60.0,
    "question texts": 50.0,
    "question why": 50.0,
    "question if_not": 50.0,
}
LINK = re.compile(r"\[([^\]\n]*)\]\([^)\n]*\)")


def plain(text: str) -> str:
    """The words a reader sees: link text without its target, no emphasis marks, and each list
    item ended as a sentence (a list item is read as one)."""
    lines = []
    for line in LINK.sub(r"\1", text).replace("*", "").splitlines():
        line = line.strip()
        if line.startswith("- "):
            line = line[2:].rstrip()
            if not line.endswith((".", "?", "!", ":", ";")):
                line += "."
        lines.append(line)
    return "\n".join(lines)


def texts_by_kind(framework) -> dict[str, list[tuple[str, str]]]:
    questions = [q for principle in framework.principles for q in principle.questions]
    return {
        "policy summaries": [(p.id, p.summary) for p in framework.policies],
        "edition status and source": [("status", framework.edition.status), ("source", framework.edition.source)],
        "guidance sections": [(g.id, f"{g.summary}\n\n{g.body}") for g in framework.guidance],
        "question texts": [(q.id, q.text) for q in questions],
        "question why": [(q.id, q.why) for q in questions],
        "question if_not": [(q.id, q.if_not) for q in questions],
    }


def reading_ease(text: str) -> float:
    return textstat.flesch_reading_ease(plain(text))


ROOTS = edition_roots(ROOT)  # every edition the project holds, the current one and any drafts


@pytest.fixture(scope="module", params=sorted(ROOTS))
def framework(request):
    return load_source(ROOT, ROOTS[request.param])


@pytest.mark.parametrize("kind", sorted(FLOORS))
def test_each_kind_of_text_reads_at_or_above_its_floor(framework, kind):
    items = texts_by_kind(framework)[kind]
    assert items, f"no {kind} in edition {framework.edition.id}"
    score = reading_ease("\n\n".join(text for _, text in items))
    worst = sorted((reading_ease(text), name) for name, text in items)[:3]
    named = ", ".join(f"{name} ({value:.0f})" for value, name in worst)
    assert score >= FLOORS[kind], (
        f"edition {framework.edition.id}: {kind} read at {score:.1f}, below the floor {FLOORS[kind]:.0f}; "
        f"the hardest to read: {named}")


def test_the_measure_tells_plain_from_dense_text():
    plain_text = "Tell the practitioner what the concern is. Ask for their view. Write down what they say."
    dense_text = ("Consideration of organisational accountability necessitates comprehensive documentation "
                  "demonstrating procedural compliance throughout investigatory proceedings.")
    assert reading_ease(plain_text) >= 60 > reading_ease(dense_text)
    assert plain("- see [the policy](https://example.org/p) *now*") == "see the policy now."
