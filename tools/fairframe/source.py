"""Reads the YAML source with the line and column of every value, and loads it into the model.

Build time only (PyYAML). Every file in framework/ is a mapping; their top-level keys are merged
into one document, so a key may move between files without changing the model. Each file in
case_studies/ is one study, except session.yaml, the guide to running a training session.
Every file is read within bounds (size, depth, no aliases, no control characters: bounded_yaml.py),
since a source may come from someone other than the person running the build.
"""
from __future__ import annotations

from pathlib import Path

import yaml

from .bounded_yaml import (LOADER, MAX_IMPLICIT_LENGTH, SOURCE_LIMIT, check_events, read_bounded_text,
                           syntax_problem)
from .core.load import framework_from_data
from .core.model import Framework
from .core.problems import Problem, SourceError, format_path
from .interface import interface_data

SOURCE_DIRS = ("framework", "case_studies")
NUMBER_TAGS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")


class _Reader:
    def __init__(self, display: str):
        self.display = display
        self.constructor = yaml.SafeLoader("")
        self.problems: list[Problem] = []
        self.positions: dict[tuple, tuple] = {}

    def problem(self, node, path, message):
        mark = node.start_mark
        self.problems.append(Problem(self.display, mark.line + 1, mark.column + 1, format_path(path), message))

    def to_data(self, node, path, key_node=None):
        """Plain data from a YAML node; a mapping value is located at its key ("key:" line)."""
        mark = (key_node or node).start_mark
        self.positions[path] = (self.display, mark.line + 1, mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            result = {}
            self.constructor.flatten_mapping(node)
            for key_node, value_node in node.value:
                key = self._scalar(key_node)
                if not isinstance(key, str):
                    self.problem(key_node, path, f"expected a text key, got {key!r}")
                    continue
                if key in result:
                    self.problem(key_node, (*path, key), f"duplicate key {key!r} in the same mapping")
                    continue
                result[key] = self.to_data(value_node, (*path, key), key_node)
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.to_data(item, (*path, i)) for i, item in enumerate(node.value)]
        return self._scalar(node)

    def _scalar(self, node):
        if not isinstance(node, yaml.ScalarNode):
            return node  # a mapping or list used as a key: reported by the caller
        if node.tag in NUMBER_TAGS and len(node.value) > MAX_IMPLICIT_LENGTH:
            return node.value  # e.g. !!int 1:2:3:...: converting it would take quadratic time; kept as text
        try:
            return self.constructor.construct_object(node)
        except (ValueError, TypeError, OverflowError, yaml.YAMLError):
            return node.value  # e.g. 2025-02-30: kept as text so the schema reports a bad date


def read_yaml(path: Path, display: str, limit: int = SOURCE_LIMIT):
    """Return (data, positions, problems) for one file; problems include YAML syntax errors and any
    bound the file breaks (size, encoding, control characters, aliases, depth: see bounded_yaml)."""
    text, problem = read_bounded_text(path, display, limit)
    if problem is None:
        problem = check_events(text, display)
    if problem is not None:
        return None, {}, [problem]
    reader = _Reader(display)
    try:
        node = yaml.compose(text, Loader=LOADER)  # safe now: no aliases, bounded depth and size
    except yaml.MarkedYAMLError as error:
        return None, {}, [syntax_problem(error, display)]
    if node is None:
        return None, {}, [Problem(display, 1, 1, "(top level)", "the file is empty: expected a mapping")]
    data = reader.to_data(node, ())
    if not isinstance(data, dict):
        reader.problem(node, (), "expected a mapping of keys to values at the top of the file")
        return None, {}, reader.problems
    return data, reader.positions, reader.problems


def _display(file: Path, root: Path, project: Path | None) -> str:
    """A file's name in messages: relative to the project when it is inside it, else to `root`."""
    for base in (project, root):
        if base is not None and file.is_relative_to(base):
            return file.relative_to(base).as_posix()
    return file.as_posix()


def _merge_framework(root: Path, data: dict, positions: dict, problems: list, project: Path | None) -> None:
    """Merge the top-level keys of framework/*.yaml into one mapping."""
    files = sorted((root / "framework").glob("*.yaml"))
    if not files:
        problems.append(Problem(_display(root / "framework", root, project) + "/", None, None, "(top level)",
                                "no .yaml files found"))
    for file in files:
        display = _display(file, root, project)
        file_data, file_positions, file_problems = read_yaml(file, display)
        problems.extend(file_problems)
        for key, value in (file_data or {}).items():
            if key in data:
                first = positions[(key,)][0]
                line = file_positions[(key,)][1]
                problems.append(Problem(display, line, 1, key, f"the key {key!r} is already defined in {first}"))
                continue
            data[key] = value
            positions.update({p: pos for p, pos in file_positions.items() if p and p[0] == key})


def _add_case_studies(root: Path, data: dict, positions: dict, problems: list, shared: Path | None) -> None:
    """case_studies/CS-NN.yaml become data["case_studies"]; case_studies/session.yaml data["session"].

    An edition folder without case_studies/ uses those of `shared` (the project's own).
    """
    folder = root / "case_studies"
    if not folder.is_dir() and shared is not None:
        root, folder = shared, shared / "case_studies"
    if not folder.is_dir():
        return
    studies = []
    for file in sorted(folder.glob("*.yaml")):
        display = _display(file, root, shared)
        file_data, file_positions, file_problems = read_yaml(file, display)
        problems.extend(file_problems)
        if file_data is None:
            continue
        prefix = ("session",) if file.stem == "session" else ("case_studies", len(studies))
        if file.stem == "session":
            data["session"] = file_data
        else:
            studies.append(file_data)
        positions.update({(*prefix, *p): pos for p, pos in file_positions.items()})
    data["case_studies"] = studies
    positions.setdefault(("case_studies",), ("case_studies/", None, None))


def read_source_data(root: Path, shared: Path | None = None):
    """The whole source as one mapping; return (data, locate, problems)."""
    data, positions, problems = {}, {}, []
    _merge_framework(root, data, positions, problems, shared)
    _add_case_studies(root, data, positions, problems, shared)
    data["interface"] = interface_data()  # the outputs' own text, in English (fairframe.interface)

    def locate(path: tuple):
        while path and path not in positions:
            path = path[:-1]
        if path in positions:
            return positions[path]
        return ("framework/", None, None)

    return data, locate, problems


def load_framework(root: Path, shared: Path | None = None) -> Framework:
    """Load and validate framework/ and case_studies/; raise SourceError with every problem found.

    `shared` is the project folder whose case_studies/ an edition folder without its own uses.
    """
    data, locate, problems = read_source_data(root, shared)
    try:
        framework = framework_from_data(data, locate)
    except SourceError as error:
        found = error.problems
        if problems:  # a file could not be read: its keys are absent, not missing
            found = [p for p in found if not (p.path == "(top level)" and p.message.startswith("missing"))]
        raise SourceError([*problems, *found]) from None
    if problems:
        raise SourceError(problems)
    return framework
