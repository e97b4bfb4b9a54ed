"""From plain data to a validated Framework: the one entry point shared by the build and the browser."""
from __future__ import annotations

import dataclasses
import json

from .model import Framework
from .problems import Collector, Locate
from .rules import check_framework
from .schema import build


def framework_from_data(data, locate: Locate | None = None) -> Framework:
    """Build the Framework, or raise SourceError listing every problem found."""
    problems = Collector(locate)
    framework = build(Framework, data, (), problems)
    if isinstance(data, dict):
        check_framework(data, problems)
    problems.raise_if_any()
    return framework


def framework_to_json(framework: Framework) -> str:
    """The model as JSON data that framework_from_data reads back to an equal Framework."""
    return json.dumps(dataclasses.asdict(framework), default=lambda value: value.isoformat(),
                      ensure_ascii=False, sort_keys=True)
