"""Recorded audio: a radio journalist's reading of an alert, one file per language.

``media/<lang>/<slug>.ogg`` (or ``.opus``, ``.mp3``, ``.m4a``), ``<lang>`` the
BCP 47 tag as in ``build/``.  A file is used only when it is really audio of
the type its name declares (its header read by ``tinytag``) and has a
duration, and is at most ``MAX_BYTES``.

``tinytag`` (MIT, pure Python, typed, maintained) reads the container and
codec headers of exactly these four formats and refuses a file whose header
does not match its extension (an MP3 named ``.ogg``, a text file).
``mutagen`` reads the same but is GPL-2.0-or-later, which this MIT-licensed
tool would then pass on to whoever ships it; a magic-number sniffer
(``filetype``, ``puremagic``) reads a few bytes only and finds no duration.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from html import escape
from pathlib import Path

FOLDER = "media"
# Extension -> MIME type, in the order a folder is searched.
TYPES = {".ogg": "audio/ogg", ".opus": "audio/ogg", ".mp3": "audio/mpeg", ".m4a": "audio/mp4"}
MAX_BYTES = 20 * 1024 * 1024  # 20 MiB: twenty minutes of speech at 128 kbit/s


def _declared(data: bytes, suffix: str) -> bool:
    """Whether the first bytes are those of the type the name declares (tinytag then
    reads the rest)."""
    if suffix in (".ogg", ".opus"):
        head = data[:128]  # the first Ogg page holds the codec's identification header
        codec = b"OpusHead" in head if suffix == ".opus" else (
            b"\x01vorbis" in head or b"OpusHead" in head)
        return data.startswith(b"OggS") and codec
    if suffix == ".mp3":  # an ID3 tag, or an MPEG audio frame's sync bits
        return data.startswith(b"ID3") or (len(data) > 1 and data[0] == 0xFF
                                            and data[1] & 0xE0 == 0xE0)
    return data[4:8] == b"ftyp"  # .m4a: an ISO base media file


class AudioError(ValueError):
    """A file under media/ that is not published, and why (one sentence)."""


@dataclass(frozen=True)
class Recording:
    """A usable audio file: where it is, what it is, what it holds."""

    path: str  # as found: <root>/media/<lang>/<slug>.<ext>
    name: str  # the file name in build/<lang>/: <slug>.<ext>
    mime_type: str
    size: int
    duration: float  # seconds
    sha1: str  # hex, as CAP 1.2's <digest> wants it


def candidates(root: Path | str, tag: str, slug: str) -> list[str]:
    """Every path a recording of ``slug`` in ``tag`` may have, in search order."""
    folder = os.path.join(root, FOLDER, tag)
    return [os.path.join(folder, slug + suffix) for suffix in TYPES]


def find(root: Path | str, tag: str, slug: str) -> str | None:
    """The first file of ``candidates`` that exists."""
    return next((path for path in candidates(root, tag, slug) if os.path.isfile(path)), None)


def inspect(path: str) -> Recording:
    """The recording at ``path``, or AudioError saying why it cannot be published."""
    from tinytag import TinyTag, TinyTagException  # read only when there is a file

    suffix = os.path.splitext(path)[1].lower()
    if suffix not in TYPES:
        raise AudioError(f"not a recording: name it .{', .'.join(s[1:] for s in TYPES)}")
    size = os.path.getsize(path)
    if size > MAX_BYTES:
        raise AudioError(f"{size} bytes, over the {MAX_BYTES // (1024 * 1024)} MiB limit: "
                           "encode it at a lower bit rate (speech needs 32 to 64 kbit/s)")
    with open(path, "rb") as stream:
        data = stream.read()
    if not _declared(data, suffix):
        raise AudioError(f"not {TYPES[suffix]} audio (its first bytes are another kind of "
                           f"file), though its name says {suffix}")
    try:
        tag = TinyTag.get(path)
    except (TinyTagException, OSError, ValueError) as error:
        raise AudioError(f"not readable as {TYPES[suffix]} audio ({error})") from None
    if not tag.duration or tag.duration <= 0:
        raise AudioError(f"no sound in it: {TYPES[suffix]} with no duration")
    return Recording(path=path, name=os.path.basename(path), mime_type=TYPES[suffix],
                     size=size, duration=float(tag.duration),
                     sha1=hashlib.sha1(data, usedforsecurity=False).hexdigest())


def player(recording: Recording) -> str:
    """The page's player: ``<audio controls>`` for the file beside the page, with a
    link to it for browsers that cannot play it."""
    name = escape(recording.name)
    return (f'<p class="listen"><audio controls preload="metadata" src="{name}">'
            f'<a href="{name}">{name}</a></audio></p>\n')


def media_source(base_url: str, tag: str, recording: Recording) -> str:
    """The CSP ``media-src`` of a page playing ``recording``: that file's URL under
    ``base_url``; without it the page's own origin (CSP has no relative sources)."""
    if base_url:
        return f"{base_url.rstrip('/')}/{tag}/{recording.name}"
    return "'self'"


def media_names(root: Path | str) -> list[str]:
    """Every file under ``media/<lang>/``, in order (a build's inputs)."""
    top = os.path.join(root, FOLDER)
    try:
        folders = sorted(entry.path for entry in os.scandir(top) if entry.is_dir())
    except OSError:
        return []
    names = []
    for folder in folders:
        try:
            names += [os.path.join(folder, name) for name in sorted(os.listdir(folder))]
        except OSError:
            continue
    return names
