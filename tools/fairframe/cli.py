"""The command line: `fairframe validate | build | serve` (also `python -m fairframe`)."""
from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from .build import BuildFailed, build_site
from .core.problems import SourceError

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def _find_root(start: Path) -> Path:
    for folder in (start, *start.parents):
        if (folder / "mkdocs.yml").is_file() and (folder / "framework").is_dir():
            return folder
    raise SystemExit(f"error: no project found at or above {start} (looked for mkdocs.yml and framework/)")


def _validate(args) -> int:
    from .source import load_framework

    framework = load_framework(args.root)
    print(f"The source is valid: edition {framework.edition.id}, {len(framework.principles)} principles, "
          f"{len(framework.questions)} questions, {len(framework.case_studies)} case studies.")
    return 0


def _build(args) -> int:
    site = build_site(args.root, args.site_dir or args.root / "site")
    print(f"Built the site in {site}")
    return 0


def _serve(args) -> int:
    from mkdocs.commands.serve import serve

    from .source import SOURCE_DIRS, load_framework

    load_framework(args.root)  # fail fast with every problem listed
    watch = [str(args.root / d) for d in SOURCE_DIRS if (args.root / d).is_dir()]
    serve(config_file=str(args.root / "mkdocs.yml"), livereload=True, watch=watch,
          dev_addr=f"127.0.0.1:{args.port}", strict=False)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="fairframe", description=__doc__)
    parser.add_argument("--root", type=Path, default=None, help="project folder (default: found from here)")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("validate", help="check the YAML source and print every problem")
    build = commands.add_parser("build", help="validate, then build the whole site")
    build.add_argument("--site-dir", type=Path, default=None, help="output folder (default: site/)")
    serve = commands.add_parser("serve", help="build and serve on 127.0.0.1, rebuilding on changes")
    serve.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    args.root = (args.root or _find_root(Path.cwd())).resolve()
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    logging.getLogger("mkdocs").setLevel(logging.INFO if args.command == "serve" else logging.WARNING)
    logging.getLogger("mkdocs.plugins.mkdocs_macros").setLevel(logging.WARNING)
    try:
        return {"validate": _validate, "build": _build, "serve": _serve}[args.command](args)
    except SourceError as error:
        print(f"The source has {len(error.problems)} problem(s):", file=sys.stderr)
        print(error, file=sys.stderr)
        return 1
    except BuildFailed as error:
        print(f"The build failed, and the previous site was left as it was: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
