"""The English originals of the outputs' interface text: templates/interface/<area>.yaml, each a flat
mapping of keys to text, used as <area>.<key> (framework.ui("word.answer")). The loader puts them into
every Framework, so every renderer has them, in the Framework's language once it is translated."""
from __future__ import annotations

import functools
from pathlib import Path

import yaml

FOLDER = Path(__file__).resolve().parent / "templates" / "interface"


@functools.cache
def english_interface() -> tuple[tuple[str, str], ...]:
    """((key, English text), ...) in file and key order."""
    found = []
    for path in sorted(FOLDER.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for key, text in data.items():
            if not isinstance(text, str) or not text.strip():
                raise ValueError(f"{path.name}: {key}: expected a line of text")
            found.append((f"{path.stem}.{key}", text.strip()))
    return tuple(found)


def interface_data() -> list[dict]:
    """The interface as source data for the model (Framework.interface)."""
    return [{"key": key, "text": text} for key, text in english_interface()]
