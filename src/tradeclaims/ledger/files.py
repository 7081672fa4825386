"""Files: hashes, and writes that never leave a half-written file (write beside the target, then rename over it).

A written file gets the permissions any new file of the user gets (0644 under the usual umask 022), not the
0600 of the temporary file it starts as, so reports can be served from a shared folder or a web server.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tradeclaims.errors import UsageError, shown

LOCK_WAIT = "TRADECLAIMS_LOCK_WAIT"


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def json_hash(value) -> str:
    """The sha256 of a JSON value, keys sorted (what is not JSON is written as its str)."""
    return sha256_bytes(json.dumps(value, sort_keys=True, default=str).encode())


def nesting_depth(value) -> int:
    """How deep a parsed JSON value nests (a scalar is 0), walked without recursion: what a reader checks before it
    compares or prints a document that may nest too deep for Python's own recursion."""
    deepest, pending = 0, [(value, 0)]
    while pending:
        node, level = pending.pop()
        if isinstance(node, dict | list):
            deepest = max(deepest, level + 1)
            pending.extend((item, level + 1) for item in (node.values() if isinstance(node, dict) else node))
    return deepest


def unwritable_text(value) -> str | None:
    """The first string (a key or a value) of a parsed JSON value that cannot be written as UTF-8, shown escaped; None
    when every one can. JSON's \\u escapes let a document hold a lone surrogate ('\\ud800'), which json.loads returns
    as a str that every later write, print or page fails on: a reader refuses it where it reads it."""
    pending = [value]
    while pending:
        node = pending.pop()
        if isinstance(node, dict):
            pending.extend(node.keys())
            pending.extend(node.values())
        elif isinstance(node, list):
            pending.extend(node)
        elif isinstance(node, str):
            try:
                node.encode("utf-8")
            except UnicodeEncodeError:
                return ascii(node if len(node) <= 40 else node[:37] + "...")
    return None


def sha256_file(path: Path) -> str:
    return sha256_bytes(Path(path).read_bytes())


def current_umask() -> int:
    """The process's umask, read without changing it where the system allows (Linux's /proc)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)  # elsewhere: set and restore at once
    os.umask(mask)
    return mask


def write_bytes(path: Path, content: bytes) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(handle, 0o666 & ~current_umask())
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_text(path: Path, text: str) -> None:
    write_bytes(path, text.encode("utf-8"))


def lock_wait() -> float:
    """Seconds to wait for a lock another command holds: $TRADECLAIMS_LOCK_WAIT, default 600."""
    text = os.environ.get(LOCK_WAIT, "600")
    try:
        seconds = float(text)
    except ValueError:
        seconds = math.nan
    if not 0 <= seconds <= 86400:  # also refuses nan
        raise UsageError(f"{LOCK_WAIT}={shown(text)} is not allowed: seconds from 0 to 86400")
    return seconds


@contextmanager
def holding(lock_file: Path, busy: str, cannot: str) -> Iterator[None]:
    """Hold a lock file (filelock: released when the process ends, however it ends); wait up to lock_wait()
    seconds for another holder, then raise UsageError(busy). A lock that cannot be created raises UsageError(cannot)."""
    from filelock import FileLock, Timeout

    lock = FileLock(str(lock_file))
    try:
        lock.acquire(timeout=lock_wait())
    except Timeout:
        raise UsageError(busy) from None
    except OSError as error:
        raise UsageError(f"{cannot} ({error.strerror or error})") from None
    try:
        yield
    finally:
        lock.release()
