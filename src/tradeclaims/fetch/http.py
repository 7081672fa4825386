"""Downloads: one requests Session with bounded timeouts and retries, and errors that fit on one line."""

from __future__ import annotations

import os
import socket
from urllib.parse import urljoin, urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from tradeclaims import __version__ as package_version
from tradeclaims.errors import TradeclaimsError, UsageError

CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 30.0
MAX_BYTES = 20_000_000  # a GACC page is 40 kB, an IMF answer for every partner a few MB
RETRY_STATUSES = (429, 500, 502, 503, 504)
USER_AGENT = f"tradeclaims/{package_version} (checks published trade figures against official statistics)"


class NetworkError(TradeclaimsError):
    """A publisher could not be reached or refused the request; the message names the host or the URL."""


def make_session() -> requests.Session:
    """A Session that retries twice, with backoff, on connection errors, 429 and 5xx."""
    # Retry-After is ignored: a server asking for an hour would otherwise hold the command for an hour.
    retry = Retry(total=2, backoff_factor=0.5, status_forcelist=RETRY_STATUSES, allowed_methods=frozenset({"GET"}),
                  raise_on_status=False, respect_retry_after_header=False)
    session = requests.Session()
    adapter = HTTPAdapter(max_retries=retry)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers["User-Agent"] = USER_AGENT
    return session


def base_url(connector: str, default: str) -> str:
    """The connector's base URL; TRADECLAIMS_<NAME>_URL overrides it (tests point it at an unused local port)."""
    return os.environ.get(f"TRADECLAIMS_{connector.upper()}_URL", default).rstrip("/")


def resolve(url: str, base: str) -> str:
    """A URL as given, or a path relative to the connector's base URL."""
    return url if urlsplit(url).scheme else urljoin(base + "/", url.lstrip("/"))


def download(url: str, session: requests.Session | None = None, params: dict | None = None,
             headers: dict | None = None) -> requests.Response:
    """GET a URL and return the response; any failure raises NetworkError with a one-line message."""
    session = session or make_session()
    try:
        response = session.get(url, params=params, headers=headers, timeout=(CONNECT_TIMEOUT, READ_TIMEOUT),
                               stream=True)
        if response.status_code < 400:
            read_bounded(response)
    except requests.Timeout:
        raise NetworkError(f"cannot reach {host_of(url)}: timed out") from None
    except requests.ConnectionError as error:
        raise NetworkError(f"cannot reach {host_of(url)}: {connection_reason(error)}") from None
    except requests.RequestException as error:
        raise NetworkError(f"cannot download {url}: {type(error).__name__}") from None
    if response.status_code >= 400:
        raise NetworkError(f"HTTP {response.status_code} {response.reason or ''} from {response.url}".replace("  ", " "))
    return response


def too_large(what: str) -> NetworkError:
    return NetworkError(f"{what} is larger than {MAX_BYTES:,} bytes, the most a fetch reads; not a page of figures")


def read_bounded(response: requests.Response) -> None:
    """Read the body, at most MAX_BYTES (a larger one is refused before it fills the memory)."""
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > MAX_BYTES:
        raise too_large(f"the answer of {response.url}")
    if response.raw is None:  # a body given whole (a test's transport)
        body = response.content
    else:
        body = response.raw.read(MAX_BYTES + 1, decode_content=True)
    if len(body) > MAX_BYTES:
        response.close()
        raise too_large(f"the answer of {response.url}")
    response._content = body  # what response.content returns from now on


def host_of(url: str) -> str:
    parts = urlsplit(url)
    return parts.hostname or url


def connection_reason(error: BaseException) -> str:
    """Why a connection failed, in a few words, from the exception chain urllib3 wraps."""
    text = str(error).lower()
    seen: set[int] = set()
    stack: list[BaseException | None] = [error]
    while stack:
        current = stack.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, ConnectionRefusedError):
            return "connection refused"
        if isinstance(current, socket.gaierror):
            return "name not resolved"
        if isinstance(current, (TimeoutError, socket.timeout)):
            return "timed out"
        stack.extend([current.__cause__, current.__context__, *[a for a in current.args if isinstance(a, BaseException)]])
        reason = getattr(current, "reason", None)
        if isinstance(reason, BaseException):
            stack.append(reason)
    if "refused" in text:
        return "connection refused"
    if "name or service not known" in text or "nodename nor servname" in text or "resolve" in text:
        return "name not resolved"
    if "timed out" in text:
        return "timed out"
    return "connection failed"


class PageConnector:
    """A connector that reads one page: the one at --url, or a saved copy given with --file."""

    name = publisher = default_url = url_hint = ""

    def location(self, request) -> str:
        if not request.url:
            raise UsageError(self.url_hint)
        return resolve(request.url, base_url(self.name, self.default_url))

    def plan(self, request) -> list[str]:
        return [f"read {request.file}"] if request.file else [f"download {self.location(request)}"]

    def read(self, request, session: requests.Session | None = None) -> tuple[bytes, str]:
        """The page's bytes and the URL to record as its origin."""
        if request.file:
            return request.file.read_bytes(), request.url or base_url(self.name, self.default_url)
        response = download(self.location(request), session)
        return response.content, response.url

