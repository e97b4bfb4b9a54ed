"""Problems found in the source, collected so that every one is reported at once.

A problem names the file, the line and column, the path inside the data and what was expected.
"""
from __future__ import annotations

from dataclasses import dataclass
from collections.abc import Callable

Path = tuple  # of str keys and int indexes, e.g. ("principles", 2, "questions", 3, "id")
Position = tuple  # (file, line, column); line and column may be None when unknown
Locate = Callable[[Path], Position]


def format_path(path: Path) -> str:
    """("principles", 2, "id") -> "principles[2].id"."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text or "(top level)"


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int | None
    column: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}:{self.column or 1}"
        return f"{where}: {self.path}: {self.message}"


class SourceError(Exception):
    """Raised with every problem found; str() lists them one per line."""

    def __init__(self, problems: list[Problem]):
        self.problems = tuple(sorted(set(problems), key=_order))
        super().__init__("\n".join(str(p) for p in self.problems))


def _order(problem: Problem):
    return (problem.file, problem.line or 0, problem.column or 0, problem.path, problem.message)


class Collector:
    """Gathers problems, turning data paths into file positions with `locate`."""

    def __init__(self, locate: Locate | None = None, default_file: str = "<data>"):
        self._locate = locate or (lambda path: (default_file, None, None))
        self.problems: list[Problem] = []

    def add(self, path: Path, message: str) -> None:
        file, line, column = self._locate(tuple(path))
        self.problems.append(Problem(file, line, column, format_path(path), message))

    def file_of(self, path: Path) -> str:
        return self._locate(tuple(path))[0]

    def position(self, path: Path) -> str:
        file, line, column = self._locate(tuple(path))
        return f"{file}:{line}" if line is not None else file

    def raise_if_any(self) -> None:
        if self.problems:
            raise SourceError(self.problems)
