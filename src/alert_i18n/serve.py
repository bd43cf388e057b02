"""``alert-i18n serve``: a live preview of the site while alerts and catalogs are edited.

The preview is built into a folder of its own (``.alert-i18n-cache/preview/``,
git-ignored), never into ``build/``: a content root of symbolic links to the
real ``source/``, ``locales/`` and ``pyproject.toml``, with its own ``build/``
and its own build manifest, so the incremental build makes again only what
changed and ``alert-i18n build`` never mistakes a preview for a build.

Watching is polling, from the standard library: before answering a request
(the preview's page asks every half second) the server compares the size,
times and inode of every file under ``source/`` and ``locales/`` and of
``pyproject.toml`` with what it saw last, and rebuilds if any differs.  A stat
per file costs a few milliseconds on a thousand alerts; it needs no
dependency, sees editors that save by renaming a temporary file (which
inotify-based watchers such as ``watchdog`` report as a delete and a create, or
miss when the folder itself is replaced), works the same on every platform and
file system (network and container mounts, where inotify is silent), and,
checked when a page is asked for, can never serve a page older than the files.

What the preview adds is added to the HTTP response only, never to the files
the build writes (those stay byte for byte what ``alert-i18n build`` writes):
a stylesheet and a reload script allowed by their hashes in the page's own
Content Security Policy, a banner with the build's errors, and on every
passage of an alert its state (fallback, rejected, failing a check) and the
``.po`` file and line it comes from, shown on hover.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import http.server
import ipaddress
import mimetypes
import os
import socket
import sys
import threading
import time
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from html import escape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .build import run_build
from .config import Config, load
from .errors import AlertI18nError, CombinedError, UsageError
from .incremental import CACHE
from .model import Report
from .publish import publishable
from .status import message_findings
from .workspace import catalog_path, present, read_catalog, read_source, relative

PREVIEW = "preview"  # under .alert-i18n-cache/
LINKED = ("source", "locales", "pyproject.toml")  # the inputs, shared with the real root
GENERATION = "/__preview__/generation"

_STYLE = """\
.preview-banner{font:14px/1.4 system-ui,sans-serif;margin:0;padding:.5rem 1rem;\
background:#1f2328;color:#fff}
.preview-banner ul{margin:.25rem 0 0;padding-inline-start:1.25rem}
.preview-banner.failed{background:#a40e26}
[data-preview]{position:relative}
[data-preview=fallback]{outline:2px dashed #b35c00;outline-offset:2px}
[data-preview=rejected],[data-preview=check]{outline:2px solid #cf222e;outline-offset:2px}
[data-preview]:hover::before{content:attr(data-po);position:absolute;inset-block-end:100%;\
inset-inline-start:0;z-index:1;font:12px/1.3 ui-monospace,monospace;white-space:pre;\
background:#1f2328;color:#fff;padding:.15rem .4rem;border-radius:.2rem}"""
_SCRIPT = (
    "(()=>{let seen=null;const tick=()=>fetch('" + GENERATION + "',{cache:'no-store'})"
    ".then(r=>r.text()).then(t=>{if(seen!==null&&t!==seen)location.reload();seen=t})"
    ".catch(()=>{}).finally(()=>setTimeout(tick,500));tick();})();"
)


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


# -- binding -----------------------------------------------------------------------

def check_bind(address: str, *, allow_remote: bool) -> None:
    """Refuse an address other machines can reach, unless ``allow_remote``.

    The preview shows unreviewed and rejected translations and the paths of the
    catalogs: it is for the editor's own machine.
    """
    if allow_remote:
        return
    try:
        found = {info[4][0] for info in socket.getaddrinfo(address, None)}
    except (socket.gaierror, UnicodeError):
        raise UsageError(f"--bind {address}: not an address of this machine") from None
    if not found or not all(ipaddress.ip_address(a.split("%")[0]).is_loopback for a in found):
        raise UsageError(
            f"--bind {address}: not a loopback address; the preview shows unpublished "
            "translations to whoever can reach it: add --allow-remote to serve it to "
            "other machines"
        )


# -- building -------------------------------------------------------------------------

@dataclass
class Built:
    """The state of the preview after a build: its errors and notes, and its number."""

    generation: int = 0
    errors: tuple[str, ...] = ()
    seconds: float = 0.0
    written: tuple[str, ...] = ()  # the files the build rewrote (shown with -v)


class Preview:
    """The preview's own content root, rebuilt when an input changes."""

    def __init__(self, root: Path, codes: Sequence[str] = ()) -> None:
        self.root = root.resolve()
        self.codes = tuple(codes)
        self.folder = self.root / CACHE / PREVIEW
        self.build_dir = self.folder / "build"
        self.state = Built()
        self.config: Config | None = None
        self._seen: dict[str, tuple[int, int, int, int]] | None = None
        self._lock = threading.Lock()
        self._link()

    def _link(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        for name in LINKED:
            link = self.folder / name
            if not link.is_symlink():
                if link.exists():  # not ours: leave it, and say so
                    raise UsageError(f"{link} is in the way of the preview: delete it")
                link.symlink_to(self.root / name, target_is_directory=name != "pyproject.toml")

    def stamps(self) -> dict[str, tuple[int, int, int, int]]:
        """Size, modification and change times and inode of every input: what the
        build's own ``incremental.Files`` compares."""
        found: dict[str, tuple[int, int, int, int]] = {}
        for name in LINKED:
            top = self.root / name
            if top.is_file():
                status = top.stat()
                found[name] = (status.st_size, status.st_mtime_ns, status.st_ctime_ns,
                               status.st_ino)
                continue
            for folder, _, files in os.walk(top):
                for file in files:
                    path = os.path.join(folder, file)
                    with contextlib.suppress(OSError):  # deleted meanwhile
                        status = os.stat(path)
                        found[path] = (status.st_size, status.st_mtime_ns,
                                       status.st_ctime_ns, status.st_ino)
        return found

    def refresh(self) -> bool:
        """Rebuild if an input changed since the last build; whether it did."""
        with self._lock:
            stamps = self.stamps()
            if stamps == self._seen:
                return False
            self._seen = stamps
            started = time.perf_counter()
            errors, written = self._build()
            self.state = Built(self.state.generation + 1, errors, time.perf_counter() - started,
                               written)
            return True

    def _build(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Build the preview; the errors, as lines (never raised: the server goes on),
        and the files written."""
        try:
            # Its inputs are links into the site's root: read from there, nowhere else.
            self.config = replace(load(self.folder), inputs_root=self.root)
            report = run_build(self.config, self.codes, ("html",), jobs=1)
        except AlertI18nError as error:
            return tuple(str(e) for e in (error.errors if isinstance(error, CombinedError)
                                          else [error])), ()
        except Exception as error:  # a bug: one line on the page, the server goes on
            return (f"internal error: {type(error).__name__}: {error} (a bug in alert-i18n: "
                    "please report it)",), ()
        inside = self.folder.relative_to(self.root).as_posix()  # not the real build/
        return (tuple(str(e) for e in report.errors),
                tuple(f"{inside}/{name}" for name in report.written))


# -- what each passage is --------------------------------------------------------------

@dataclass(frozen=True)
class Passage:
    """One message of an alert page: how it is shown, and where its translation lives."""

    state: str  # translated, fallback, rejected, check
    shown_in: str  # language tag
    where: str  # "locales/fr/LC_MESSAGES/x.po:42"
    why: str = ""


def passages(config: Config, slug: str, tag: str) -> list[Passage] | None:
    """The passages of ``slug`` in ``tag``, in document order; None for the source language
    or when a file cannot be read (the banner says why)."""
    if tag == config.source_language:
        return None
    try:
        document = read_source(config, config.source_dir / f"{slug}.md")
        language = config.language(tag)
        chain = [tag, *(t for t in config.fallback_chain(language))]
        tables: dict[str, dict[str, str]] = {}
        own: dict[str, object] = {}
        rejected: dict[int, str] = {}
        path = catalog_path(config, language, slug)
        name = relative(config, path)
        for layer in chain:
            if layer == config.source_language:
                continue
            layer_path = catalog_path(config, config.language(layer), slug)
            if not present(layer_path):
                tables[layer] = {}
                continue
            found = Report()
            catalog = read_catalog(config, layer_path)
            tables[layer] = publishable(config, catalog, layer_path, found)
            if layer == tag:
                own = {unicodedata.normalize("NFC", m.msgid): m for m in catalog.active}
                rejected = {e.line or 0: str(e) for e in found.errors}
    except AlertI18nError:
        return None
    result = []
    for segment in document.segments:
        msgid = unicodedata.normalize("NFC", segment.msgid)
        shown = next((layer for layer in chain
                      if (tables.get(layer, {}).get(msgid) or "").strip()),
                     config.source_language)
        entry = own.get(msgid)
        line = getattr(entry, "line", 0)
        where = f"{name}:{line}" if line else f"{name} (no entry: run alert-i18n update)"
        if shown == tag:
            errors = [f for f in message_findings(entry, path=name, locale=language.locale)
                      if f.severity == "error"]
            if errors:
                result.append(Passage("check", shown, where,
                                      f"[{errors[0].check}] {errors[0].message}"))
            else:
                result.append(Passage("translated", shown, where))
            continue
        if line in rejected:
            state, why = "rejected", rejected[line]
        elif entry is None:
            state, why = "fallback", "not in the catalog"
        elif getattr(entry, "fuzzy", False):
            state, why = "fallback", "fuzzy: needs review"
        else:
            state, why = "fallback", "untranslated"
        result.append(Passage(state, shown, where, why))
    return result


# -- injecting into a response ------------------------------------------------------------

_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "td", "th", "dt", "dd", "pre"}


class _Leaves(HTMLParser):
    """Offsets just before the ``>`` of each innermost text block's start tag, in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[tuple[int, int], bool]] = []  # ((line, column) of '>'), leaf
        self._open: list[int] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag not in _BLOCKS:
            return
        for index in self._open:
            self.found[index] = (self.found[index][0], False)  # it holds a block: not a leaf
        line, column = self.getpos()
        text = self.get_starttag_text() or ""
        line += text.count("\n")
        column = (len(text) - text.rfind("\n") - 1) if "\n" in text else column + len(text)
        self.found.append(((line, column - 1), True))
        self._open.append(len(self.found) - 1)

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS and self._open:
            self._open.pop()


def mark_passages(body: str, marks: Sequence[Passage]) -> str | None:
    """``body`` (the article's HTML) with each innermost block marked; None when the
    blocks do not pair one to one with the messages (then nothing is marked)."""
    parser = _Leaves()
    parser.feed(body)
    parser.close()
    leaves = [position for position, leaf in parser.found if leaf]
    if len(leaves) != len(marks):
        return None
    starts = [0]
    for line in body.split("\n"):
        starts.append(starts[-1] + len(line) + 1)
    pieces, position = [], 0
    for (line, column), mark in zip(leaves, marks, strict=True):
        offset = starts[line - 1] + column
        label = mark.where if mark.state == "translated" else (
            f"{mark.where} · shown in {mark.shown_in}: {mark.why}"
            if mark.state == "fallback" else f"{mark.where} · {mark.why}")
        pieces += [body[position:offset],
                   f' data-preview="{mark.state}" data-po="{escape(label)}"'
                   f' title="{escape(label)}"']
        position = offset
    pieces.append(body[position:])
    return "".join(pieces)


def inject(page: str, *, state: Built, marks: Sequence[Passage] | None) -> str:
    """The preview's additions to a page the build wrote (the file itself is not touched)."""
    csp = 'http-equiv="Content-Security-Policy" content="'
    start = page.find(csp)
    if start != -1:
        start += len(csp)
        end = page.index('"', start)
        policy = page[start:end].replace("style-src ", f"style-src {_hash(_STYLE)} ", 1)
        policy += f"; script-src {_hash(_SCRIPT)}; connect-src 'self'"
        page = page[:start] + policy + page[end:]
    page = page.replace("</head>", f"<style>{_STYLE}</style>\n</head>", 1)
    page = page.replace("<body>\n", "<body>\n" + banner(state, marks), 1)
    page = page.replace("</body>", f"<script>{_SCRIPT}</script>\n</body>", 1)
    if marks:
        opening = '<article class="alert">\n'
        start = page.find(opening)
        end = page.find("</article>", start)
        if start != -1 and end != -1:
            start += len(opening)
            marked = mark_passages(page[start:end], marks)
            if marked is not None:
                page = page[:start] + marked + page[end:]
    return page


def banner(state: Built, marks: Sequence[Passage] | None) -> str:
    """The preview's line at the top of every page: the build's errors, or a summary."""
    if state.errors:
        items = "".join(f"<li>{escape(error)}</li>" for error in state.errors)
        return (f'<div class="preview-banner failed" lang="en" dir="ltr" role="alert">'
                f"Preview: the last build failed; pages it could not make are the previous "
                f"ones.<ul>{items}</ul></div>\n")
    summary = f"built in {state.seconds * 1000:.0f} ms"
    if marks:
        fallback = sum(1 for m in marks if m.state != "translated")
        problems = sum(1 for m in marks if m.state in ("rejected", "check"))
        summary = (f"{len(marks)} passages, {fallback} not in this language (dashed), "
                   f"{problems} failing a check (red); hover a passage for its .po line; "
                   + summary)
    return (f'<div class="preview-banner" lang="en" dir="ltr">Preview (not published): '
            f"{escape(summary)}</div>\n")


# -- serving ---------------------------------------------------------------------------------

class _Handler(http.server.BaseHTTPRequestHandler):
    preview: Preview
    verbosity: int = 0  # -q: errors only; -v: every request and file written too
    server_version = "alert-i18n-preview"

    def do_GET(self) -> None:
        try:
            status, kind, data = self._answer(urlsplit(self.path).path)
        except Exception as error:  # never a traceback in the terminal: the page says it
            status, kind = 500, "text/plain; charset=utf-8"
            data = f"preview error: {type(error).__name__}: {error}\n".encode()
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(data)

    def _answer(self, path: str) -> tuple[int, str, bytes]:
        preview = self.preview
        if preview.refresh():
            _tell(preview, self.verbosity)
        if path == GENERATION:
            return 200, "text/plain", str(preview.state.generation).encode()
        name = unquote(path).lstrip("/")
        if name == "" or name.endswith("/"):
            name += "index.html"
        file = _inside(preview.build_dir, name)
        if file is None or not file.is_file():
            # Media the site keeps beside its pages (build/ is the publisher's too).
            file = _inside(preview.root / "build", name)
            if file is not None and file.suffix == ".html":
                file = None
        if file is None or not file.is_file():
            page = ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                    "<title>Not in the preview</title></head><body>\n"
                    f"<p>{escape(name)} is not in the preview.</p></body></html>\n")
            return 404, "text/html; charset=utf-8", inject(
                page, state=preview.state, marks=None).encode()
        data = file.read_bytes()
        if file.suffix != ".html":
            kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
            return 200, kind, data
        marks = None
        parts = Path(name).parts
        if len(parts) == 2 and preview.config is not None and parts[1] != "index.html":
            marks = passages(preview.config, parts[1].removesuffix(".html"),
                             parts[0])
        page = inject(data.decode("utf-8"), state=preview.state, marks=marks)
        return 200, "text/html; charset=utf-8", page.encode("utf-8")

    def log_message(self, format: str, *args: object) -> None:
        if self.verbosity > 0:  # by default the terminal shows rebuilds, not every request
            sys.stderr.write(f"{self.address_string()} {format % args}\n")


def _inside(folder: Path, name: str) -> Path | None:
    """``folder/name`` if it stays inside ``folder`` (no ``..``, no absolute path)."""
    target = (folder / name).resolve()
    base = folder.resolve()
    return target if target == base or base in target.parents else None


def _tell(preview: Preview, verbosity: int = 0) -> None:
    """A build's outcome on the terminal: its errors; unless -q, its time (-v: its files)."""
    state = preview.state
    if state.errors:
        for error in state.errors:
            print(f"alert-i18n: error: {error}", file=sys.stderr)
    elif verbosity >= 0:
        lines = [f"rebuilt ({state.seconds * 1000:.0f} ms)"]
        if verbosity > 0:
            lines += (f"  {name}" for name in state.written)
        print("\n".join(lines), file=sys.stderr)


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that went away mid-answer: nothing to tell the editor


def make_server(root: Path, codes: Sequence[str] = (), *, bind: str = "127.0.0.1",
                port: int = 8000, allow_remote: bool = False,
                verbosity: int = 0) -> tuple[Server, Preview]:
    """The preview server (not yet serving) and its preview, built once."""
    check_bind(bind, allow_remote=allow_remote)
    preview = Preview(root, codes)
    preview.refresh()
    handler = type("Handler", (_Handler,), {"preview": preview, "verbosity": verbosity})
    family = socket.AF_INET6 if ":" in bind else socket.AF_INET
    server_class = type("PreviewServer", (Server,), {"address_family": family})
    try:
        server = server_class((bind, port), handler)
    except OSError as error:
        raise UsageError(f"cannot serve on {bind}:{port}: {error.strerror}") from None
    return server, preview


def run(root: Path, codes: Sequence[str], *, bind: str, port: int, allow_remote: bool,
        verbosity: int = 0) -> int:
    """``alert-i18n serve``: serve until interrupted.

    The address is printed even with ``-q`` (with ``--port 0`` it is the only way
    to know it); ``-q`` leaves out the rebuilds that succeed, ``-v`` adds every
    request and every file a rebuild writes.
    """
    server, preview = make_server(root, codes, bind=bind, port=port, allow_remote=allow_remote,
                                  verbosity=verbosity)
    _tell(preview, verbosity)
    host, port = server.server_address[:2]
    shown = f"[{host}]" if ":" in str(host) else host
    folder = Path(os.path.relpath(preview.build_dir, Path.cwd())).as_posix()
    print(f"serving the preview on http://{shown}:{port}/ (built in {folder}/, "
          "never in build/); Ctrl-C stops", flush=True)
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        print("stopped", file=sys.stderr)
    finally:
        server.server_close()
    return 0
