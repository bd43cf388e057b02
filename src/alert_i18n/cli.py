"""Command line: ``main(argv) -> int``.  The one place errors become exit codes.

Every error the tool means is an ``AlertI18nError`` whose text names the
file and line; ``main`` prints it on one line and returns its exit code.
Anything else is a bug: one line too, its traceback with ``-v``.
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from . import __version__
from .errors import AlertI18nError, CombinedError, UsageError

if TYPE_CHECKING:
    from .config import Config
    from .model import Report

# The commands' own modules (the catalog tools, the renderer, the checks, the
# preview, review tools) are imported in _run, _check, _desk and _review, by the
# command that needs them: --help and a rebuild with nothing to do load none of them.  Even the
# configuration and the workspace (Babel, the PO reader, the Markdown
# segmenter) are imported in main, once the arguments are parsed: --help needs
# only argparse.  The names below are those modules', copied (a test compares).
REPORT_FORMATS = ("text", "json", "html")  # report.FORMATS
FORMATS = ("html", "md", "text", "sms", "cap")  # workspace.FORMATS
ALL_FORMATS = (*FORMATS, "fragment")  # workspace.ALL_FORMATS
PROCESSING = "while processing "  # workspace.PROCESSING

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
DESK = ("serve", "new", "init")  # the editor's commands: _desk


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse would exit itself
        raise UsageError(message)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="alert-i18n",
        description="Translate Markdown alerts with gettext catalogs and build localized pages.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    _common_options(parser, default=True)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True
    common = _Parser(add_help=False)
    _common_options(common, default=False)  # after the command too: `build -C DIR -q`
    commands.add_parser("extract", help="source/*.md -> locales/<slug>.pot", parents=[common])

    update = commands.add_parser(
        "update", help="create or merge locales/<lang>/LC_MESSAGES/<slug>.po", parents=[common])
    update.add_argument("-l", "--language", dest="languages", action="append", default=[],
                        metavar="LANG", help="language to update (repeatable; BCP 47 or POSIX)")

    compiling = commands.add_parser(
        "compile", help="compile reviewed translations to .mo beside each .po (gettext runtimes)",
        parents=[common])
    compiling.add_argument("-l", "--language", dest="languages", action="append", default=[],
                           metavar="LANG", help="language to compile (repeatable)")

    build = commands.add_parser(
        "build", help="build/<lang>/<slug>.html and .md, index pages and Atom feeds",
        parents=[common])
    build.add_argument("-l", "--language", dest="languages", action="append", default=[],
                       metavar="LANG", help="language to build (repeatable); English always")
    build.add_argument("-f", "--format", dest="formats", action="append", default=[],
                       choices=ALL_FORMATS, metavar="FORMAT",
                       help="output format: html, md, text, sms, cap (channels), fragment "
                            "(the body alone, for a CMS); repeatable; default all but fragment")
    build.add_argument("-j", "--jobs", type=_jobs, default=0, metavar="N",
                       help="worker processes (default 0: every core, for more than a few "
                            "alerts); the output is the same whatever N")

    checking = commands.add_parser(
        "check", help="how complete each translation is, and its problems (exit 1 to block CI)",
        parents=[common])
    checking.add_argument("-l", "--language", dest="languages", action="append", default=[],
                          metavar="LANG", help="language to check (repeatable; default all)")
    checking.add_argument("--fail-under", type=_percent, default=None, metavar="PCT",
                          help="fail when any one catalog has less than PCT%% of its messages "
                               "translated")
    checking.add_argument("--format", dest="report_format", choices=REPORT_FORMATS,
                          default="text", help="text (default), json or html")
    checking.add_argument("--output", type=Path, default=None, metavar="FILE",
                          help="write the report to FILE instead of standard output")
    checking.add_argument("--min-reviewed", type=_percent, default=None, metavar="PCT",
                          help="fail when any one catalog has less than PCT%% of its messages "
                               "reviewed")
    _add_review_commands(commands, common)
    _desk_commands(commands, common)
    return parser


REVIEW_COMMANDS = ("review", "review-sheet", "export", "import")


def _add_review_commands(commands: Any, common: argparse.ArgumentParser) -> None:
    """The parsers of ``review``, ``review-sheet``, ``export`` and ``import`` (see ``_review``)."""
    reviewing = commands.add_parser(
        "review", help="record a review in the catalogs, or --list what is not reviewed",
        parents=[common])
    reviewing.add_argument("-l", "--language", dest="languages", action="append", default=[],
                           metavar="LANG", help="language reviewed (repeatable)")
    reviewing.add_argument("--by", metavar="NAME", default=None,
                           help='the reviewer, as the pages show it: "Name" or '
                                '"Name <e-mail>"')
    reviewing.add_argument("--alert", dest="alerts", action="append", default=[],
                           metavar="SLUG", help="only this alert's catalog (repeatable; 'site' "
                                                "for the page chrome)")
    reviewing.add_argument("--msgid", dest="msgids", action="append", default=[],
                           metavar="TEXT", help="only the entry with this exact English text")
    reviewing.add_argument("--line", dest="lines", action="append", default=[], type=int,
                           metavar="N", help="only the entry at line N of the --alert catalog")
    reviewing.add_argument("--date", default=None, metavar="YYYY-MM-DD",
                           help="date of the review (default: today, UTC)")
    reviewing.add_argument("--list", action="store_true",
                           help="list what is not reviewed (writes nothing)")
    sheets = commands.add_parser(
        "review-sheet", help="printable review sheets (English | pivot | translation), A4",
        parents=[common])
    sheets.add_argument("-l", "--language", dest="languages", action="append", default=[],
                        metavar="LANG", help="language of the sheets (repeatable)")
    sheets.add_argument("--alert", dest="alerts", action="append", default=[], metavar="SLUG",
                        help="only this alert (repeatable; 'site' for the page chrome)")
    sheets.add_argument("--output", type=Path, default=None, metavar="DIR",
                        help="folder to write <lang>/<slug>.html into (default build/review)")
    exporting = commands.add_parser(
        "export", help="XLIFF 2.0 of a catalog, or TMX of a language's translation memory",
        parents=[common])
    exporting.add_argument("-l", "--language", required=True, metavar="LANG")
    exporting.add_argument("--alert", default=None, metavar="SLUG",
                           help="the catalog (required for xliff; tmx: default every alert)")
    exporting.add_argument("--format", dest="exchange_format", choices=("xliff", "tmx"),
                           default="xliff")
    exporting.add_argument("--output", type=Path, default=None, metavar="FILE",
                           help="write to FILE instead of standard output")
    importing = commands.add_parser(
        "import", help="apply an XLIFF 2.0 file to a catalog (checked like a .po)",
        parents=[common])
    importing.add_argument("file", type=Path, metavar="FILE")
    importing.add_argument("-l", "--language", required=True, metavar="LANG")
    importing.add_argument("--alert", required=True, metavar="SLUG")
    importing.add_argument("--by", default=None, metavar="NAME",
                           help="record segments in state reviewed/final as reviewed by NAME")
    importing.add_argument("--date", default=None, metavar="YYYY-MM-DD")


def _desk_commands(commands: Any, common: argparse.ArgumentParser) -> None:
    """The editor's desk (serve.py, scaffold.py): run before the configuration is read."""
    serving = commands.add_parser(
        "serve", help="preview the site while you edit: rebuilt on save, served on this "
                      "machine only (-v: every request and page rewritten)", parents=[common])
    serving.add_argument("-l", "--language", dest="languages", action="append", default=[],
                         metavar="LANG", help="language to preview (repeatable); English always")
    serving.add_argument("--port", type=_port, default=8000, metavar="N",
                         help="port (default 8000; 0: any free port)")
    serving.add_argument("--bind", default="127.0.0.1", metavar="ADDR",
                         help="address to listen on (default 127.0.0.1); one other machines "
                              "can reach needs --allow-remote")
    serving.add_argument("--allow-remote", action="store_true",
                         help="allow --bind to an address other machines can reach")
    new = commands.add_parser("new", help="start a new alert: source/<slug>.md",
                              parents=[common])
    new.add_argument("slug", metavar="SLUG",
                     help="the alert's name in file names and URLs (a-z, 0-9, -)")
    new.add_argument("--title", default=None, help="the alert's title (its first heading)")
    init = commands.add_parser("init", help="start a new site in DIR (default: here)",
                               parents=[common])
    init.add_argument("directory", metavar="DIR", nargs="?", type=Path, default=Path("."),
                      help="the new site's folder (made if need be; must be empty of its "
                           "files)")


def _common_options(parser: argparse.ArgumentParser, *, default: bool) -> None:
    """-C, -q and -v, before the command and after it (where an unset one keeps the first)."""
    unset = argparse.SUPPRESS
    parser.add_argument("-C", dest="root", metavar="DIR", type=Path,
                        default=Path(".") if default else unset,
                        help="content root (default: the current directory)")
    loudness = parser.add_mutually_exclusive_group()
    loudness.add_argument("-q", "--quiet", dest="verbosity", action="store_const", const=-1,
                          default=0 if default else unset,
                          help="print errors only (check: the report itself too)")
    loudness.add_argument("-v", "--verbose", dest="verbosity", action="store_const", const=1,
                          default=0 if default else unset,
                          help="on an internal error, print its traceback too")


def _jobs(value: str) -> int:
    if not value.isdigit():
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of processes (0: every core)")
    return int(value)


def _percent(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        number = -1.0
    if not 0 <= number <= 100:
        raise argparse.ArgumentTypeError(f"{value!r} is not a percentage from 0 to 100")
    return number


def _check(args: argparse.Namespace, config: Config) -> int:
    """``check``: write the report; exit 1 when the gate fails."""
    from . import commands, disk, report  # the checks and their report: `check` only
    from .status import passed

    progress = _Progress.for_terminal() if args.verbosity >= 0 else None
    try:
        statuses = commands.run_check(config, args.languages, progress=progress)
    finally:
        if progress is not None:
            progress.close()
    if args.min_reviewed is not None:  # the review gate, carried by each status
        statuses = [replace(s, min_reviewed=args.min_reviewed) for s in statuses]
    options: dict[str, Any] = {"fail_under": args.fail_under}
    output: Path | None = args.output
    if args.report_format == "html" and output is not None:
        # Problems link to .po lines: relative to where the page is written.
        root = os.path.relpath(config.root.resolve(), output.resolve().parent)
        options["link_base"] = "" if root == "." else Path(root).as_posix() + "/"
    content = report.FORMATS[args.report_format](statuses, **options)
    if output is None:
        sys.stdout.write(content)  # the report is what was asked for, even with -q
    else:
        disk.write_if_changed(output, content)  # or a WriteError naming it (exit 1)
        if args.verbosity >= 0:
            print(f"wrote {output}: {report.verdict(statuses, fail_under=args.fail_under)}")
    return EXIT_OK if passed(statuses, fail_under=args.fail_under) else EXIT_FAILED


def _review(args: argparse.Namespace, config: Config) -> int:
    """``review`` (record, or --list), ``review-sheet``, ``export`` and ``import``.

    What was asked for (the export on standard output, the --list) and what
    was refused are printed even with -q; what was done is not.
    """
    from . import review_commands  # the catalog tools and the review's: for these only

    asked = False
    if args.command == "export":
        data, outcome = review_commands.export(
            config, args.language, alert=args.alert, fmt=args.exchange_format,
            output=args.output)
        if args.output is None:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
            return EXIT_OK
    elif args.command == "import":
        outcome = review_commands.import_file(config, args.language, alert=args.alert,
                                              source=args.file, by=args.by, date=args.date)
    elif args.command == "review-sheet":
        outcome = review_commands.sheets(config, args.languages, alerts=args.alerts,
                                         output=args.output)
    elif args.list:
        outcome = review_commands.listing(config, args.languages, alerts=args.alerts)
        asked = True
    else:
        if not args.by or not args.by.strip():
            raise UsageError("--by NAME is required to record a review (or use --list)")
        outcome = review_commands.record(
            config, args.languages, by=args.by, alerts=args.alerts, msgids=args.msgids,
            lines=args.lines, date=args.date)
    shown = [*outcome.problems, *(outcome.lines if asked or args.verbosity >= 0 else ())]
    sys.stdout.write("".join(line + "\n" for line in shown))
    return EXIT_OK


SUMMED_UP_BEYOND = 40  # lines of one kind the default output lists; more are summed up


def _print_report(report: Report, *, verb: str, verbosity: int) -> None:
    """What a command did: its notes, a count, the files written (nothing with -q).
    Without -v, a long list of files is summed up by folder, and many notes of how
    much of each page is translated by language."""
    if verbosity < 0:
        return
    whole = verbosity > 0
    written = report.written
    if whole or len(written) <= SUMMED_UP_BEYOND:
        files = [f"  {path}" for path in written]
    else:
        folders: dict[str, int] = {}
        for path in written:
            folder = path.rpartition("/")[0]
            folders[folder] = folders.get(folder, 0) + 1
        files = [f"  {folder}/: {count} file(s)" for folder, count in folders.items()]
        files.append("  (-v names every file)")
    lines = [*(report.notes if whole else _notes_summed_up(report.notes)),
             f"{verb} {len(written)} file(s), {report.unchanged} unchanged", *files]
    sys.stdout.write("\n".join(lines) + "\n")  # one write, however stdout is buffered


def _notes_summed_up(notes: Sequence[str]) -> list[str]:
    """``notes``, those saying how much of each page is translated summed up by language
    when there are more than ``SUMMED_UP_BEYOND`` (the others as they are, first)."""
    from .model import TRANSLATED_NOTE

    counted = [(note, TRANSLATED_NOTE.fullmatch(note)) for note in notes]
    if sum(found is not None for _, found in counted) <= SUMMED_UP_BEYOND:
        return list(notes)
    sums: dict[str, list[int]] = {}  # tag -> pages, translated, total, fell back
    for _, found in counted:
        if found is not None:
            total = sums.setdefault(found["tag"], [0, 0, 0, 0])
            total[0] += 1
            total[1] += int(found["translated"])
            total[2] += int(found["total"])
            total[3] += int(found["fallback"])
    return [note for note, found in counted if found is None] + [
        f"{tag}: {pages} pages: {translated:,} of {total:,} messages translated, "
        f"{fallback:,} fell back (-v: page by page)"
        for tag, (pages, translated, total, fallback) in sums.items()]


def _run(args: argparse.Namespace, config: Config) -> Report:
    if args.command != "build":
        from . import commands  # the catalog tools: not for --help or a build

        if args.command == "extract":
            return commands.run_extract(config)
        if args.command == "compile":
            return commands.run_compile(config, args.languages)
        progress = _Progress.for_terminal() if args.verbosity >= 0 else None
        try:
            return commands.run_update(config, args.languages, progress=progress)
        finally:
            if progress is not None:
                progress.close()
    from . import incremental  # what a build reads, and whether it has anything to do

    def waiting() -> None:
        if args.verbosity >= 0:
            print("alert-i18n: another build of this folder is running: waiting for it",
                  file=sys.stderr, flush=True)

    formats = args.formats or FORMATS
    incremental.check_languages(config, args.languages)  # a mistake changes nothing
    with incremental.one_build_at_a_time(config.root, waiting=waiting):
        start = incremental.start_build(config, args.languages, formats, jobs=args.jobs)
        if start.replayed is not None:  # nothing changed: the last build's report
            return start.replayed
        from . import build  # the renderer and the pages: only when something is built

        progress = _Progress.for_terminal() if args.verbosity >= 0 else None
        try:
            return build.run_build(config, args.languages, formats, progress=progress,
                                   jobs=args.jobs, start=start)
        finally:
            if progress is not None:
                progress.close()


class _Progress:
    """One self-erasing status line on a terminal; nothing in CI or when redirected."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.shown = False

    @classmethod
    def for_terminal(cls) -> _Progress | None:
        stream = sys.stderr
        if not stream.isatty() or os.environ.get("CI") or os.environ.get("TERM") == "dumb":
            return None
        return cls(stream)

    def __call__(self, text: str) -> None:
        self.stream.write(f"\r\x1b[2K{text}")
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (the only place one is decided)."""
    verbosity = 0
    try:
        args = _parser().parse_args(argv)
        verbosity = args.verbosity
        if not args.root.is_dir():
            raise UsageError(f"-C {args.root}: no such folder")
        if args.command in DESK:  # before the configuration is read: it may not exist yet
            return _desk(args)
        from .config import load  # Babel's language data: not for --help

        config = load(args.root)
        if args.command == "check":
            return _check(args, config)
        if args.command in REVIEW_COMMANDS:
            return _review(args, config)
        report = _run(args, config)
    except AlertI18nError as error:
        for each in error.errors if isinstance(error, CombinedError) else [error]:
            print(f"alert-i18n: error: {each}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("alert-i18n: interrupted", file=sys.stderr)
        return 130
    except Exception as error:  # a bug, ours or a library's: one line (-v: the traceback)
        if verbosity > 0:
            traceback.print_exc(file=sys.stderr)
        print(f"alert-i18n: {_internal_error(error)}", file=sys.stderr)
        return EXIT_INTERNAL
    verbs = {"extract": "wrote", "update": "updated", "compile": "compiled"}
    _print_report(report, verb=verbs.get(args.command, "built"), verbosity=verbosity)
    for error in report.errors:
        print(f"alert-i18n: error: {error}", file=sys.stderr)
    return EXIT_FAILED if report.errors else EXIT_OK


def _port(value: str) -> int:
    """A TCP port number (0: any free port)."""
    if not value.isdigit() or int(value) > 65535:
        raise argparse.ArgumentTypeError(f"{value!r} is not a port number (0 to 65535)")
    return int(value)


def _desk(args: argparse.Namespace) -> int:
    """``serve``, ``new`` and ``init`` (serve.py, scaffold.py)."""
    if args.command == "serve":
        from . import serve  # the preview server: for `serve` only

        return serve.run(args.root, args.languages, bind=args.bind, port=args.port,
                         allow_remote=args.allow_remote, verbosity=args.verbosity)
    from . import scaffold  # the templates of a new alert and a new site

    if args.command == "new":
        lines = [f"wrote {scaffold.new_alert(args.root, args.slug, title=args.title)}"]
    else:
        lines = scaffold.init_site(args.root / args.directory)
    if args.verbosity >= 0:
        for line in lines:
            print(line)
    return EXIT_OK


def _internal_error(error: Exception) -> str:
    """The line that reports an unexpected exception, naming the file being processed."""
    where = next((note.removeprefix(PROCESSING)
                  for note in getattr(error, "__notes__", ())
                  if note.startswith(PROCESSING)), None)
    detail = " ".join(f"{type(error).__name__}: {error}".split())
    if len(detail) > 300:
        detail = detail[:299] + "…"
    place = f" while processing {where}" if where else ""
    return (f"internal error{place}: {detail} (a bug in alert-i18n: please report it, "
            "with that file)")
