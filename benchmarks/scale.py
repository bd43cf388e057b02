#!/usr/bin/env python3
"""How a build scales with the archive: full, no-op and one-catalog rebuilds at several N.

    python benchmarks/scale.py --alerts 1000 5000

For each N: an archive of N alerts (``archive.py``, kept in
``benchmarks/out/scale-N`` and reused when it is there), a full build from
nothing with one worker, a rebuild with nothing changed, and a rebuild after
one French catalog changed (every core, as a user runs it); then that rebuild
again ``--rounds`` times, every size in turn (the median of the rounds' ratios is what a
shared machine lets one trust).  Each is the real
command line in a child process: wall and CPU seconds and peak RSS (from
``wait4``, the child's own children included).  Ratios from the first N to
the last are printed; the load average beside each figure, since the machine
may be shared.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import archive  # noqa: E402  (siblings, found through sys.path above)
import run  # noqa: E402


def prepare(out: Path, count: int, seed: int) -> Path:
    """The archive of ``count`` alerts, made once (its build and cache set aside)."""
    root = out / f"scale-{count}"
    if not (root / ".generated").is_file():
        run.Trash(out / "trash").discard(root)
        archive.generate(root, count, seed=seed)
        (root / ".generated").write_text(str(seed))
        run.extract_update(root)  # catalogs as `update` leaves them, as in run.py
    return root


def measure_scale(out: Path, count: int, seed: int) -> dict[str, dict[str, float]]:
    root = prepare(out, count, seed)
    trash = run.Trash(out / f"trash-{count}")
    trash.discard(root / "build")
    trash.discard(root / ".alert-i18n-cache")
    rows: dict[str, dict[str, float]] = {}

    def take(name: str, result: run.Measure, **extra: float) -> None:
        rows[name] = {"seconds": round(result.seconds, 3), "cpu": round(result.cpu, 3),
                      "peak_mib": round(result.peak_mib, 1),
                      "load": round(os.getloadavg()[0], 2), **extra}

    take("full build, 1 worker", run.build(root, "--jobs", "1"))
    take("rebuild, nothing changed", run.build(root))
    slug = f"alert-{count // 2:04d}"
    run.change_one_catalog(root, slug)
    changed = run.build(root)
    take("rebuild, one fr catalog changed", changed, written=len(run.written(changed)))
    return rows


def paired_rebuilds(out: Path, counts: list[int], rounds: int
                    ) -> dict[int, list[tuple[float, float]]]:
    """Rebuilds after one French catalog changed, every archive in turn, ``rounds``
    times: (wall, CPU seconds) each.  In turn, so that a machine whose speed drifts
    (a shared one does) slows every size alike; the ratio is taken round by round."""
    found: dict[int, list[tuple[float, float]]] = {count: [] for count in counts}
    for count in counts:
        run.build(out / f"scale-{count}")  # as the last build left it: nothing to do
    for _ in range(rounds):
        for count in counts:
            root = out / f"scale-{count}"
            run.change_one_catalog(root, f"alert-{count // 2:04d}")
            result = run.build(root)
            found[count].append((round(result.seconds, 3), round(result.cpu, 3)))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--alerts", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--seed", type=int, default=2020)
    parser.add_argument("--rounds", type=int, default=7,
                        help="rebuilds after one catalog changed, each size in turn")
    parser.add_argument("--out", type=Path, default=HERE / "out")
    args = parser.parse_args(argv)
    out: Path = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    code = run.snapshot(out / "code-scale", run.Trash(out / "trash"))
    results = {count: measure_scale(out, count, args.seed) for count in args.alerts}
    rebuilds = paired_rebuilds(out, args.alerts, args.rounds)
    print(f"{'stage':34} " + " ".join(f"{'N=' + str(n):>24}" for n in results)
          + "   ratio (wall, MiB)")
    first, last = results[args.alerts[0]], results[args.alerts[-1]]
    for stage in first:
        cells = " ".join(f"{r[stage]['seconds']:6.2f} s {r[stage]['peak_mib']:5.0f} MiB "
                         f"L{r[stage]['load']:4.1f}" for r in results.values())
        ratio = (f"{last[stage]['seconds'] / first[stage]['seconds']:.2f}x, "
                 f"{last[stage]['peak_mib'] / first[stage]['peak_mib']:.2f}x")
        print(f"{stage:34} {cells}   {ratio}")
    times = {count: [seconds for seconds, _ in rounds] for count, rounds in rebuilds.items()}
    ratios = [last_time / first_time for first_time, last_time
              in zip(times[args.alerts[0]], times[args.alerts[-1]], strict=True)]
    cells = " ".join(f"{statistics.median(seconds):6.2f} s (min {min(seconds):4.2f})    "
                     for seconds in times.values())
    print(f"{'one catalog changed, ' + str(args.rounds) + ' rounds':34} {cells}   "
          f"{statistics.median(ratios):.2f}x median of the rounds' ratios "
          f"({min(ratios):.2f}-{max(ratios):.2f})")
    (out / "scale.json").write_text(json.dumps(
        {"code": str(code), "results": results, "rebuilds": rebuilds}, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
