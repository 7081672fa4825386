"""tradeclaims: run, list and validate the claims of the project in the current folder.

Exit status: 0 every claim ran; 1 a notebook failed; 2 bad usage or invalid data (nothing ran).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from tradeclaims.errors import DataError, TradeclaimsError, UsageError
from tradeclaims.fetch.cli import add_parser as add_fetch_parser
from tradeclaims.project import Project


class Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, exit 2, as for every usage error
        self.exit(2, f"tradeclaims: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="tradeclaims", description=__doc__.splitlines()[0])
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=Parser)

    run = commands.add_parser("run", help="execute claims and write their reports")
    run.add_argument("claims", nargs="*", metavar="CLAIM_ID")
    run.add_argument("-p", "--parameter", nargs=2, action="append", default=[], metavar=("NAME", "VALUE"))
    run.add_argument("--out", type=Path, default=Path("reports"))
    add_execution_options(run)

    sweep = commands.add_parser("sweep", help="run one claim over a grid of parameter values; write one table")
    sweep.add_argument("claim", nargs="?", metavar="CLAIM_ID", help="may come from the grid file instead")
    sweep.add_argument("-p", "--parameter", nargs=2, action="append", default=[], metavar=("NAME", "VALUES"),
                       help="comma-separated values; a month range 2025-01..2025-11 means every month in it")
    sweep.add_argument("--grid", type=Path, help="YAML file: claim: ID, parameters: {NAME: [values]}")
    sweep.add_argument("--out", type=Path, help="folder for the table and runs (default reports/sweeps/CLAIM_ID)")
    add_execution_options(sweep)

    add_fetch_parser(commands)
    listing = commands.add_parser("list", help="list the claims")
    listing.add_argument("--parameters", action="store_true", help="also each claim's parameters: type, default, help")
    validate = commands.add_parser("validate", help="check data/ and report every problem")
    validate.add_argument("--update-hashes", action="store_true", help="write current sha256 into the descriptor")
    return parser


def add_execution_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1)
    command.add_argument("--force", action="store_true", help="ignore the cache")
    command.add_argument("--timeout", type=float, default=300.0, help="seconds a cell may run (default 300)")
    command.add_argument("--executor", choices=["local", "dask"], default="local")
    command.add_argument("--scheduler", help="Dask scheduler address (with --executor dask)")
    command.add_argument("--quiet", action="store_true")
    command.add_argument("--fresh-kernels", action="store_true",
                         help="start a kernel for every execution instead of reusing each worker's (slower)")


def check_execution_options(args) -> None:
    if args.jobs < 1:
        raise UsageError(f"--jobs must be at least 1, not {args.jobs}")
    if args.timeout <= 0:
        raise UsageError(f"--timeout must be positive, not {args.timeout}")


def command_list(project: Project, with_parameters: bool = False) -> int:
    from tradeclaims.checks.registry import load_registry

    for claim in load_registry(project.claims_file).values():
        print(f"{claim.id:22} {claim.notebook:38} {claim.title}")
        for spec in claim.parameters.values() if with_parameters else ():
            print(f"    -p {spec.name} ({spec.type}, default {spec.default}){': ' + spec.help if spec.help else ''}")
    return 0


def command_validate(project: Project, update_hashes: bool) -> int:
    from tradeclaims.ledger.validation import fetched_problems, find_problems
    from tradeclaims.ledger.validation import update_hashes as rehash

    if update_hashes:
        changed = rehash(project.data_dir)
        print(f"hashes updated: {', '.join(changed) or 'none changed'}")
    problems = find_problems(project.data_dir) + fetched_problems(project.data_dir)
    for problem in problems:
        print(problem)
    if problems:
        print(f"tradeclaims: {len(problems)} problem(s) in data/", file=sys.stderr)
        return 2
    print("data/ is valid")
    return 0


def submitter_for(args):
    if args.executor == "dask":
        from tradeclaims.run.cluster import dask_submitter

        if not args.scheduler:
            raise UsageError("--executor dask needs --scheduler ADDRESS")
        return dask_submitter(args.scheduler)
    return None


def command_run(project: Project, args) -> int:
    from tradeclaims.run.progress import Progress
    from tradeclaims.run.runner import run

    check_execution_options(args)
    started = time.perf_counter()
    progress = Progress(quiet=args.quiet)
    summary = run(project, args.claims, dict(args.parameter), args.out.resolve(), args.jobs,
                  force=args.force, timeout=args.timeout, submitter=submitter_for(args),
                  progress=progress.done, on_plan=progress.start, warm_kernels=not args.fresh_kernels)
    progress.close()
    total = len(summary.results["claims"])
    print(f"{len(summary.executed)} executed, {len(summary.cached)} from cache, {len(summary.failed)} failed "
          f"of {total} claims in {time.perf_counter() - started:.1f}s; open {args.out / 'index.html'}")
    for claim_id in summary.failed:
        entry = next(e for e in summary.results["claims"] if e["id"] == claim_id)
        print(f"FAILED {claim_id}: {entry.get('error')} (see {args.out / entry['report']})", file=sys.stderr)
    return summary.exit_status


def command_sweep(project: Project, args) -> int:
    from tradeclaims.run.progress import Progress
    from tradeclaims.run.sweep import build_grid, sweep

    check_execution_options(args)
    grid_claim, grid = build_grid(args.parameter, args.grid)
    claim_id = args.claim or grid_claim
    if not claim_id:
        raise UsageError("name the claim to sweep: tradeclaims sweep CLAIM_ID -p NAME V1,V2")
    out_dir = (args.out or Path("reports") / "sweeps" / claim_id).resolve()
    started = time.perf_counter()
    progress = Progress(quiet=args.quiet, noun="combination")
    summary = sweep(project, claim_id, grid, out_dir, args.jobs, force=args.force, timeout=args.timeout,
                    submitter=submitter_for(args), progress=progress.done, on_plan=progress.start,
                    warm_kernels=not args.fresh_kernels)
    progress.close()
    print(f"{len(summary.executed)} executed, {len(summary.cached)} from cache, {len(summary.failed)} failed "
          f"of {len(summary.entries)} combinations in {time.perf_counter() - started:.1f}s; "
          f"table {out_dir / 'sweep.csv'}, page {out_dir / 'index.html'}")
    for entry in summary.failed:
        print(f"FAILED {entry['parameters']}: {entry.get('error')} (see {out_dir / entry['report']})",
              file=sys.stderr)
    return summary.exit_status


def skip_slow_optional_imports() -> None:
    """jsonschema (via nbformat) imports rfc3987_syntax when it is installed, which builds a grammar for 1.6 s.

    Nothing here validates IRIs, so the driver process declines that optional module; jsonschema then
    leaves out its 'iri' format checks. Kernels and other programs are not affected.
    """
    sys.modules.setdefault("rfc3987_syntax", None)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    skip_slow_optional_imports()
    project = Project.here()
    try:
        if args.command == "list":
            return command_list(project, args.parameters)
        if args.command == "validate":
            return command_validate(project, args.update_hashes)
        if args.command == "fetch":
            from tradeclaims.fetch.cli import command_fetch

            return command_fetch(project, args)
        if args.command == "sweep":
            return command_sweep(project, args)
        return command_run(project, args)
    except DataError as error:
        for problem in error.problems if len(error.problems) > 1 else ():
            print(problem, file=sys.stderr)
        print(f"tradeclaims: error: data/ is invalid: {error}", file=sys.stderr)
        if args.debug:
            raise
        return 2
    except TradeclaimsError as error:
        if args.debug:
            raise
        print(f"tradeclaims: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("tradeclaims: interrupted; reports written so far are complete", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
