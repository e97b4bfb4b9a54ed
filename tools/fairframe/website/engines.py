"""The site engines that can build the staged pages: mkdocs (with mkdocs-material, the default) and
Zensical, its successor. Each gets the same staging folder and the same configuration file.
"""
from __future__ import annotations

from pathlib import Path

ENGINES = ("mkdocs", "zensical")


def run_engine(engine: str, config_file: Path, site_dir: Path) -> None:
    """Build the staged pages described by `config_file` into `site_dir` (which may exist)."""
    if engine == "mkdocs":
        _mkdocs(config_file, site_dir)
    elif engine == "zensical":
        _zensical(config_file, site_dir)
    else:
        raise ValueError(f"unknown site engine {engine!r}: use one of {', '.join(ENGINES)}")


def _mkdocs(config_file: Path, site_dir: Path) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    build(load_config(config_file=str(config_file), site_dir=str(site_dir), strict=True))


def _zensical(config_file: Path, site_dir: Path) -> None:
    raise NotImplementedError("zensical")
