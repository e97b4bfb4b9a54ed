"""Builds the whole site into a staging folder next to the site, then swaps it in.

The project is loaded once; the outputs (the Word framework, the learning pack, the form's data) are
rendered from it; the pages and files are written into a staging copy of docs/ as pure renderer
output (website.stage); the site engine (mkdocs by default, or Zensical) builds that; then the form
page, the service worker, the copy for use without a connection and the compressed copies are added.

A failed build (bad source, broken template, strict-mode warning, SIGTERM) leaves the previous site
exactly as it was and removes its staging folder. The build writes only to a folder that is new or
holds a previous build (see site_folder).
"""
from __future__ import annotations

import contextlib
import dataclasses
import os
import shutil
import signal
import sys
import threading
from pathlib import Path

from . import site_folder
from .compiled_templates import FOLDER as COMPILED_TEMPLATES, KeptTemplates
from .project import load_project
from .project import Project
from .site_folder import UnsafeSiteFolder
from .templating import compiled_kept
from .website.alongside import Alongside
from .website.assemble import assemble


COMPRESSED_CACHE = Path(".cache") / "compressed"  # kept between builds: big files compressed, packs, templates


class BuildFailed(Exception):
    """The build failed after the source was read (a template, the site engine, a file it writes);
    the message says what, the log above says where."""


class BuildTerminated(SystemExit):
    """SIGTERM arrived during a build: raised in the main thread so the staging folder is removed."""


def build_site(root: Path, site_dir: Path, source: Path | None = None, overlay: Path | None = None,
               site_url: str | None = None, engine: str = "mkdocs", cache: Path | None = None,
               require_complete: tuple[str, ...] = (), languages: tuple[str, ...] | None = None) -> Path:
    """Check that `site_dir` may be replaced, load and validate the project once (the edition at
    `source`, default the project's own, and an organisation's `overlay` if given), then build it.
    Raises UnsafeSiteFolder, before anything is read or written, for a folder it must not replace,
    and SourceError, before anything is written, for a bad source. `languages`: the languages to
    publish (default: English and every language the edition has translations for)."""
    root = root.resolve()
    site = site_folder.site_path(site_dir)
    site_folder.check_site_folder(site, site_folder.protected_folders(root, (source or root).resolve(), overlay))
    kept = cache or root / COMPRESSED_CACHE
    with Alongside(kept) as slow:  # its fork server starts importing at once
        project = load_project(root, source, overlay)
        if languages is not None:
            project = dataclasses.replace(project, languages=languages)
        return build_project(project, site, site_url, engine, slow, kept, require_complete)


def build_project(project: Project, site_dir: Path, site_url: str | None = None, engine: str = "mkdocs",
                  slow: Alongside | None = None, cache: Path | None = None,
                  require_complete: tuple[str, ...] = ()) -> Path:
    """Build the site of a loaded project (for `site_url` if given, e.g. under a sub-path) with every
    download and its precompressed copies, through `engine`, and only then replace `site_dir`.
    `slow`: the slow outputs, already rendering (else they start here); `cache`: where compressed
    copies of big files, rendered learning packs and compiled templates are kept between builds
    (default: the project's .cache/compressed);
    `require_complete`: languages whose every text must be translated, else the build fails."""
    site = site_folder.site_path(site_dir)
    protected = site_folder.protected_folders(project.root, project.source, project.overlay_path)
    site_folder.check_site_folder(site, protected)
    site.parent.mkdir(parents=True, exist_ok=True)
    held: list[tuple[Path, int]] = []
    swapped = False
    with _sigterm_raises() as terminated:
        try:
            with site_folder.signals_wait(), site_folder.parent_lock(site.parent):  # held before SIGTERM
                site_folder.remove_leftovers(site.parent)
                held.append(site_folder.new_staging(site.parent))  # the site, until it is swapped in
                held.append(site_folder.new_staging(site.parent))  # the engine's input, removed at the end
            staging, stage = held[0][0], held[1][0]
            cache = cache or project.root / COMPRESSED_CACHE
            with contextlib.ExitStack() as stack:
                stack.enter_context(compiled_kept(KeptTemplates(cache / COMPILED_TEMPLATES)))
                if slow is None:
                    slow = stack.enter_context(Alongside(cache))  # the pack renders meanwhile
                assemble(project, staging, stage, site_url, engine, slow, cache, require_complete)
            site_folder.finish(staging)
            if terminated:  # the exception was swallowed on its way up (by a library): stop here all the same
                raise BuildTerminated(terminated[0])
            with site_folder.parent_lock(site.parent):
                site_folder.check_site_folder(site, protected)  # again: it may have changed meanwhile
                site_folder.swap(staging, site)
                swapped = True
        except (BuildTerminated, UnsafeSiteFolder):
            raise
        except SystemExit as error:
            raise BuildFailed(f"the site engine stopped (see the error above; exit {error.code})") from None
        except Exception as error:
            raise BuildFailed(str(error) or type(error).__name__) from error
        finally:
            for number, (folder, lock) in enumerate(held):
                if number > 0 or not swapped:
                    shutil.rmtree(folder, ignore_errors=True)
                os.close(lock)
    return site


@contextlib.contextmanager
def _sigterm_raises():
    """In the main thread, turn SIGTERM into BuildTerminated (exit status 143) for the duration.
    Yields a list that holds the exit status once SIGTERM has arrived, so that the build can still
    stop before the swap if code it called caught the exception."""
    terminated: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield terminated
        return

    def terminate(signum, frame):
        terminated.append(128 + signum)
        raise BuildTerminated(128 + signum)

    def swallowed(unraisable) -> None:
        """The signal arrived in a weakref callback or a finaliser, whose exceptions Python prints and
        drops: send it again to the main thread a moment later, from a thread, so that it is raised in
        the build's own code once this hook has returned (in another such callback, this happens again);
        nothing printed. A real signal, so that it ends a wait the build is in."""
        if isinstance(unraisable.exc_value, BuildTerminated):
            again = threading.Timer(0.01, signal.pthread_kill, args=(threading.main_thread().ident, signal.SIGTERM))
            again.daemon = True
            with site_folder.signals_wait():  # a second SIGTERM raising mid-start would escape this hook
                again.start()
        else:
            hook(unraisable)

    previous, hook = signal.signal(signal.SIGTERM, terminate), sys.unraisablehook
    sys.unraisablehook = swallowed
    try:
        yield terminated
    finally:
        sys.unraisablehook = hook
        signal.signal(signal.SIGTERM, signal.SIG_DFL if previous is None else previous)
