"""The framework as frozen dataclasses with stable ids (P1, P1.C2, P1.Q3).

These classes are also the schema of the YAML source: `schema.build` reads their type hints.
"""
from __future__ import annotations

import datetime
import functools
import re
from dataclasses import dataclass


# The five principles: their ids and titles are fixed (organisations may not change them). Their pages'
# paths come from these English titles in every language, so that a page has one path in all of them.
FIXED_PRINCIPLES = (
    ("P1", "Welfare and support", "Ensure welfare and support"),
    ("P2", "Understanding the issue", "Understand the issue"),
    ("P3", "The practitioner is heard", "Ensure the practitioner is heard"),
    ("P4", "Adherence to process", "Adhere to process"),
    ("P5", "Equitable and proportionate outcomes", "Reach equitable and proportionate outcomes"),
)

@dataclass(frozen=True)
class Edition:
    id: str
    title: str
    published: datetime.date
    publisher: str
    status: str
    source: str
    next_review: datetime.date
    previous: str | None = None  # the edition the "What changed" page compares with
    # True for this project's own proposal for an update: NHS Resolution has not published it, so no
    # output names a publication date for it or says that NHS Resolution published it.
    draft: bool = False

    @property
    def not_official(self) -> str:
        """The status line that every output carries (the form's printed pages, `fairframe summary`)."""
        if self.draft:
            return f"DRAFT edition {self.id}. {self.draft_notice}"
        return f"Edition {self.id}. An independent restatement of the published framework, not the official text."

    def short_source(self, limit: int = 200) -> str:
        """The source short enough for a printed page's margin: its first sentence, cut at a word
        (with an ellipsis) if that is still longer than `limit` characters."""
        text = " ".join(self.source.split())
        first = re.split(r"(?<=[.!?])\s+(?=[A-Z0-9])", text, maxsplit=1)[0]
        if len(first) <= limit:
            return first
        return first[:limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"

    @property
    def draft_notice(self) -> str:
        """What a draft is, in plain words: the banner on every page of every output of a draft."""
        return (f"This is a draft made by this project for the {self.id[:4]} update. "
                "NHS Resolution has not published it. It is not the official text.")


@dataclass(frozen=True)
class Answer:
    value: str
    label: str
    follow_up: bool


@dataclass(frozen=True)
class Consideration:
    id: str
    text: str
    group: str | None = None


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    why: str
    if_not: str
    covers: tuple[str, ...]
    local: bool = False  # added by an organisation's overlay (id P2.L1), not a national question


@dataclass(frozen=True)
class Principle:
    id: str
    title: str
    long_title: str
    purpose: str
    considerations: tuple[Consideration, ...]
    questions: tuple[Question, ...]
    asks: str | None = None  # one line: what the principle asks of the case manager (the home page lists it)

    @property
    def number(self) -> int:
        return int(self.id[1:])

    @property
    def slug(self) -> str:
        title = next((fixed for pid, fixed, _long in FIXED_PRINCIPLES if pid == self.id), self.title)
        return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")

    @property
    def consideration_groups(self) -> tuple[tuple[str | None, tuple[Consideration, ...]], ...]:
        """Runs of consecutive considerations sharing a group, in source order."""
        runs: list[tuple[str | None, list[Consideration]]] = []
        for consideration in self.considerations:
            if runs and runs[-1][0] == consideration.group:
                runs[-1][1].append(consideration)
            else:
                runs.append((consideration.group, [consideration]))
        return tuple((group, tuple(items)) for group, items in runs)

    def consideration(self, consideration_id: str) -> Consideration:
        return next(c for c in self.considerations if c.id == consideration_id)


@dataclass(frozen=True)
class Option:
    id: str
    label: str


@dataclass(frozen=True)
class Scope:
    professions: tuple[Option, ...]
    settings: tuple[Option, ...]
    nations: tuple[Option, ...]

    def label(self, option_id: str) -> str:
        for option in (*self.professions, *self.settings, *self.nations):
            if option.id == option_id:
                return option.label
        raise KeyError(option_id)


@dataclass(frozen=True)
class GuidanceSection:
    id: str
    title: str
    summary: str
    body: str


@dataclass(frozen=True)
class Policy:
    id: str
    title: str
    nations: tuple[str, ...]
    settings: tuple[str, ...]
    professions: tuple[str, ...]
    summary: str
    short: str | None = None
    year: str | None = None
    local: bool = False  # an organisation's own policy, from its overlay
    url: str | None = None  # the publisher's page for it (https only); the site links it, never fetches it

    def applies_to(self, nation: str, setting: str, profession: str) -> bool:
        return nation in self.nations and setting in self.settings and profession in self.professions


@dataclass(frozen=True)
class Practitioner:
    profession: str
    role: str
    setting: str
    nation: str


@dataclass(frozen=True)
class Stage:
    title: str
    what_happened: str
    what_the_organisation_did: str


@dataclass(frozen=True)
class CaseStudy:
    """A fictional case study (CS-01...), one file in case_studies/."""

    id: str
    title: str
    summary: str
    practitioner: Practitioner
    handling: str  # "framework-used" or "went-wrong"
    resolved_informally: bool
    stages: tuple[Stage, ...]
    went_well: tuple[str, ...]
    could_improve: tuple[str, ...]
    questions: tuple[str, ...]
    discussion: tuple[str, ...]
    learning_points: tuple[str, ...]

    @property
    def slug(self) -> str:
        return self.id.lower()

    @property
    def principles(self) -> tuple[str, ...]:
        """Ids of the principles this study illustrates, in order (P1...P5)."""
        return tuple(sorted({q.split(".")[0] for q in self.questions}))


@dataclass(frozen=True)
class Timing:
    minutes: int
    activity: str


@dataclass(frozen=True)
class Role:
    name: str
    does: str


@dataclass(frozen=True)
class Session:
    """How to run a training session with the case studies (case_studies/session.yaml)."""

    introduction: str
    timings: tuple[Timing, ...]
    roles: tuple[Role, ...]
    ground_rules: tuple[str, ...]


@dataclass(frozen=True)
class Contact:
    kind: str  # occupational-health, staff-wellbeing, freedom-to-speak-up or other
    name: str
    details: str


@dataclass(frozen=True)
class AccessibilityContact:
    """Who to tell about a problem with the accessibility of the organisation's site, and how."""

    name: str
    details: str


@dataclass(frozen=True)
class Organisation:
    """The organisation whose own version this is (from its overlay file)."""

    name: str
    contacts: tuple[Contact, ...] = ()
    logo: str | None = None  # site-relative path of the logo image
    accessibility_contact: AccessibilityContact | None = None  # shown on the accessibility statement
    nation: str | None = None  # scope id of the nation it works in: the form's default, and the guidance's


@dataclass(frozen=True)
class Message:
    """One piece of interface text (a button, a label, a heading, an error message), by its key."""
    key: str
    text: str


@dataclass(frozen=True)
class Framework:
    edition: Edition
    answer_scale: tuple[Answer, ...]
    principles: tuple[Principle, ...]
    scope: Scope
    guidance: tuple[GuidanceSection, ...]
    policies: tuple[Policy, ...]
    case_studies: tuple[CaseStudy, ...] = ()
    session: Session | None = None
    organisation: Organisation | None = None
    language: str = "en"  # the language of its text and interface (an ISO 639-1 code: en, cy)
    interface: tuple[Message, ...] = ()  # the outputs' own text, in that language (see ui())
    translation_draft: bool = False  # a translation not every entry of which a translator has reviewed

    def ui(self, key: str, **values) -> str:
        """The interface text `key` ("word.answer"), with its {placeholders} filled from `values`.
        A key that does not exist is an error, so a typo fails the build."""
        text = self.ui_texts[key]
        return text.format(**values) if values else text

    @functools.cached_property
    def ui_texts(self) -> dict[str, str]:
        """{key: text} of the interface, worked out once per Framework (a build asks thousands of times)."""
        return {message.key: message.text for message in self.interface}

    @property
    def status_line(self) -> str:
        """The edition's status line (Edition.not_official) in the framework's language: on every
        printed page of a record and in `fairframe summary`."""
        edition = self.edition
        if not self.interface:
            return edition.not_official
        return self.ui("cli.not_official_draft" if edition.draft else "cli.not_official", edition=edition.id,
                       year=edition.id[:4])

    @property
    def questions(self) -> tuple[Question, ...]:
        return tuple(q for p in self.principles for q in p.questions)

    def principle(self, principle_id: str) -> Principle:
        return next(p for p in self.principles if p.id == principle_id)

    def question(self, question_id: str) -> Question:
        return next(q for q in self.questions if q.id == question_id)

    def section(self, section_id: str) -> GuidanceSection:
        return next(s for s in self.guidance if s.id == section_id)

    def studies_for(self, principle_id: str) -> tuple[CaseStudy, ...]:
        return tuple(s for s in self.case_studies if principle_id in s.principles)

    def policies_for(self, nation: str, setting: str, profession: str) -> tuple[Policy, ...]:
        return tuple(p for p in self.policies if p.applies_to(nation, setting, profession))
