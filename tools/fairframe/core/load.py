"""From plain data to a validated Framework: the one entry point shared by the build and the browser."""
from __future__ import annotations

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
