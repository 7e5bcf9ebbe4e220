"""HTTP client for foreign OParl 1.0/1.1 servers (ALLRIS, SessionNet, Sternberg ...).

It tolerates the known vendor faults with a logged warning instead of failing:
- 404 for a list page that should be empty -> treated as an empty page;
- control characters in JSON -> removed before parsing;
- a raw TAB or line break inside a JSON string (invalid JSON) -> parsed leniently, with a warning;
- an object where an array is expected -> wrapped in a list (see `as_list`);
- a missing `type` -> filled in by the caller from the context.
Temporary errors (timeouts, 5xx, 429) are retried and then raised as TemporaryError, so that an
importer never mistakes an outage for a deletion."""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Iterator

import httpx

log = logging.getLogger(__name__)

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class TemporaryError(Exception):
    """The server did not answer properly now; try again later."""


class PermanentError(Exception):
    """The server answered with something we cannot use."""


def as_list(value) -> list:
    if value is None:
        return []
    if isinstance(value, list):
        return value
    log.warning("oparl.vendor_fault.object_instead_of_array")
    return [value]


class OParlClient:
    def __init__(
        self,
        *,
        transport: httpx.BaseTransport | None = None,
        retries: int = 3,
        timeout: float = 30.0,
        backoff: float = 1.0,
    ):
        self.http = httpx.Client(
            transport=transport,
            timeout=timeout,
            follow_redirects=True,
            headers={"User-Agent": "Modellkommune-OParl-Importer/1.0"},
        )
        self.retries = retries
        self.backoff = backoff

    def _request(self, url: str) -> httpx.Response:
        last_error: Exception | None = None
        for attempt in range(self.retries):
            try:
                response = self.http.get(url)
            except httpx.TransportError as exc:
                last_error = exc
            else:
                if response.status_code < 500 and response.status_code != 429:
                    return response
                last_error = PermanentError(f"HTTP {response.status_code}")
            time.sleep(self.backoff * (2**attempt))
        raise TemporaryError(f"{url}: {last_error}")

    def get_json(self, url: str, *, list_page: bool = False) -> dict | None:
        response = self._request(url)
        if response.status_code == 404:
            if list_page:
                log.warning("oparl.vendor_fault.404_for_empty_list url=%s", url)
                return {"data": [], "links": {}}
            return None
        if response.status_code == 410:
            return None
        if response.status_code >= 400:
            raise PermanentError(f"{url}: HTTP {response.status_code}")
        text = response.text
        if _CONTROL.search(text):
            log.warning("oparl.vendor_fault.control_characters url=%s", url)
            text = _CONTROL.sub("", text)
        try:
            return json.loads(text)
        except json.JSONDecodeError:
            pass
        try:
            # Some servers put raw TABs and line breaks into strings. Refusing the page would stop
            # every resumed import at the same page for good; the content itself is fine.
            data = json.loads(text, strict=False)
        except json.JSONDecodeError as exc:
            raise PermanentError(f"{url}: invalid JSON ({exc})") from exc
        log.warning("oparl.vendor_fault.raw_control_character_in_string url=%s", url)
        return data

    def iter_list(self, url: str) -> Iterator[tuple[list[dict], str | None]]:
        """Yield (objects of one page, URL of the next page) following `links.next`."""
        next_url: str | None = url
        seen: set[str] = set()
        while next_url and next_url not in seen:
            seen.add(next_url)
            page = self.get_json(next_url, list_page=True) or {"data": []}
            links = page.get("links") or {}
            following = links.get("next") or page.get("next_page")  # OParl 1.0 used next_page
            yield as_list(page.get("data")), following
            next_url = following

    def download(self, url: str, *, max_bytes: int) -> bytes | None:
        """Download a file; None if it is larger than max_bytes (the importer keeps the link only)."""
        with self.http.stream("GET", url) as response:
            if response.status_code >= 500:
                raise TemporaryError(f"{url}: HTTP {response.status_code}")
            if response.status_code >= 400:
                return None
            declared = int(response.headers.get("Content-Length") or 0)
            if declared > max_bytes:
                return None
            chunks, size = [], 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > max_bytes:
                    return None
                chunks.append(chunk)
            return b"".join(chunks)
