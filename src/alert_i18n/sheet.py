"""A printable review sheet: English | pivot | translation, each entry's state, room to write.

For reviewers who work on paper or offline: one self-contained HTML page per alert
and language (inline stylesheet allowed by its hash, no script, nothing fetched),
laid out for A4.  ``entries`` gathers the rows from catalogs; ``render`` writes
the page.  No I/O here.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from . import review
from .catalog import nfc_key
from .model import Catalog, Message

_STYLE = """\
@page{size:A4;margin:12mm 10mm}
*{box-sizing:border-box}
body{font:10pt/1.35 system-ui,"Noto Sans",sans-serif;color:#111;margin:0 auto;
max-inline-size:190mm;padding:4mm}
h1{font-size:14pt;margin:0 0 2mm}
p.meta{margin:0 0 4mm;color:#444}
table{border-collapse:collapse;inline-size:100%;table-layout:fixed}
th,td{border:1px solid #999;padding:1.5mm;vertical-align:top;text-align:start;
overflow-wrap:anywhere}
th{background:#eee;font-size:9pt}
col.n{inline-size:7mm}
td.state{font-size:8.5pt;color:#333}
td.write{block-size:22mm}
tr{break-inside:avoid}
.kind{display:block;font-size:8pt;color:#666}
.fuzzy,.untranslated,.stale{font-weight:bold;color:#8a3b00}
.reviewed{color:#1d5e20}
thead{display:table-header-group}"""


@dataclass(frozen=True)
class Row:
    """One entry of the sheet."""

    number: int
    kind: str
    english: str
    pivot: str | None
    translation: str
    state: str  # css class: reviewed, translated, stale, fuzzy, untranslated
    label: str  # what the state column says


def _translation(message: Message) -> str:
    if message.msgid_plural is not None:
        return "\n".join(f"[{i}] {s}" for i, s in enumerate(message.msgstr_plural))
    return message.msgstr


def entries(catalog: Catalog, pivot: Catalog | None = None) -> list[Row]:
    """The rows of ``catalog``'s active entries, in file (document) order."""
    pivots = {nfc_key(m): m for m in pivot.active} if pivot is not None else {}
    rows = []
    for number, message in enumerate(catalog.active, 1):
        state = review.state(message)
        current = review.current_review(message)
        if current is not None:
            label, css = f"reviewed by {current.name}, {current.date}", "reviewed"
        elif state == review.TRANSLATED and review.reviews(message):
            label, css = "review out of date (the text changed since)", "stale"
        else:
            label, css = {review.TRANSLATED: "not reviewed", review.FUZZY: "fuzzy: needs work",
                          review.UNTRANSLATED: "untranslated"}[state], state
        source = pivots.get(nfc_key(message))
        shown = None
        if source is not None and source.translated and not source.fuzzy:
            shown = _translation(source)
        rows.append(Row(number, (message.extracted_comments or ("",))[0].split(";")[0],
                        message.msgid, shown if pivot is not None else None,
                        _translation(message), css, label))
    return rows


def _cell(text: str) -> str:
    return escape(text, quote=False).replace("\n", "<br>")


def render(rows: list[Row], *, title: str, language: str, language_name: str,
           pivot: str | None = None, pivot_name: str = "", source_name: str = "English",
           catalog_path: str = "") -> str:
    """The sheet as one self-contained HTML page."""
    from .page import style_hash  # the pages' CSP helper

    csp = (f"default-src 'none'; style-src {style_hash(chr(10) + _STYLE + chr(10))}; "
           "base-uri 'none'; form-action 'none'")
    reviewed = sum(1 for r in rows if r.state == "reviewed")
    heads = ["#", source_name, *([pivot_name] if pivot else []), language_name, "State",
             "Corrections"]
    cols = '<col class="n">' + "<col>" * (len(heads) - 1)
    lines = [
        "<!DOCTYPE html>",
        '<html lang="en" dir="ltr">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">',
        '<meta name="referrer" content="no-referrer">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)} — review sheet ({escape(language)})</title>",
        f"<style>\n{_STYLE}\n</style>",
        "</head>",
        "<body>",
        f"<h1>{escape(title)}</h1>",
        f'<p class="meta">Review sheet: {escape(language_name)} ({escape(language)})'
        f"{f', beside {escape(pivot_name)}' if pivot else ''}. {reviewed} of {len(rows)} "
        f"entries reviewed. Catalog: {escape(catalog_path)}. Write corrections in the last "
        "column; the coordinator records them and the review "
        "(<code>alert-i18n review</code>).</p>",
        f"<table>\n<colgroup>{cols}</colgroup>",
        "<thead><tr>" + "".join(f"<th>{escape(h)}</th>" for h in heads) + "</tr></thead>",
        "<tbody>",
    ]
    for row in rows:
        cells = [str(row.number),
                 f'<span class="kind">{escape(row.kind)}</span>{_cell(row.english)}']
        if pivot:
            cells.append(f'<span lang="{escape(pivot)}">{_cell(row.pivot or "")}</span>')
        cells.append(f'<span lang="{escape(language)}">{_cell(row.translation)}</span>')
        lines.append(
            "<tr>" + "".join(f"<td>{c}</td>" for c in cells)
            + f'<td class="state"><span class="{row.state}">{escape(row.label)}</span></td>'
            + '<td class="write"></td></tr>')
    lines += ["</tbody>", "</table>", "</body>", "</html>", ""]
    return "\n".join(lines)
