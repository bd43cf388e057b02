"""HTML documents around rendered alert bodies: the page a reader opens."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from html import escape

from .model import Language

STYLE = """\
html{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;\
line-height:1.5;color:#1a1a1a;background:#fff}
body{margin:0 auto;max-width:42rem;padding:1rem;overflow-wrap:break-word}
h1,h2,h3{line-height:1.25}
a{color:#0645ad}
table{border-collapse:collapse}
th,td{border:1px solid #ccc;padding:.25rem .5rem}
@media print{a{color:inherit}}"""


def style_hash(style: str) -> str:
    """The CSP source expression that allows exactly this inline stylesheet."""
    digest = hashlib.sha256(style.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


CSP = f"default-src 'none'; style-src {style_hash(STYLE)}; img-src 'self'; base-uri 'none'; form-action 'none'"


@dataclass(frozen=True)
class PageInfo:
    """What the page template needs besides the body."""

    language: Language
    title: str
    description: str = ""


def alert_page(body: str, info: PageInfo) -> str:
    """A complete, self-contained HTML5 page for one alert in one language."""
    lang = info.language
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{escape(lang.tag)}" dir="{lang.direction}">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="referrer" content="no-referrer">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(info.title)}</title>\n"
        + (f'<meta name="description" content="{escape(info.description)}">\n'
           if info.description else "")
        + f"<style>{STYLE}</style>\n"
        "</head>\n"
        "<body>\n"
        "<main>\n"
        f"{body}\n"
        "</main>\n"
        "</body>\n"
        "</html>\n"
    )
