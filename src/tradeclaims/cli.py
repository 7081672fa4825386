"""tradeclaims: run, list and validate the claims of the project in the current folder; compare two builds.

Exit status: 0 every claim ran; 1 a notebook failed; 2 bad usage, invalid data or a failure of the environment (a
full disk, a folder that cannot be written); 130 interrupted (Ctrl-C); 143 terminated (SIGTERM), with one line saying
what the command left.
"""

from __future__ import annotations

import argparse
import gc
import json
import re
import signal
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from tradeclaims.errors import SHOWN_LENGTH, DataError, TradeclaimsError, UsageError, shown
from tradeclaims.fetch.cli import add_parser as add_fetch_parser
from tradeclaims.project import OutputLayout, Project, shown_path

if TYPE_CHECKING:
    from tradeclaims.run.options import RunOptions
    from tradeclaims.run.progress import Progress


LONG_WORD = re.compile(rf"\S{{{SHOWN_LENGTH + 1},}}")
PARAMETER_FLAGS = ("-p", "--parameter")
MAX_TIMEOUT = 86400.0  # seconds a cell may run: a day
EXIT_INTERRUPTED, EXIT_TERMINATED = 130, 143  # 128 + SIGINT, 128 + SIGTERM, as shells report them


class Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, exit 2, as for every usage error; long words cut
        message = LONG_WORD.sub(lambda word: word[0][:SHOWN_LENGTH - 3] + "...", " ".join(message.split()))
        self.exit(2, f"tradeclaims: error: {message}\n")


def parameter_pair(text: str) -> tuple[str, str]:
    """NAME=VALUE -> (NAME, VALUE)."""
    name, separator, value = text.partition("=")
    if not separator or not name:
        raise argparse.ArgumentTypeError(f"expected NAME VALUE or NAME=VALUE, not {shown(text)}")
    return name, value


def joined_parameters(argv: list[str]) -> list[str]:
    """`-p NAME VALUE` and `-p NAME=VALUE` as one argument each (--parameter=NAME=VALUE), so that a VALUE may start
    with '-' (-1e1, -inf, -35) without being taken for an option."""
    joined, position = [], 0
    while position < len(argv):
        token = argv[position]
        if token == "--":
            return joined + argv[position:]
        if token not in PARAMETER_FLAGS:
            joined.append(token)
            position += 1
        elif position + 1 < len(argv) and "=" in argv[position + 1]:
            joined.append(f"--parameter={argv[position + 1]}")
            position += 2
        elif position + 2 < len(argv):
            joined.append(f"--parameter={argv[position + 1]}={argv[position + 2]}")
            position += 3
        else:
            joined.append(token)  # argparse says what is missing
            position += 1
    return joined


def unique_parameters(pairs: list[tuple[str, str]]) -> dict[str, str]:
    """-p options as a mapping; a name given twice is a usage error (not silently the last)."""
    values: dict[str, str] = {}
    for name, value in pairs:
        if name in values:
            raise UsageError(f"parameter {shown(name)} given twice ({shown(values[name])} and {shown(value)}); "
                             "give each parameter once")
        values[name] = value
    return values


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="tradeclaims", description=__doc__.splitlines()[0])
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=Parser)

    run = commands.add_parser("run", help="execute claims and write their reports")
    run.add_argument("claims", nargs="*", metavar="CLAIM_ID")
    run.add_argument("-p", "--parameter", type=parameter_pair, action="append", default=[], metavar="NAME VALUE",
                     help="a parameter's value (also -p NAME=VALUE); a run with any value other than the claim's "
                          "goes to OUT/runs/CLAIM_ID/, leaving the claim's report alone")
    run.add_argument("--out", type=Path, default=Path("reports"),
                     help="output folder (default reports): new, empty, or one tradeclaims wrote before")
    add_execution_options(run)

    sweep = commands.add_parser("sweep", help="run one claim over a grid of parameter values; write one table")
    sweep.add_argument("claim", nargs="?", metavar="CLAIM_ID", help="may come from the grid file instead")
    sweep.add_argument("-p", "--parameter", type=parameter_pair, action="append", default=[], metavar="NAME VALUES",
                       help="comma-separated values; a month range 2025-01..2025-11 means every month in it")
    sweep.add_argument("--grid", type=Path, help="YAML file: claim: ID, parameters: {NAME: [values]}")
    sweep.add_argument("--out", type=Path, default=Path("reports"),
                       help="output folder in place of reports (default reports); the claim's table and runs go to "
                            "OUT/sweeps/CLAIM_ID")
    sweep.add_argument("--max", type=int, default=None, metavar="N",
                       help="run a grid of up to N combinations (without it, a grid above 500 is refused)")
    add_execution_options(sweep)

    add_fetch_parser(commands)
    diff = commands.add_parser("diff", help="what changed between two builds, and which inputs changed it")
    diff.add_argument("old", type=Path, metavar="OLD", help="the earlier results.json, or the folder holding it")
    diff.add_argument("new", type=Path, metavar="NEW", help="the later results.json, or the folder holding it")
    diff.add_argument("--format", choices=["markdown", "json"], default="markdown", help="default markdown")
    diff.add_argument("--fail-on-change", action="store_true", help="exit 1 when a verdict changed")
    listing = commands.add_parser("list", help="list the claims")
    listing.add_argument("--parameters", action="store_true",
                         help="also each claim's parameters: type, default, help and the values each accepts")
    listing.add_argument("--format", choices=["text", "json"], default="text", help="default text")
    validate = commands.add_parser("validate", help="check data/ and claims.yaml; report every problem")
    validate.add_argument("--update-hashes", action="store_true", help="write current sha256 into the descriptor")
    validate.add_argument("--summary", action="store_true",
                          help="also print pages and figures per tier of source, and figures per status")
    return parser


def add_execution_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("--jobs", "-j", type=int, default=None,
                         help="parallel executions (default: the cores, as many as the memory holds kernels for; "
                              "at most 64)")
    command.add_argument("--force", action="store_true", help="ignore the cache")
    command.add_argument("--timeout", type=float, default=300.0, help="seconds a cell may run (default 300)")
    command.add_argument("--executor", choices=["local", "dask"], default="local")
    command.add_argument("--scheduler", help="Dask scheduler address (with --executor dask)")
    command.add_argument("--quiet", action="store_true")
    command.add_argument("--fresh-kernels", action="store_true",
                         help="start a kernel for every execution instead of reusing each worker's (slower)")


def check_execution_options(args) -> None:
    """Every option's value, before anything is read or started; a bad one is a one-line usage error."""
    from tradeclaims.ledger.files import lock_wait
    from tradeclaims.run.options import MAX_JOBS, default_jobs

    if args.jobs is None:
        args.jobs = default_jobs()
    if not 1 <= args.jobs <= MAX_JOBS:
        raise UsageError(f"--jobs must be from 1 to {MAX_JOBS}, not {args.jobs}")
    if not 0 < args.timeout <= MAX_TIMEOUT:  # also refuses nan
        raise UsageError(f"--timeout must be a number of seconds above 0 and at most {MAX_TIMEOUT:g}, not {args.timeout}")
    if args.scheduler is not None and args.executor != "dask":
        raise UsageError("--scheduler goes with --executor dask")
    lock_wait()


def command_list(project: Project, with_parameters: bool = False, form: str = "text") -> int:
    """The claims, and with `with_parameters` each parameter's type, default, help and the values it accepts (listed
    where they can be, given the other parameters at their defaults; else the range or form)."""
    from tradeclaims.checks.parameters import allowed_values, allowed_words
    from tradeclaims.checks.registry import load_registry
    from tradeclaims.ledger.coverage import data_index

    claims = load_registry(project.claims_file).values()
    data = data_index(project.data_dir) if with_parameters else None
    listing = [{"id": claim.id, "title": claim.title, "notebook": claim.notebook,
                **({"parameters": [{"name": spec.name, "type": spec.type, "default": spec.default, "help": spec.help,
                                    "allowed": allowed_values(claim, spec, data)}
                                   for spec in claim.parameters.values()]} if data else {})} for claim in claims]
    if form == "json":
        print(json.dumps({"claims": listing}, indent=1, ensure_ascii=False))
        return 0
    for claim in listing:
        print(f"{claim['id']:22} {claim['notebook']:38} {claim['title']}")
        for spec in claim.get("parameters", []):
            described = f": {spec['help']}" if spec["help"] else ""
            print(f"    -p {spec['name']} ({spec['type']}, default {spec['default']}){described}")
            print(f"       accepts {allowed_words(spec['allowed'])}")
    return 0


def command_validate(project: Project, update_hashes: bool, summary: bool = False) -> int:
    from tradeclaims.ledger.validation import check_record, fetched_problems, find_problems, find_warnings, remember_passed
    from tradeclaims.ledger.validation import update_hashes as rehash
    from tradeclaims.run.plan import registry_problems

    if update_hashes:
        changed = rehash(project.data_dir)
        print(f"hashes updated: {', '.join(changed) or 'none changed'}")
    fingerprint, record = check_record(project.data_dir)
    data_problems = find_problems(project.data_dir) + fetched_problems(project.data_dir)
    if fingerprint is not None and not data_problems and check_record(project.data_dir)[1] == record:
        # runs on these files (not edited while they were checked) need not check them again, nor index them
        from tradeclaims.run.datacopy import keep_shared_copy

        remember_passed(project.cache_dir, record)
        if keep_shared_copy(project.data_dir, fingerprint, project.ledger_copies):
            print("the ledger's indexed copy in .tradeclaims-cache/ledger/ was damaged or edited: rebuilt")
    problems = data_problems + registry_problems(project, data_valid=not data_problems)
    for problem in problems:
        print(problem)
    if problems:
        print(f"tradeclaims: {len(problems)} problem(s) in data/ and claims.yaml", file=sys.stderr)
        return 2
    for warning in find_warnings(project.data_dir):
        print(f"warning: {warning}")
    if summary:
        from tradeclaims.ledger.summary import ledger_summary

        print(ledger_summary(project.data_dir))
    print("data/ and claims.yaml are valid")
    return 0


def run_options(args, noun: str = "claim") -> tuple[RunOptions, Progress]:
    """The run's options from the command line (checked by check_execution_options), and its progress display."""
    from tradeclaims.run.options import RunOptions, build_time
    from tradeclaims.run.progress import Progress

    if args.executor == "dask" and not args.scheduler:
        raise UsageError("--executor dask needs --scheduler ADDRESS")
    build_time()  # a malformed SOURCE_DATE_EPOCH is refused before anything runs
    progress = Progress(quiet=args.quiet, noun=noun)
    return RunOptions(out_dir=args.out, jobs=args.jobs, force=args.force, timeout=args.timeout,
                      warm_kernels=not args.fresh_kernels, scheduler=args.scheduler,
                      progress=progress.done, on_plan=progress.start), progress


def command_run(project: Project, args) -> int:
    from tradeclaims.run.build import build

    check_execution_options(args)
    overrides = unique_parameters(args.parameter)
    started = time.perf_counter()
    options, progress = run_options(args)
    try:
        summary = build(project, args.claims, overrides, options)
    finally:
        progress.close()
    report_build(summary, progress, time.perf_counter() - started)
    return summary.exit_status


def report_uncached(uncached: dict[str, str]) -> None:
    """Each report written but not cached, named as a reader names the execution (the claim and its parameters)."""
    for label, why in uncached.items():
        print(f"{label}: {why}", file=sys.stderr)


def report_build(summary, progress, seconds: float) -> None:
    """What a build did, on stderr, and where to look, on stdout."""
    report_uncached(summary.uncached)
    progress.served(*served(summary.plans, summary.entries, summary.executed))
    for warning in summary.warnings:
        print(f"tradeclaims: warning: {warning}", file=sys.stderr)
    for plan, entry in summary.failed:
        print(f"FAILED {plan.label}: {entry.get('error')} (see {shown_path(summary.report(plan, entry))})",
              file=sys.stderr)
    index = OutputLayout(summary.out_dir).index
    others = [(plan, entry) for plan, entry in zip(summary.plans, summary.entries, strict=True) if plan.changed]
    if not others:
        where = f"open {shown_path(index)}"
    elif len(others) == 1 and not summary.canonical:
        where = f"report {shown_path(summary.report(*others[0]))} (parameters other than the claim's)"
    else:
        where = (f"open {shown_path(index)}; " if summary.canonical else "") + (
            f"runs with other parameters in {shown_path(summary.out_dir / OutputLayout.RUNS)}/")
    print(f"{len(summary.executed)} executed, {len(summary.cached)} from cache, {len(summary.failed)} failed "
          f"of {len(summary.plans)} claims in {seconds:.1f}s; {where}")


def served(plans: list, entries: list[dict], executed: list) -> tuple[list, list[dict]]:
    """The plans the cache served, with their entries."""
    pairs = [(plan, entry) for plan, entry in zip(plans, entries, strict=True) if plan not in executed]
    return [plan for plan, _ in pairs], [entry for _, entry in pairs]


def command_sweep(project: Project, args) -> int:
    from tradeclaims.run.sweep import MAX_COMBINATIONS, build_grid, sweep

    check_execution_options(args)
    if args.max is not None and args.max < 1:
        raise UsageError(f"--max must be at least 1, not {args.max}")
    grid_claim, grid = build_grid(args.parameter, args.grid)
    claim_id = args.claim or grid_claim
    if not claim_id:
        raise UsageError("name the claim to sweep: tradeclaims sweep CLAIM_ID -p NAME V1,V2")
    started = time.perf_counter()
    options, progress = run_options(args, noun="combination")
    try:
        summary = sweep(project, claim_id, grid, options, args.max or MAX_COMBINATIONS)
    finally:
        progress.close()
    report_uncached(summary.uncached)
    progress.served(*served(summary.plans, summary.entries, summary.executed))
    folder = summary.out_dir
    for plan, entry in zip(summary.plans, summary.entries, strict=True):
        if entry["status"] != "ok":
            print(f"FAILED {plan.label}: {entry.get('error')} (see {shown_path(folder / entry['report'])})",
                  file=sys.stderr)
    print(f"{len(summary.executed)} executed, {len(summary.cached)} from cache, {len(summary.failed)} failed "
          f"of {len(summary.entries)} combinations in {time.perf_counter() - started:.1f}s; "
          f"table of {len(summary.table)} combinations {shown_path(folder / 'sweep.csv')}, "
          f"page {shown_path(folder / 'index.html')}")
    return summary.exit_status


def command_diff(args) -> int:
    """What changed between two builds, as Markdown or JSON; 1 with --fail-on-change when a verdict changed."""
    from tradeclaims.report.changes import compare, markdown, read_results, results_file

    old, new = read_results(args.old), read_results(args.new)
    changes = compare(old, new)
    if args.format == "json":
        print(json.dumps(changes.as_json(), indent=2))
    else:
        print(markdown(changes, old_label=str(results_file(args.old)), new_label=str(results_file(args.new))), end="")
    return 1 if args.fail_on_change and changes.verdicts_changed else 0


def skip_slow_optional_imports() -> None:
    """jsonschema (via nbformat) imports rfc3987_syntax when it is installed, which builds a grammar for 1.6 s.

    Nothing here validates IRIs, so the driver process declines that optional module; jsonschema then
    leaves out its 'iri' format checks. Kernels and other programs are not affected.
    """
    sys.modules.setdefault("rfc3987_syntax", None)


class Terminated(KeyboardInterrupt):
    """SIGTERM (what `kill` and service managers send), handled as Ctrl-C is: executions stop, kernels and temporary
    folders go, the reports written so far stay; a fetch stores all its files or none."""


# What a command stopped by Ctrl-C or SIGTERM leaves, in the line that says it stopped; a command that knows more
# (what a fetch stored) adds it to the interruption as a note
LEFT_WHEN_STOPPED = {"run": "reports written so far are complete", "sweep": "reports written so far are complete",
                     "fetch": "nothing was stored in data/fetched", "diff": "no file was written",
                     "list": "no file was written", "validate": "the check did not finish"}


def left_when_stopped(command: str, interruption: KeyboardInterrupt) -> str:
    notes = getattr(interruption, "__notes__", None)
    return notes[-1] if notes else LEFT_WHEN_STOPPED[command]


def terminate(_signal_number, _frame) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a second SIGTERM ends the process at once
    raise Terminated


@contextmanager
def terminated_as_interrupted():
    if threading.current_thread() is not threading.main_thread():  # only the main thread may set a handler
        yield
        return
    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(joined_parameters(sys.argv[1:] if argv is None else list(argv)))
    skip_slow_optional_imports()
    project = Project.here()
    try:
        with terminated_as_interrupted():
            return dispatch(project, args)
    except KeyboardInterrupt as interruption:
        stopped = "terminated" if isinstance(interruption, Terminated) else "interrupted"
        print(f"tradeclaims: {stopped}; {left_when_stopped(args.command, interruption)}", file=sys.stderr)
        return EXIT_TERMINATED if isinstance(interruption, Terminated) else EXIT_INTERRUPTED


def dispatch(project: Project, args) -> int:
    """The command, with every error of the user's or of the environment as one line (exit status 2)."""
    try:
        if args.command == "list":
            return command_list(project, args.parameters, args.format)
        if args.command == "validate":
            return command_validate(project, args.update_hashes, summary=args.summary)
        if args.command == "fetch":
            from tradeclaims.fetch.cli import command_fetch

            return command_fetch(project, args)
        if args.command == "diff":
            return command_diff(args)
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


def console() -> NoReturn:
    """The `tradeclaims` command: main(), then an exit without the garbage collector's passes over every object
    the command loaded (about 0.2 s of a rerun's 2; they go with the process, after the exit handlers ran)."""
    status = main()
    gc.freeze()
    sys.exit(status)


if __name__ == "__main__":
    console()
