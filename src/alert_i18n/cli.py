"""Command line: ``main(argv) -> int``.  The one place errors become exit codes."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__, pipeline
from .config import Config, load
from .errors import AlertI18nError, UsageError

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse would exit itself
        raise UsageError(message)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="alert-i18n",
        description="Translate Markdown alerts with gettext catalogs and build localized pages.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("-C", dest="root", metavar="DIR", type=Path, default=Path("."),
                        help="content root (default: the current directory)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True

    commands.add_parser("extract", help="source/*.md -> locales/<slug>.pot")

    update = commands.add_parser(
        "update", help="create or merge locales/<lang>/LC_MESSAGES/<slug>.po")
    update.add_argument("-l", "--language", dest="languages", action="append", default=[],
                        metavar="LANG", help="language to update (repeatable; BCP 47 or POSIX)")

    build = commands.add_parser("build", help="build/<lang>/<slug>.html and .md")
    build.add_argument("-l", "--language", dest="languages", action="append", default=[],
                       metavar="LANG", help="language to build (repeatable); English always")
    build.add_argument("-f", "--format", dest="formats", action="append", default=[],
                       choices=pipeline.FORMATS, metavar="FORMAT",
                       help="output format: html, md (repeatable; default both)")
    return parser


def _print_report(report: pipeline.Report, *, verb: str) -> None:
    for note in report.notes:
        print(note)
    print(f"{verb} {len(report.written)} file(s), {report.unchanged} unchanged")
    for path in report.written:
        print(f"  {path}")


def _run(args: argparse.Namespace, config: Config) -> pipeline.Report:
    if args.command == "extract":
        return pipeline.run_extract(config)
    if args.command == "update":
        return pipeline.run_update(config, args.languages)
    return pipeline.run_build(config, args.languages, args.formats or pipeline.FORMATS)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    try:
        args = _parser().parse_args(argv)
        if not args.root.is_dir():
            raise UsageError(f"-C {args.root}: no such folder")
        config = load(args.root)
        report = _run(args, config)
    except AlertI18nError as error:
        print(f"alert-i18n: error: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("alert-i18n: interrupted", file=sys.stderr)
        return 130
    _print_report(report, verb={"extract": "wrote", "update": "updated"}.get(args.command, "built"))
    for error in report.errors:
        print(f"alert-i18n: error: {error}", file=sys.stderr)
    return EXIT_FAILED if report.errors else EXIT_OK
