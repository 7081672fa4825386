"""`tradeclaims fetch SOURCE`: download figures from an official publisher, parse them, store them with provenance."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path

from tradeclaims.errors import UsageError
from tradeclaims.fetch import CONNECTORS
from tradeclaims.ledger.periods import MONTH_RE


def month_argument(text: str) -> str:
    if not MONTH_RE.match(text):
        raise argparse.ArgumentTypeError(f"not a month (YYYY-MM): {text!r}")
    return text


def add_parser(commands) -> argparse.ArgumentParser:
    """Add the `fetch` subcommand to an argparse subparsers object and return its parser."""
    fetch = commands.add_parser("fetch", help="download official figures into data/fetched, with provenance")
    fetch.add_argument("source", choices=list(CONNECTORS), metavar="SOURCE", help=f"one of {', '.join(CONNECTORS)}")
    fetch.add_argument("--start", type=month_argument, metavar="YYYY-MM", help="first month (imf, census)")
    fetch.add_argument("--end", type=month_argument, metavar="YYYY-MM", help="last month (default: the latest)")
    fetch.add_argument("--url", help="page to download (gacc, india), or the address a --file was saved from")
    fetch.add_argument("--file", type=Path, help="read a saved response or page instead of downloading")
    fetch.add_argument("--data-dir", type=Path, default=Path("data"), help="data folder (default: data)")
    fetch.add_argument("--dry-run", action="store_true", help="print what would be fetched; download and write nothing")
    return fetch


def fetch_request(args):
    from tradeclaims.fetch.common import FetchRequest
    from tradeclaims.fetch.http import MAX_BYTES, fetch_deadline, too_large

    if args.start and args.end and args.end < args.start:
        raise UsageError(f"--end {args.end} is before --start {args.start}")
    if args.file is not None and not args.file.is_file():
        raise UsageError(f"--file {args.file} is not a file")
    if args.file is not None and args.file.stat().st_size > MAX_BYTES:
        raise too_large(f"--file {args.file}")
    if args.file is None:
        fetch_deadline()  # a limit that is no number of seconds is refused before anything is downloaded
    return FetchRequest(start=args.start, end=args.end, url=args.url, file=args.file)


def command_fetch(project, args) -> int:
    """Run `tradeclaims fetch`: one summary line per raw file stored or found unchanged. Returns 0."""
    from tradeclaims.fetch.http import one_deadline
    from tradeclaims.fetch.store import store_batch

    data_dir = args.data_dir if args.data_dir.is_absolute() else project.root / args.data_dir
    if not data_dir.is_dir():
        raise UsageError(f"no data folder at {data_dir}")
    request = fetch_request(args)
    connector = CONNECTORS[args.source]
    if args.dry_run:
        for step in connector.plan(request):
            print(f"would {step}")
        folder = data_dir / "fetched" / args.source / f"{datetime.now(UTC):%Y-%m-%d}"
        print(f"would store under {shown(folder, project.root)}/ unless the bytes are already stored")
        return 0
    stored: list = []  # filled as the files are written: what a stop (Ctrl-C, SIGTERM) says was stored
    try:
        with one_deadline():  # one limit for all the downloads (census makes two)
            batch = connector.fetch(request)
        store_batch(data_dir, batch, into=stored)
        for each in stored:
            print(summary(each, data_dir, project.root))
        for parsed in batch.files:
            if parsed.unread:  # figures were stored: a series left out is said, not refused
                print(f"tradeclaims: note: {parsed.unread}", file=sys.stderr)
    except KeyboardInterrupt as stop:
        stop.add_note(left_when_stopped(stored, data_dir, project.root))
        raise
    return 0


def left_when_stopped(stored: list, data_dir: Path, root: Path) -> str:
    """What a fetch stopped by Ctrl-C or SIGTERM leaves in data/fetched: nothing, or every file it fetched."""
    new = [each for each in stored if not each.unchanged]
    if not stored:
        return "nothing was stored in data/fetched"
    if not new:
        return "nothing new was stored: the files fetched were in data/fetched already"
    return ("stored before it stopped: " + ", ".join(shown(data_dir / each.path, root) for each in new)
            + f" ({sum(each.observations for each in new):,} observations)")


def summary(stored, data_dir: Path, root: Path) -> str:
    state = "unchanged:" if stored.unchanged else "stored"
    return (f"{state} {shown(data_dir / stored.path, root)} ({size(stored.bytes)}, sha256 {stored.sha256[:12]}…), "
            f"{stored.observations:,} observations")


def shown(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def size(count: int) -> str:
    if count < 1000:
        return f"{count} B"
    if count < 1_000_000:
        return f"{count / 1000:.1f} kB"
    return f"{count / 1_000_000:.1f} MB"
