"""The English originals of the outputs' interface text: templates/interface/<area>.yaml, each a flat
mapping of keys to text, used as <area>.<key> (framework.ui("word.answer")). The loader puts them into
every Framework, so every renderer has them, in the Framework's language once it is translated.

One area has its English in fairframe.core instead, because the form runs that code unchanged and
must have the English without this package: `record`, the problems and notices of reading and saving
a record (core/record_messages.py)."""
from __future__ import annotations

import functools
from pathlib import Path

import yaml

from .core import record_messages

FOLDER = Path(__file__).resolve().parent / "templates" / "interface"
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml where it is installed
CORE_AREAS = {record_messages.AREA: record_messages.MESSAGES}  # area: {key: English}, kept in fairframe.core


@functools.cache
def english_interface() -> tuple[tuple[str, str], ...]:
    """((key, English text), ...) by area (in name order), then in file and key order."""
    areas: dict[str, tuple[str, dict]] = {}
    for path in sorted(FOLDER.glob("*.yaml")):
        areas[path.stem] = (path.name, yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER) or {})
    for area, messages in CORE_AREAS.items():
        if area in areas:
            raise ValueError(f"{area}.yaml: the area {area} has its English in fairframe.core, not in a file")
        areas[area] = (f"core area {area}", messages)
    found = []
    for area in sorted(areas):
        name, data = areas[area]
        for key, text in data.items():
            if not isinstance(text, str) or not text.strip():
                raise ValueError(f"{name}: {key}: expected a line of text")
            found.append((f"{area}.{key}", text.strip()))
    return tuple(found)


def interface_data() -> list[dict]:
    """The interface as source data for the model (Framework.interface)."""
    return [{"key": key, "text": text} for key, text in english_interface()]
