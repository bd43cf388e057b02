"""Soak the grammar contract: N random documents, and how many disagree (target 0).

    python benchmarks/soak_grammar.py --documents 100000 --seed 2026

Documents come from the block grammar of ``tests/grammar_cases.py`` (the one the
differential test draws from with Hypothesis), here from a seeded
``random.Random``: the same seed gives the same documents.  Each goes through
the functions the command line calls (segment, blocking checks, placement,
rendering); the contract is ``grammar_cases.disagreement``'s.  Prints the count
of each kind of disagreement, of documents refused at extract (with their
line), the time taken, and the shortest failing document of each kind.
Exit status 1 when any document disagrees.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.grammar_cases import REFUSED, RandomChooser, document, verdict  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--progress", type=int, default=10_000, help="report every N")
    args = parser.parse_args(argv)
    chooser = RandomChooser(random.Random(args.seed))
    kinds: Counter[str] = Counter()
    shortest: dict[str, str] = {}
    refused = 0
    began = time.perf_counter()
    for number in range(1, args.documents + 1):
        text = document(chooser)
        try:
            found = verdict(text)
        except Exception as error:
            found = f"crash: {type(error).__name__}: {error}"[:200]
        if found == REFUSED:
            refused += 1
        elif found is not None:
            kinds[found] += 1
            if found not in shortest or len(text) < len(shortest[found]):
                shortest[found] = text
        if args.progress and number % args.progress == 0:
            print(f"{number} documents, {sum(kinds.values())} disagree, {refused} refused, "
                  f"{time.perf_counter() - began:.0f} s", flush=True)
    elapsed = time.perf_counter() - began
    disagree = sum(kinds.values())
    print(f"seed {args.seed}: {args.documents} documents in {elapsed:.0f} s; "
          f"{disagree} disagree; {refused} refused at extract with their line")
    for kind, count in kinds.most_common():
        print(f"  {count:6d}  {kind}")
        print(f"          shortest: {shortest[kind]!r}")
    return 1 if disagree else 0


if __name__ == "__main__":
    sys.exit(main())
