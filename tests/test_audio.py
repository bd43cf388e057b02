"""Recorded audio: only real audio of the declared type is published; the page plays it
(headless Chromium) under a CSP that allows that file alone; feeds and CAP point to it."""

from __future__ import annotations

import functools
import http.server
import shutil
import subprocess
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
import xmlschema

from alert_i18n import audio

from . import browser as chromium
from .conftest import Run, Validator
from .test_channels import NS, XSD, infos, set_keys
from .test_site import SLUG

ATOM = "{http://www.w3.org/2005/Atom}"


def tone(path: Path, seconds: float = 1.0) -> Path:
    """A short 440 Hz tone made with sox, in the format ``path``'s extension names."""
    sox = shutil.which("sox")
    if sox is None:
        pytest.skip("sox is not installed (apt-get install sox libsox-fmt-all)")
    path.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([sox, "-q", "-n", "-r", "48000", "-c", "1", str(path), "synth",
                    str(seconds), "sine", "440", "vol", "0.5"], check=True, timeout=60)
    return path


@pytest.mark.parametrize("suffix", [".ogg", ".mp3"])
def test_real_audio_is_inspected(tmp_path: Path, suffix: str) -> None:
    recording = audio.inspect(str(tone(tmp_path / f"a{suffix}")))
    assert recording.mime_type == audio.TYPES[suffix]
    assert 0.9 < recording.duration < 1.2
    assert len(recording.sha1) == 40 and recording.size > 0


@pytest.mark.parametrize(("name", "content", "says"), [
    ("mp3-named.ogg", None, "not audio/ogg audio"),
    ("text.ogg", b"hello, this is not sound\n" * 10, "not audio/ogg audio"),
    ("vorbis.opus", None, "not audio/ogg audio"),  # Ogg, but Vorbis: not Opus
    ("empty.mp3", b"", "not audio/mpeg audio"),
    ("page.m4a", b"<html></html>", "not audio/mp4 audio"),
    ("broken.ogg", b"OggS\x00\x02" + b"\x01vorbis" + b"\x00" * 40, "not readable|no sound"),
])
def test_what_is_not_audio_of_its_type_is_refused(tmp_path: Path, name: str,
                                                  content: bytes | None, says: str) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    elif name.startswith("mp3"):
        path.write_bytes(tone(tmp_path / "x.mp3").read_bytes())
    else:
        path.write_bytes(tone(tmp_path / "x.ogg").read_bytes())
    with pytest.raises(audio.AudioError, match=says):
        audio.inspect(str(path))


def test_a_file_over_the_limit_is_refused(tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    path = tone(tmp_path / "a.ogg")
    monkeypatch.setattr(audio, "MAX_BYTES", path.stat().st_size - 1)
    with pytest.raises(audio.AudioError, match="over the"):
        audio.inspect(str(path))


def test_build_publishes_audio_in_page_feed_and_cap(content: Path, cli: Run) -> None:
    tone(content / "media" / "fr" / f"{SLUG}.ogg")
    set_keys(content, 'base-url = "https://example.org/alerts/"\n'
                      'cap-sender = "alerts@example.org"\n')
    code, _, err = cli("-C", content, "build")
    assert code == 0, err
    build = content / "build"
    assert (build / "fr" / f"{SLUG}.ogg").read_bytes() == \
        (content / "media" / "fr" / f"{SLUG}.ogg").read_bytes()
    page = (build / "fr" / f"{SLUG}.html").read_text("utf-8")
    assert f'<audio controls preload="metadata" src="{SLUG}.ogg">' in page
    assert f"; media-src https://example.org/alerts/fr/{SLUG}.ogg\"" in page
    assert "<audio" not in (build / "bm" / f"{SLUG}.html").read_text("utf-8")
    assert "media-src" not in (build / "bm" / f"{SLUG}.html").read_text("utf-8")
    entry = ET.parse(build / "fr" / "feed.xml").getroot().find(f"{ATOM}entry")
    enclosure = entry.find(f"{ATOM}link[@rel='enclosure']")
    assert enclosure.get("type") == "audio/ogg"
    assert enclosure.get("href") == f"https://example.org/alerts/fr/{SLUG}.ogg"
    assert int(enclosure.get("length")) == (build / "fr" / f"{SLUG}.ogg").stat().st_size
    cap_file = build / f"{SLUG}.cap.xml"
    xmlschema.XMLSchema(XSD).validate(str(cap_file))
    resource = infos(cap_file)["fr"].find("cap:resource", NS)
    assert resource.findtext("cap:mimeType", namespaces=NS) == "audio/ogg"
    assert resource.findtext("cap:uri", namespaces=NS) == \
        f"https://example.org/alerts/fr/{SLUG}.ogg"
    assert infos(cap_file)["bm"].find("cap:resource", NS) is None


def test_a_page_with_audio_is_valid_html5(content: Path, cli: Run, vnu: Validator) -> None:
    tone(content / "media" / "bm" / f"{SLUG}.ogg")
    assert cli("-C", content, "build", "-l", "bm", "-f", "html")[0] == 0
    page = content / "build" / "bm" / f"{SLUG}.html"
    assert "<audio" in page.read_text("utf-8")
    assert vnu.errors(page) == ""


def test_check_lists_missing_audio_and_refuses_what_is_not_audio(content: Path,
                                                                 cli: Run) -> None:
    tone(content / "media" / "fr" / f"{SLUG}.ogg")
    (content / "media" / "bm").mkdir(parents=True)
    (content / "media" / "bm" / f"{SLUG}.mp3").write_text("not sound", "utf-8")
    code, out, _ = cli("-C", content, "check")
    assert code == 1
    assert f"media/bm/{SLUG}.mp3: error: [audio] not audio/mpeg audio" in out
    assert "no recorded audio in fr" not in out
    code, out, err = cli("-C", content, "build")
    assert code == 1 and f"media/bm/{SLUG}.mp3: [audio]" in err
    assert not (content / "build" / "bm" / f"{SLUG}.mp3").exists()
    shutil.rmtree(content / "media")
    code, out, _ = cli("-C", content, "check")
    assert code == 0
    assert f"media/fr/{SLUG}.ogg: [audio] no recorded audio in fr" in out


def test_adding_a_recording_rebuilds_that_language_only(content: Path, cli: Run) -> None:
    assert cli("-C", content, "build")[0] == 0
    tone(content / "media" / "bm" / f"{SLUG}.ogg")
    code, out, _ = cli("-C", content, "build")
    assert code == 0
    assert f"  build/bm/{SLUG}.ogg" in out and f"  build/bm/{SLUG}.html" in out
    assert f"  build/fr/{SLUG}.html" not in out


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def served(content: Path) -> Iterator[tuple[Path, str]]:
    """build/ served on the loopback address; base-url set to it, as a site would."""
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(content / "build")))
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield content, url
    finally:
        server.shutdown()
        server.server_close()


def test_page_plays_its_recording_in_chromium_and_nothing_else(
        served: tuple[Path, str], cli: Run) -> None:
    content, url = served
    tone(content / "media" / "fr" / f"{SLUG}.ogg")
    set_keys(content, f'base-url = "{url}"\n')
    assert cli("-C", content, "build")[0] == 0
    shutil.copy(content / "build" / "fr" / f"{SLUG}.ogg", content / "build" / "fr" / "other.ogg")
    with chromium.context("--autoplay-policy=no-user-gesture-required") as opened:
        tab = opened.new_page()
        tab.goto(f"{url}fr/{SLUG}.html")
        tab.wait_for_function(
            "document.querySelector('audio').readyState >= 1", timeout=15000)
        duration = tab.evaluate("document.querySelector('audio').duration")
        played = tab.evaluate(
            "document.querySelector('audio').play().then(() => true, e => String(e))")
        other = tab.evaluate(
            "new Promise(done => { const a = new Audio('other.ogg');"
            " a.onerror = () => done('blocked'); a.onloadedmetadata = () => done('loaded');"
            " a.load(); setTimeout(() => done('timeout'), 5000); })")
        tab.emulate_media(media="print")
        hidden = tab.evaluate("getComputedStyle(document.querySelector('.listen')).display")
    assert 0.9 < duration < 1.2
    assert played is True
    assert hidden == "none"  # a player means nothing on paper
    assert other == "blocked"  # the CSP allows that one file only
