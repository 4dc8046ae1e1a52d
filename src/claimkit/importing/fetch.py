"""Fetching one http(s) page for `claimkit import`: a timeout, a size cap, http(s) redirects only."""

from __future__ import annotations

import codecs
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import Message
from urllib.parse import urljoin

from claimkit import __version__
from claimkit.claimreview.read import http_url
from claimkit.core.diagnostics import Diagnostic
from claimkit.core.limits import MAX_IMPORT_BYTES

TIMEOUT = 20.0  # seconds without an answer before giving up
MAX_REDIRECTS = 5
USER_AGENT = f"claimkit/{__version__} (+import of ClaimReview markup)"
ACCEPT = "application/ld+json, application/json;q=0.9, text/html;q=0.8, */*;q=0.1"


class FetchError(Exception):
    """A URL could not be read; carries the diagnostic to report."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


@dataclass(frozen=True)
class Fetched:
    """What a URL gave: the address it ended at, its text, and whether that text is HTML."""

    url: str
    text: str
    is_html: bool


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follow at most MAX_REDIRECTS redirects, and only to http(s) URLs."""

    max_redirections = MAX_REDIRECTS

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: object,
        code: int,
        msg: str,
        headers: Message,
        newurl: str,
    ) -> urllib.request.Request | None:
        target = urljoin(req.full_url, newurl)
        if http_url(target) is None:
            raise urllib.error.URLError(f"a redirect leads to {target!r}, which is not http(s)")
        return super().redirect_request(req, fp, code, msg, headers, target)  # type: ignore[arg-type]


def _opener() -> urllib.request.OpenerDirector:
    # The standard handlers, so the environment's proxy settings apply. The first URL is checked
    # to be http(s) before this is used, and every redirect by _HttpOnlyRedirects.
    return urllib.request.build_opener(_HttpOnlyRedirects())


def _fail(url: str, message: str) -> FetchError:
    return FetchError(Diagnostic.make(url, None, "fetch-failed", message))


def _charset(headers: Message) -> str:
    charset = headers.get_content_charset() or "utf-8"
    try:
        return codecs.lookup(charset).name
    except LookupError:
        return "utf-8"


def fetch(url: str, *, timeout: float = TIMEOUT, max_bytes: int = MAX_IMPORT_BYTES) -> Fetched:
    """GET `url` and return its text; FetchError (with a coded diagnostic) on any failure."""
    if http_url(url) is None:
        raise _fail(url, "only absolute http:// and https:// URLs can be imported")
    asked = {"User-Agent": USER_AGENT, "Accept": ACCEPT}
    request = urllib.request.Request(url, headers=asked)  # noqa: S310 - http(s) checked above
    try:
        with _opener().open(request, timeout=timeout) as response:
            final = response.geturl()
            headers = response.headers
            declared = headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise _fail(
                    url, f"the page is over {max_bytes:,} bytes; raise the limit with --max-size"
                )
            raw = response.read(max_bytes + 1)
    except FetchError:
        raise
    except urllib.error.HTTPError as exc:
        raise _fail(url, f"the server answered {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, (TimeoutError, socket.timeout)):
            raise _fail(url, f"no answer within {timeout:g} s") from None
        raise _fail(url, f"cannot fetch it: {reason}") from None
    except TimeoutError:
        raise _fail(url, f"no answer within {timeout:g} s") from None
    except (OSError, ValueError) as exc:
        raise _fail(url, f"cannot fetch it: {exc}") from None
    if len(raw) > max_bytes:
        raise _fail(url, f"the page is over {max_bytes:,} bytes; raise the limit with --max-size")
    try:
        text = raw.decode(_charset(headers))
    except UnicodeDecodeError:
        raise _fail(url, f"the page is not valid {_charset(headers)} text") from None
    media_type = (headers.get_content_type() or "").lower()
    if media_type in ("application/ld+json", "application/json"):
        is_html = False
    elif media_type in ("text/html", "application/xhtml+xml"):
        is_html = True
    else:
        is_html = not text.lstrip().startswith(("{", "["))
    return Fetched(final, text.removeprefix("\ufeff"), is_html)
