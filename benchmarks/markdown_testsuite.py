"""Python-Markdown's own test documents under pseudo-translation: N of N keep their structure.

    pip download --no-deps --no-binary :all: markdown==3.11.3   # the installed release
    tar xzf markdown-3.11.3.tar.gz
    python benchmarks/markdown_testsuite.py markdown-3.11.3/

Reads every ``tests/basic/*.txt`` and ``tests/misc/*.txt`` of the unpacked
sdist (the path is the argument: nothing is downloaded here) and holds each to
the contract of ``tests/grammar_cases.py``: an identity translation gives the
English Markdown and page, a pseudo-translation of every message the English
page's tags, no code-block text is a message.  A document refused at extract
with its line counts as kept (the editor is told; nothing differs silently),
and is listed.  Exit status 1 when any document disagrees.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.grammar_cases import REFUSED, verdict  # noqa: E402

from alert_i18n.segment import decode_source  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sdist", type=Path, help="the unpacked Python-Markdown sdist")
    args = parser.parse_args(argv)
    tests = args.sdist / "tests"
    paths = sorted(p for folder in ("basic", "misc") for p in (tests / folder).glob("*.txt"))
    if not paths:
        parser.error(f"no tests/basic/*.txt or tests/misc/*.txt under {args.sdist}")
    kept, refused, failed = 0, [], []
    for path in paths:
        name = f"{path.parent.name}/{path.name}"
        try:
            text = decode_source(path.read_bytes(), path=name)
            found = verdict(text, path=name)
        except Exception as error:  # reported, like a disagreement
            found = f"{type(error).__name__}: {error}"
        if found is None or found == REFUSED:
            kept += 1
            if found == REFUSED:
                refused.append(name)
        else:
            failed.append(f"{name}: {found}")
    print(f"{kept}/{len(paths)} documents keep their structure under pseudo-translation")
    for name in refused:
        print(f"  refused at extract, with its line: {name}")
    for line in failed:
        print(f"  DIFFERS {line}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
