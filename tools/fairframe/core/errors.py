"""The one error reading or saving a record can raise, with every problem in plain words (in the
framework's language: record_messages)."""
from __future__ import annotations


class RecordError(ValueError):
    """The file cannot be opened (or the record saved) as a record; `problems` says why, one
    sentence each. `fields` names, for each problem, the record field it is about (or None), so
    that the form can point at the control: "case.policy", "point", "date"..."""

    def __init__(self, problems, fields=None):
        self.problems = tuple(problems)
        self.fields = tuple(fields) if fields is not None else (None,) * len(self.problems)
        super().__init__(" ".join(self.problems))

    def details(self) -> list[dict]:
        return [{"field": field, "text": text} for field, text in zip(self.fields, self.problems)]
