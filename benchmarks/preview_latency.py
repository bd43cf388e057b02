"""Latency of the live preview: from saving one catalog to the rebuilt page, over HTTP.

Copies the sample (``source/``, ``locales/``, ``pyproject.toml``) to a temporary
folder, starts ``alert-i18n serve``'s server in a thread on a free port, then
saves the Bambara catalog with one translation changed and asks for the page
until it shows the change, several times.  Prints each latency and the median.

    python benchmarks/preview_latency.py [--runs 15]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from alert_i18n import serve

REPO = Path(__file__).resolve().parent.parent
PAGE = "bm/mali-2020-08.html"
CATALOG = "locales/bm/LC_MESSAGES/mali-2020-08.po"
ANCHOR = "\"Genocide Watch bɛ Mali ka cogoya"  # a translated paragraph of the Bambara catalog


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for name in ("source", "locales"):
            shutil.copytree(REPO / name, root / name)
        shutil.copy(REPO / "pyproject.toml", root / "pyproject.toml")
        server, _ = serve.make_server(root, (), port=0)
        thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                                  daemon=True)
        thread.start()
        url = f"http://127.0.0.1:{server.server_address[1]}/{PAGE}"
        catalog = root / CATALOG
        text = catalog.read_text(encoding="utf-8")
        assert ANCHOR in text
        urllib.request.urlopen(url).read()  # the first load: every module imported
        latencies = []
        try:
            for run in range(runs):
                marker = f"Kura{run}"
                started = time.perf_counter()
                catalog.write_text(text.replace(ANCHOR, f"\"{marker} {ANCHOR[1:]}", 1),
                                   encoding="utf-8")
                while marker not in urllib.request.urlopen(url).read().decode("utf-8"):
                    pass
                latencies.append((time.perf_counter() - started) * 1000)
                time.sleep(0.05)
        finally:
            server.shutdown()
            server.server_close()
    print("save catalog -> rebuilt page (ms):", " ".join(f"{t:.0f}" for t in latencies))
    print(f"median {statistics.median(latencies):.0f} ms, min {min(latencies):.0f}, "
          f"max {max(latencies):.0f} (target: under 150 ms)")


if __name__ == "__main__":
    main()
