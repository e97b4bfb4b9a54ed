"""The site engines that can build the staged pages: mkdocs (with mkdocs-material, the default) and
Zensical, its successor. Each gets the same staging folder; Zensical gets a copy of the configuration
with the few settings it reads differently (see README.md, "How the site is built").
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

ZENSICAL_CONFIG = "zensical.yml"
ZENSICAL_SITE = "site"  # Zensical writes the site inside the config file's folder only

ENGINES = ("mkdocs", "zensical")


def run_engine(engine: str, config_file: Path, site_dir: Path, cache: Path | None = None) -> None:
    """Build the staged pages described by `config_file` into `site_dir` (which may exist); `cache`:
    the build's cache folder, where mkdocs keeps its theme's compiled templates (compiled_templates)."""
    if engine == "mkdocs":
        _mkdocs(config_file, site_dir, cache)
    elif engine == "zensical":
        _zensical(config_file, site_dir)
    else:
        raise ValueError(f"unknown site engine {engine!r}: use one of {', '.join(ENGINES)}")


def _mkdocs(config_file: Path, site_dir: Path, cache: Path | None) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from .. import compiled_templates

    config = load_config(config_file=str(config_file), site_dir=str(site_dir), strict=True)
    if cache is not None:
        config.plugins["fairframe-compiled-templates"] = compiled_templates.for_mkdocs(cache, config_file.parent)
    build(config)


def zensical_config(config: dict) -> dict:
    """The engine's config for Zensical: docs_dir relative to the config file (it refuses an absolute
    one), its site inside the staging folder, and its classic look (the "modern" one's active nav
    link fails WCAG colour contrast: 3.75:1)."""
    config = {**config, "docs_dir": "docs", "site_dir": ZENSICAL_SITE,
              "theme": {**config["theme"], "variant": "classic"}}
    return config


def _zensical(config_file: Path, site_dir: Path) -> None:
    folder = config_file.parent
    config = zensical_config(yaml.safe_load(config_file.read_text(encoding="utf-8")))
    (folder / ZENSICAL_CONFIG).write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=200),
                                          encoding="utf-8")
    shutil.rmtree(folder / ZENSICAL_SITE, ignore_errors=True)
    command = [sys.executable, "-m", "zensical", "build", "--clean", "--strict", "-f", ZENSICAL_CONFIG]
    result = subprocess.run(command, cwd=folder, capture_output=True, text=True,
                            env={**os.environ, "NO_COLOR": "1"})
    if result.returncode != 0:
        raise RuntimeError(f"Zensical could not build the site (exit {result.returncode}):\n"
                           f"{(result.stderr or result.stdout).strip()[-2000:]}")
    for entry in sorted((folder / ZENSICAL_SITE).iterdir()):  # into the build's own (locked) folder
        shutil.move(str(entry), str(site_dir / entry.name))
