"""The form for use without a connection: a zip of the built form that runs from file://.

Opened by a double click, a page has an opaque origin: the browser refuses its ES modules, its
fetch() of sibling files and service workers, all of which the served form uses. Classic scripts,
data: URL workers and blob: URL modules still work, so the copy is made from the built site:

- the page is the built form page (complete/index.html), with its scripts and site links replaced
  and a Content-Security-Policy for file:// (PORTABLE_CSP);
- the form's own modules (form.js and what it imports) and worker.mjs are kept as text in the
  copy's boot.js, before its only code of its own (templates/portable/boot.js), which loads them
  from blob: URLs;
- the Pyodide core, the build's lock file (Pyodide's, naming the wheel and its sha256), the wheel
  of fairframe.core, the framework data and the Word framework are base64 in a classic script
  beside the page, which the worker serves to its own fetch(), checking the wheel's hash as the
  browser's fetch() does.

So the copy runs the same code, model and Word framework as the served form, and requests nothing.
Written with fixed entry times: two builds of the same site give the same zip.
"""
from __future__ import annotations

import base64
import datetime
import json
import re
from pathlib import Path, PurePosixPath
from urllib.parse import urljoin

from ..reproducible import Deflated, write_zip
from ..templating import render
from .compress import deflated_pieces
from .form import FORM_ASSETS, PYODIDE_FILES, STDLIB

FORM_PAGE_BUILT = "complete/index.html"
PAGE_NAME = "Complete the framework.html"
README_NAME = "How to use this copy.txt"
FILES_FOLDER = "form-files"
EMBEDDED_SCRIPT = "embedded.js"
PREFIX = "embedded:/"  # not a network scheme: a name that escaped the worker's fetch() would fail
LOADER_IMPORT = "../pyodide/pyodide.mjs"  # worker.mjs's import of Pyodide's loader
BOOT = Path(__file__).resolve().parent.parent / "templates" / "portable" / "boot.js"
# Nothing by default (no connections, images, fonts, frames). 'self': the page's classic scripts and
# stylesheet (file: URLs beside it); blob: the form's modules and Pyodide's, made from the embedded
# text; data: the worker (a module worker cannot start from a blob: URL on file://);
# 'wasm-unsafe-eval': Pyodide's WebAssembly.
PORTABLE_CSP = ("default-src 'none'; script-src 'self' blob: 'wasm-unsafe-eval'; style-src 'self'; "
                "worker-src data:; object-src 'none'; base-uri 'none'; form-action 'none'")


class PortableError(Exception):
    """The built form page or its files are not as the copy for use without a connection expects."""


def portable_uri(edition: str) -> str:
    return f"downloads/fairness-and-proportionality-form-{edition}.zip"


def folder_name(edition: str) -> str:
    return f"fairness-and-proportionality-form-{edition}"


def _one(pattern: str, text: str, what: str, flags: int = 0) -> re.Match:
    found = list(re.finditer(pattern, text, flags))
    if len(found) != 1:
        raise PortableError(f"the built form page has {len(found)} {what}, expected 1")
    return found[0]


def page_config(html: str) -> dict:
    found = _one(r'<script type="application/json" id="ff-config">(.*?)</script>', html, "form configurations", re.S)
    return json.loads(found.group(1))


def module_graph(assets: Path, main: str = "form.js") -> list[dict]:
    """The form's modules from `main`, each after the modules it imports: [{name, text, imports}]."""
    ordered: list[dict] = []
    visiting: set[str] = set()

    def visit(name: str) -> None:
        if any(entry["name"] == name for entry in ordered):
            return
        if name in visiting:
            raise PortableError(f"the form's modules import each other in a cycle ({name})")
        visiting.add(name)
        path = assets / name
        if not path.is_file():
            raise PortableError(f"the form's module {name} is missing from {assets}")
        text = path.read_text(encoding="utf-8")
        specifiers = re.findall(r'\b(?:from\s*|import\s*\(?\s*)"([^"]+)"', text)
        imports = []
        for specifier in specifiers:
            if not re.fullmatch(r"\./[\w-]+\.js", specifier) or f'from "{specifier}"' not in text:
                raise PortableError(f'{name} imports "{specifier}": the copy for use without a connection '
                                    f'can load only static imports of the form\'s own "./name.js" modules')
            imports.append(specifier[2:])
        for dependency in imports:
            visit(dependency)
        visiting.discard(name)
        ordered.append({"name": name, "text": text, "imports": sorted(set(imports))})

    visit(main)
    return ordered


def boot_script(code: dict) -> bytes:
    """The copy's classic loader (templates/portable/boot.js), after the form's code it loads."""
    data = json.dumps(code, ensure_ascii=False, sort_keys=True)
    return f"window.fairframePortableCode = {data};\n{BOOT.read_text(encoding='utf-8')}".encode()


def _attribute(tag: str, name: str) -> str:
    return re.search(rf'\b{name}="([^"]*)"', tag).group(1)


def _site_path(href: str, page: str = FORM_PAGE_BUILT) -> str:
    return str(PurePosixPath(urljoin(page, href)))


def portable_page(html: str, stylesheets: dict[str, str], site_url: str | None) -> str:
    """The built form page for file://: its CSP, stylesheets, scripts and site links replaced. The
    served form's boot.js becomes the copy's; every other script and link (preloads, the icon) goes."""
    head_end = html.index("</head>")
    head, body = html[:head_end], html[head_end:]
    csp = _one(r'<meta http-equiv="Content-Security-Policy" content="[^"]*">', head, "Content-Security-Policy metas")[0]
    head = head.replace(csp, csp.replace(_attribute(csp, "content"), PORTABLE_CSP))
    boot = _one(r'<script src="[^"]*assets/form/boot\.js"(?: defer)?></script>', head, "boot.js scripts")[0]
    head = head.replace(boot, f'<script src="{FILES_FOLDER}/boot.js"></script>')  # runs at once, as before
    head = re.sub(r'\s*<script\b(?![^>]*\bsrc="[^"]*/boot\.js")[^>]*\bsrc="[^"]*"[^>]*>\s*</script>', "", head)
    head = re.sub(r'\s*<link\b(?![^>]*\brel="stylesheet")[^>]*>', "", head)  # icons, preloads: files it lacks
    for href, name in stylesheets.items():
        head = head.replace(f'href="{href}"', f'href="{FILES_FOLDER}/{name}"')
    head = re.sub(r'(<html\b[^>]*\bdata-base=")[^"]*(")', r"\1.\2", head)

    def link(found: re.Match) -> str:
        href = found.group(2)
        if href.startswith("#") or re.match(r"[a-z][a-z0-9+.-]*:", href, re.I):
            return found.group(0)
        if site_url:  # the published site: a link the user follows, never a request the page makes
            return f'{found.group(1)}{urljoin(site_url.rstrip("/") + "/complete/", href)}{found.group(3)}'
        return found.group(4)  # no address to link to: the words stay, the link goes

    body = re.sub(r'(<a\b[^>]*\bhref=")([^"]*)("[^>]*>)(.*?)</a>', link, body, flags=re.S)
    return head + body


def portable_files(site_dir: Path, site_url: str | None, stdlib: Path | None = None,
                   cache: Path | None = None) -> dict[str, bytes | Deflated]:
    """The copy's files, by their path in the zip, from a built site. `stdlib`: the compiled standard
    library in a deflated zip (form.pyodide_stdlib), embedded in place of the site's stored one."""
    html = (site_dir / FORM_PAGE_BUILT).read_text(encoding="utf-8")
    config = page_config(html)
    edition = config["edition"]
    assets = site_dir / FORM_ASSETS
    worker = (assets / PurePosixPath(config["worker"]).name).read_text(encoding="utf-8")
    if f'from "{LOADER_IMPORT}"' not in worker:
        raise PortableError(f'worker.mjs no longer imports Pyodide from "{LOADER_IMPORT}": update {__name__}')
    code = {"prefix": PREFIX, "main": "form.js", "modules": module_graph(assets), "worker": worker,
            "loaderImport": LOADER_IMPORT, "filesFolder": FILES_FOLDER, "embedded": EMBEDDED_SCRIPT}
    head = html[: html.index("</head>")]
    stylesheets = {href: PurePosixPath(href).name
                   for href in re.findall(r'<link rel="stylesheet" href="([^"]+)"', head)}
    embedded_names = [config["pyodide"] + name for name in PYODIDE_FILES]
    embedded_names += [config["wheel"], config["framework"], config["history"], config["docx"]]
    # The stdlib zip the site serves is stored, for the server to compress (stdlib.py); the copy
    # embeds the same modules deflated in the zip, since nothing compresses them on the way.
    read = {config["pyodide"] + STDLIB: stdlib} if stdlib else {}
    embedded = {name: base64.b64encode((read.get(name) or site_dir / name).read_bytes())
                for name in embedded_names}
    folder = folder_name(edition)
    files = {f"{folder}/{PAGE_NAME}": portable_page(html, stylesheets, site_url).encode("utf-8"),
             f"{folder}/{README_NAME}": render("portable", "README.txt.j2", title=_title(html), edition=edition,
                                               page=PAGE_NAME, files_folder=FILES_FOLDER).encode("utf-8"),
             f"{folder}/{FILES_FOLDER}/boot.js": boot_script(code),
             f"{folder}/{FILES_FOLDER}/{EMBEDDED_SCRIPT}": deflated_pieces(_script_pieces(embedded), cache)}
    for href, name in stylesheets.items():
        files[f"{folder}/{FILES_FOLDER}/{name}"] = (site_dir / _site_path(href)).read_bytes()
    return files


def _script_pieces(embedded: dict[str, bytes]) -> list[bytes]:
    """`window.fairframePortable.files({...});` with the files' base64 (sorted by name, as
    json.dumps(sort_keys=True) writes it), in pieces: each file's base64 is one piece, so that the
    same file gives the same piece (and its deflated copy can be kept, compress.deflated_pieces)."""
    pieces, text = [], "window.fairframePortable.files({"
    for number, name in enumerate(sorted(embedded)):
        text += (", " if number else "") + json.dumps(name) + ': "'
        pieces += [text.encode("ascii"), embedded[name]]
        text = '"'
    return [*pieces, (text + "});\n").encode("ascii")]


def _title(html: str) -> str:
    found = re.search(r'<a class="ff-header__name"[^>]*>([^<]*)</a>', html)
    return found.group(1).strip() if found else "The fairness and proportionality framework"


def build_portable(site_dir: Path, when: datetime.datetime, site_url: str | None = None,
                   stdlib: Path | None = None, cache: Path | None = None) -> tuple[str, bytes]:
    """(uri in the site, zip bytes) of the copy for use without a connection of a built site."""
    files = portable_files(site_dir, site_url, stdlib, cache)
    edition = page_config((site_dir / FORM_PAGE_BUILT).read_text(encoding="utf-8"))["edition"]
    return portable_uri(edition), write_zip(files, when)


def write_portable(site_dir: Path, when: datetime.datetime, site_url: str | None = None,
                   stdlib: Path | None = None, cache: Path | None = None) -> Path:
    """`cache`: a folder keeping the deflated copies of Pyodide's embedded files between builds."""
    uri, data = build_portable(site_dir, when, site_url, stdlib, cache)
    target = site_dir / uri
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return target
