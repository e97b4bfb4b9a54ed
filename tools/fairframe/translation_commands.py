"""`fairframe translations status | export | import`: the translations of the edition chosen with
--source, for publishers (status) and translators (a PO file out and back in)."""
from __future__ import annotations

import sys

from .project import Project
from .translation_files import export_po, import_po
from .translations import LANGUAGES, STATES, load_entries, status_rows, write_entries
from .website.languages import entries as entries_of


def run(args, project: Project) -> int:
    framework, source = project.framework, project.source
    if args.action == "status":
        languages = [args.lang] if args.lang else list(LANGUAGES)
        print(f"Translations of edition {framework.edition.id} ({len(framework_texts(project))} texts):")
        print(f"{'language':12}" + "".join(f"{state:>14}" for state in STATES))
        for lang in languages:
            counts = status_rows(framework, entries_of(project, lang))  # with --overlay, the overlay's text too
            print(f"{lang + ' ' + LANGUAGES.get(lang, ''):12}" + "".join(f"{counts[state]:>14}" for state in STATES))
        return 0
    if project.overlay is not None:
        print("error: an overlay keeps its own translations in the overlay file; export and import work on the "
              "edition's translations: leave out --overlay", file=sys.stderr)
        return 1
    if args.action == "export":
        if not args.lang:
            print("error: export needs --lang, e.g. --lang cy", file=sys.stderr)
            return 1
        text = export_po(framework, load_entries(source, args.lang, framework, project.root), args.lang)
        if args.output is None:
            sys.stdout.write(text)
        elif args.output.exists():
            print(f"error: {args.output} exists: give a new file name. Nothing was written.", file=sys.stderr)
            return 1
        else:
            args.output.write_text(text, encoding="utf-8")
            print(f"Wrote {args.output}: {len(framework_texts(project))} texts of edition {framework.edition.id}.")
        return 0
    if args.file is None:
        print("error: import needs the PO file to read", file=sys.stderr)
        return 1
    lang, _ = import_po(args.file, framework, {})  # the language first, from the file's header
    before = load_entries(source, lang, framework, project.root)
    lang, entries = import_po(args.file, framework, before)
    changed = sum(1 for key, entry in entries.items() if before.get(key) != entry)
    write_entries(source, lang, framework, entries, project.root)
    counts = status_rows(framework, entries)
    print(f"Imported {args.file}: {changed} translation(s) changed. " +
          ", ".join(f"{counts[state]} {state}" for state in STATES) + ".")
    return 0


def framework_texts(project: Project) -> dict:
    from .core.text_keys import text_entries
    return text_entries(project.framework)


def stale_translations(root, old, new) -> str:
    """For `fairframe diff`: the translations of the old edition that the new one makes stale (their
    English changed), by language."""
    from .core.text_keys import text_entries
    from .editions import edition_roots
    from .translations import load_entries, store_folder

    folder = edition_roots(root).get(old.edition.id)
    before, after = text_entries(old), text_entries(new)
    lines = []
    for lang, name in LANGUAGES.items():
        if folder is None or not store_folder(folder, lang).is_dir():
            continue
        entries = load_entries(folder, lang, old, root)
        stale = [key for key in after if key in entries and key in before and before[key] != after[key]]
        new_texts = [key for key in after if key not in before]
        lines.append(f"\nTranslations ({name}, {lang}): {len(stale)} made stale by edition {new.edition.id} "
                     f"(their English changed), {len(new_texts)} new text(s) to translate.")
        lines += [f"  stale: {key}" for key in stale]
    return "\n".join(lines) + ("\n" if lines else "")
