"""Downloads: one requests Session with bounded timeouts and retries, and errors that fit on one line."""

from __future__ import annotations

import math
import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from tradeclaims import __version__ as package_version
from tradeclaims.errors import TradeclaimsError, UsageError, shown

CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 30.0  # the longest wait for one read: a server sending a byte every few seconds is not stopped by it
DEADLINE = "TRADECLAIMS_FETCH_DEADLINE"  # the seconds all downloads of one fetch may take: connecting, retries, body
DEFAULT_DEADLINE = 300.0  # an IMF answer for every partner, a few MB, takes well under a minute
CHUNK = 65536
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


def fetch_deadline() -> float:
    """The seconds the downloads of one fetch may take in all: $TRADECLAIMS_FETCH_DEADLINE, default 300."""
    text = os.environ.get(DEADLINE, str(DEFAULT_DEADLINE))
    try:
        seconds = float(text)
    except ValueError:
        seconds = math.nan
    if not 0 < seconds <= 86400:  # also refuses nan
        raise UsageError(f"{DEADLINE}={shown(text)} is not allowed: seconds above 0, at most 86400")
    return seconds


@dataclass(frozen=True)
class Deadline:
    """When the downloads of one fetch must have ended (time.monotonic()), and the limit that set it."""

    seconds: float
    ends: float

    def left(self) -> float:
        return self.ends - time.monotonic()


# The deadline of the fetch under way: a command that downloads twice (census: imports, then exports) shares one limit.
CURRENT_DEADLINE: ContextVar[Deadline | None] = ContextVar("fetch_deadline", default=None)


@contextmanager
def one_deadline() -> Iterator[Deadline]:
    """Every download inside ends by one deadline, fetch_deadline() seconds from now."""
    seconds = fetch_deadline()
    token = CURRENT_DEADLINE.set(Deadline(seconds, time.monotonic() + seconds))
    try:
        yield CURRENT_DEADLINE.get()
    finally:
        CURRENT_DEADLINE.reset(token)


def current_deadline() -> Deadline:
    """The deadline of the fetch under way; for a download outside one, fetch_deadline() seconds from now."""
    deadline = CURRENT_DEADLINE.get()
    if deadline is None:
        seconds = fetch_deadline()
        deadline = Deadline(seconds, time.monotonic() + seconds)
    return deadline


@dataclass
class Download:
    """One GET, run in a thread of its own so that the caller can stop waiting for it at the deadline."""

    url: str
    session: requests.Session
    params: dict | None
    headers: dict | None
    given_up: threading.Event = field(default_factory=threading.Event)  # the caller stopped waiting
    response: requests.Response | None = None
    error: BaseException | None = None

    def run(self) -> None:
        try:
            self.response = get(self.url, self.session, self.params, self.headers, self.given_up)
        except BaseException as error:  # handed to the caller, who raises it
            self.error = error


def download(url: str, session: requests.Session | None = None, params: dict | None = None,
             headers: dict | None = None) -> requests.Response:
    """GET a URL and return the response; any failure raises NetworkError with a one-line message. The whole download
    (connecting, retries and their backoff, headers, body) ends by the fetch's deadline (one_deadline: all the
    downloads of one fetch within fetch_deadline() seconds): the timeouts bound each wait for the network, not their
    sum, which a server sending a byte a second would make endless."""
    deadline = current_deadline()
    if deadline.left() <= 0:
        raise out_of_time(url, deadline)
    # A thread that watches the clock is what urllib3's documentation advises for a limit in wall-clock time: a read
    # blocked on a socket cannot be interrupted from the thread doing it. The download's thread is a daemon: the
    # command ends at the deadline; the thread stops at the next bytes of the body, or at its read timeout.
    job = Download(url, session or make_session(), params, headers)
    worker = threading.Thread(target=job.run, name=f"download {host_of(url)}", daemon=True)
    worker.start()
    worker.join(max(deadline.left(), 0))
    if worker.is_alive():
        job.given_up.set()
        raise out_of_time(url, deadline)
    if job.error is not None:
        raise job.error
    assert job.response is not None
    return job.response


def out_of_time(url: str, deadline: Deadline) -> NetworkError:
    return NetworkError(f"cannot download {url}: no complete answer within {deadline.seconds:g} s (the limit "
                        f"{DEADLINE} sets for all the downloads of a fetch)")


def get(url: str, session: requests.Session, params: dict | None, headers: dict | None,
        given_up: threading.Event) -> requests.Response:
    try:
        response = session.get(url, params=params, headers=headers, timeout=(CONNECT_TIMEOUT, READ_TIMEOUT),
                               stream=True)
        if response.status_code < 400:
            read_bounded(response, given_up)
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


def read_bounded(response: requests.Response, given_up: threading.Event | None = None) -> None:
    """Read the body, at most MAX_BYTES (a larger one is refused before it fills the memory); a read after the caller
    has given up (`given_up`) stops it."""
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > MAX_BYTES:
        raise too_large(f"the answer of {response.url}")
    body = response.content if response.raw is None else read_body(response, given_up)  # None: a test's transport
    if len(body) > MAX_BYTES:
        response.close()
        raise too_large(f"the answer of {response.url}")
    response._content = body  # what response.content returns from now on


def read_body(response: requests.Response, given_up: threading.Event | None) -> bytes:
    """The body, up to one byte more than MAX_BYTES, read as it arrives (each read returns what one arrival brought)."""
    body = bytearray()
    while len(body) <= MAX_BYTES:
        if given_up is not None and given_up.is_set():
            response.close()
            raise NetworkError(f"{response.url}: given up at the deadline")
        chunk = response.raw.read1(min(CHUNK, MAX_BYTES + 1 - len(body)), decode_content=True)
        if not chunk:
            break
        body += chunk
    return bytes(body)


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

