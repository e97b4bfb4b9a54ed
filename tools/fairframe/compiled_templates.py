"""Compiled jinja2 templates, kept in the build's cache folder: the site engine's theme templates
(mkdocs-material's, of which a build uses about 40) and this package's own. Without it, every engine
run compiles the theme's again, once per language and build (about 0.5 s each time), and every
build process its own (0.3 s, the form page's template alone 0.14 s).

Each entry is named by the hash of everything its code depends on: the template's name, file and
source, the Python and jinja2 versions and the settings of the environment that compiled it. So an
entry is never stale: a changed template is a new name. An entry that cannot be read as compiled
code is compiled again and written over. Templates inside the staging folder (its name is new in
every build) are not kept. An entry is touched when it is used, and only the LIMIT used last are
kept; the cache never removes a file it did not name.
"""
from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import sys
import types
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket

from .website.compress import keep_in_cache  # the cache folder's one writer: whole files, pruned by age

FOLDER = "templates"  # in the build's cache folder
SUFFIX = ".jinja"
LIMIT = 500  # entries: a build uses about 60, and an edited template adds one


class KeptTemplates(jinja2.BytecodeCache):
    """A jinja2 bytecode cache in `folder`, for every template outside `passing` (the staging folder)."""

    def __init__(self, folder: Path, passing: Path | None = None):
        self.folder, self.passing = folder, passing.resolve() if passing is not None else None

    def get_bucket(self, environment: jinja2.Environment, name: str, filename: str | None, source: str) -> Bucket:
        if filename is None or (self.passing is not None and Path(filename).resolve().is_relative_to(self.passing)):
            return Bucket(environment, "", "")  # an empty key: neither read nor written (see below)
        settings = (environment.block_start_string, environment.variable_start_string, environment.trim_blocks,
                    environment.lstrip_blocks, environment.newline_sequence, environment.keep_trailing_newline,
                    environment.optimized, environment.is_async, _named(environment.autoescape),
                    _named(environment.finalize))
        parts = (name, filename, source, jinja2.__version__, sys.version, repr(settings))
        bucket = Bucket(environment, hashlib.sha256("\0".join(parts).encode()).hexdigest(), "")
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        if not bucket.key:
            return
        entry = self.folder / (bucket.key + SUFFIX)
        try:
            code = marshal.loads(entry.read_bytes())
        except (OSError, EOFError, ValueError, TypeError):
            return  # not kept yet, or damaged: compiled again
        with contextlib.suppress(OSError):  # a cache that can be read but not touched still serves
            os.utime(entry)  # used: kept longest
        bucket.code = code if isinstance(code, types.CodeType) else None

    def dump_bytecode(self, bucket: Bucket) -> None:
        if bucket.key and bucket.code is not None:
            keep_in_cache(self.folder / (bucket.key + SUFFIX), marshal.dumps(bucket.code), self.folder, SUFFIX,
                          limit=LIMIT)

    def clear(self) -> None:
        raise NotImplementedError("this cache deletes nothing")


def _named(setting) -> str:
    """A setting as the same text in every process (a function's repr holds its address)."""
    return f"{setting.__module__}.{setting.__qualname__}" if callable(setting) else repr(setting)


def for_mkdocs(cache: Path, staging: Path):
    """A plugin object for an mkdocs config (config.plugins[...] = it) that gives every environment
    the theme makes this cache, kept in `cache`/templates: the engine's own and those the theme's
    plugins make for themselves (the search plugin's, for the language partials), so it runs first."""
    from mkdocs.plugins import BasePlugin, event_priority

    kept = KeptTemplates(cache / FOLDER, staging)

    class KeepCompiledTemplates(BasePlugin):
        @event_priority(100)
        def on_config(self, config):
            make_env = config.theme.get_env

            def get_env():
                env = make_env()
                env.bytecode_cache = kept
                return env

            config.theme.get_env = get_env
            return config

    return KeepCompiledTemplates()
