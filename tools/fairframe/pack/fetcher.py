"""WeasyPrint's URL fetcher for the learning pack: it serves the build's own resources and nothing else.

The only resource the pack loads is the organisation's logo, which the overlay check has validated;
it is served at LOGO_URL. Every other address (file:, http:, https:, data:, a link with
rel="attachment") is refused: WeasyPrint stops, and the build fails naming the address and the
source fields that hold it, so no local file or network resource can end up in, or be reached by,
a published PDF.
"""
from __future__ import annotations

import dataclasses
import ssl

from weasyprint.urls import URLFetcher, URLFetcherResponse

from . import LOGO_URL

LOGO_TYPES = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}


class ResourceRefused(ValueError):
    """The pack asked for an address outside the build."""


class BuildResources(URLFetcher):
    def __init__(self, logo: bytes | None):
        # It never connects (fetch below), so its HTTPS handler gets a context that trusts no
        # certificate: cheap to make, where the default context loads the system's (0.05 s a render).
        super().__init__(fail_on_errors=True, allow_redirects=False, allowed_protocols=(),
                         ssl_context=ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT))
        self._logo = logo
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        if url == LOGO_URL and self._logo:
            mime = next((kind for magic, kind in LOGO_TYPES.items() if self._logo.startswith(magic)), None)
            if mime is not None:
                return URLFetcherResponse(url, self._logo, {"Content-Type": mime})
        self.refused.append(url)
        raise ResourceRefused(f"refused to fetch {url[:80]!r}")


def resources(logo: bytes | None) -> BuildResources:
    return BuildResources(logo)


def refuse_if_any(fetcher: BuildResources, framework) -> None:
    """Raise ResourceRefused naming every refused address and the source fields that mention it."""
    if not fetcher.refused:
        return
    lines = []
    for url in dict.fromkeys(fetcher.refused):
        fields = ", ".join(_fields_holding(framework, url)) or "no source field"
        lines.append(f"{url[:80]!r} (in {fields})")
    raise ResourceRefused("the learning pack may only embed the organisation's logo; refused "
                          + "; ".join(lines))


def _fields_holding(value, url: str, path: str = "") -> list[str]:
    """Paths of the text fields of the model that contain `url` (e.g. organisation.name)."""
    if isinstance(value, str):
        return [path] if url in value or url.split("//")[-1] in value else []
    if dataclasses.is_dataclass(value):
        return [p for f in dataclasses.fields(value)
                for p in _fields_holding(getattr(value, f.name), url, f"{path}.{f.name}".lstrip("."))]
    if isinstance(value, tuple):
        return [p for i, item in enumerate(value) for p in _fields_holding(item, url, f"{path}[{i}]")]
    return []
