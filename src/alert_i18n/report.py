"""Check results -> text for a terminal, JSON for machines, an HTML status page for editors.

Pure functions of ``status.Status`` values; the command line writes the result.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from html import escape

from .model import Finding, Language
from .page import style_hash
from .status import Counts, Status, passed

Statuses = Sequence[Status]


# -- shared -------------------------------------------------------------------

def by_language(statuses: Statuses) -> list[tuple[Language, list[Status]]]:
    """Statuses grouped by language, in the order languages were first seen."""
    groups: dict[Language, list[Status]] = {}
    for status in statuses:
        groups.setdefault(status.language, []).append(status)
    return list(groups.items())


def total(statuses: Statuses, attribute: str) -> Counts:
    result = Counts()
    for status in statuses:
        result = result + getattr(status, attribute)
    return result


def verdict(statuses: Statuses, *, fail_under: float | None) -> str:
    """``FAILED``, ``PASSED with warnings`` or ``PASSED``."""
    if not passed(statuses, fail_under=fail_under):
        return "FAILED"
    if any(s.warnings for s in statuses):
        return "PASSED with warnings"
    return "PASSED"


# How far a translation has come, whatever the gate says (the gate looks at errors,
# and at completeness only with --fail-under: a language at 0% passes it).
COMPLETE, IN_PROGRESS, NOT_STARTED = "complete", "in progress", "not started"
STATES = (COMPLETE, IN_PROGRESS, NOT_STARTED)


def state(messages: Counts) -> str:
    """``complete`` (every message translated), ``not started`` (nothing translated
    nor suggested), else ``in progress``."""
    if messages.translated == messages.total:
        return COMPLETE
    if messages.translated == 0 and messages.fuzzy == 0:
        return NOT_STARTED
    return IN_PROGRESS


def states(statuses: Statuses) -> dict[str, list[Language]]:
    """Languages by state, in the order they were first seen (every state present)."""
    found: dict[str, list[Language]] = {name: [] for name in STATES}
    for language, group in by_language(statuses):
        found[state(total(group, "messages"))].append(language)
    return found


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _percent(value: float) -> str:
    return f"{value:.1f}%"


def _left(words: Counts, messages: Counts) -> str:
    """How much work remains, in the words translators count."""
    if messages.translated == messages.total:
        return f"all {_plural(words.total, 'word')} translated"
    todo = messages.total - messages.translated
    return (f"{words.total - words.translated} of {words.total} words left "
            f"({_plural(todo, 'message')})")


def _reasons(statuses: Statuses, *, fail_under: float | None) -> list[str]:
    reasons: list[str] = []
    for status in statuses:
        for reason in status.failures(fail_under=fail_under):
            reasons.append(f"{status.alert}: {reason}")
    return reasons


def _excerpt(text: str, width: int = 72) -> str:
    text = " ".join(text.replace("\n", " \\n ").split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


# -- text -----------------------------------------------------------------------

def text(statuses: Statuses, *, fail_under: float | None = None) -> str:
    """A table per alert and language, the problems, one summary line per language."""
    header = ("ALERT", "LANGUAGE", "MESSAGES", "%", "WORDS", "%", "FUZZY", "UNTRANSLATED",
              "OBSOLETE", "REVIEWED", "ERRORS", "WARNINGS")
    rows = [header]
    for status in statuses:
        m, w = status.messages, status.words
        rows.append((
            status.alert, status.language.tag, f"{m.translated}/{m.total}",
            _percent(m.percent), f"{w.translated}/{w.total}", _percent(w.percent),
            str(m.fuzzy), str(m.untranslated), str(m.obsolete),
            f"{m.reviewed}/{m.total}",  # review hook
            str(status.errors), str(status.warnings),
        ))
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    left_aligned = {0, 1}
    lines = []
    for row in rows:
        cells = [cell.ljust(widths[i]) if i in left_aligned else cell.rjust(widths[i])
                 for i, cell in enumerate(row)]
        lines.append("  ".join(cells).rstrip())
    findings = [f for status in statuses for f in status.findings if f.severity != "info"]
    if findings:
        lines += ["", "Problems:"]
        for finding in findings:
            lines.append(f"{finding.location}: {finding.severity}: [{finding.check}] "
                         f"{finding.message}")
            if finding.msgid:
                lines.append(f"    English: {_excerpt(finding.msgid)}")
    # Information (SMS segments, recorded audio): not problems, listed apart.
    if infos := [f for status in statuses for f in status.findings if f.severity == "info"]:
        lines += ["", "Channels:"]
        lines += [f"{f.location}: [{f.check}] {f.message}" for f in infos]
    lines.append("")
    groups = by_language(statuses)
    name_width = max((len(f"{lang.tag}  {lang.name}") for lang, _ in groups), default=0)
    left_width = max((len(_left(total(g, "words"), total(g, "messages"))) for _, g in groups),
                     default=0)
    for language, group in groups:
        messages, words = total(group, "messages"), total(group, "words")
        reasons = _reasons(group, fail_under=fail_under)
        warnings = sum(s.warnings for s in group)
        if reasons:
            gate = "FAILED: " + "; ".join(reasons)
        elif warnings:
            gate = f"PASSED with {_plural(warnings, 'warning')}"
        else:
            gate = "PASSED"
        lines.append(
            f"{f'{language.tag}  {language.name}'.ljust(name_width)}  "
            f"{_percent(messages.percent).rjust(6)}  {_left(words, messages).ljust(left_width)}  "
            f"{state(messages).ljust(11)}  gate: {gate}"
        )
    lines.append("; ".join(f"{name}: {', '.join(lang.tag for lang in languages)}"
                           for name, languages in states(statuses).items() if languages))
    gate = f" (fail under {fail_under:g}%)" if fail_under is not None else ""
    lines.append(f"{verdict(statuses, fail_under=fail_under)}{gate}")
    return "\n".join(lines) + "\n"


# -- json -----------------------------------------------------------------------

def _counts(counts: Counts) -> dict[str, int | float]:
    return {"total": counts.total, "translated": counts.translated, "fuzzy": counts.fuzzy,
            "untranslated": counts.untranslated, "obsolete": counts.obsolete,
            "percent": counts.percent,
            "reviewed": counts.reviewed, "reviewed_percent": counts.reviewed_percent}


def _finding(finding: Finding) -> dict[str, str | int]:
    return {"check": finding.check, "severity": finding.severity, "msgid": finding.msgid,
            "file": finding.location.path, "line": finding.location.line,
            "message": finding.message}


def as_json(statuses: Statuses, *, fail_under: float | None = None) -> str:
    """Every count and problem, for scripts and CI."""
    catalogs = []
    for status in statuses:
        entry: dict[str, object] = {"alert": status.alert, "language": status.language.tag,
                                    "file": status.path, "exists": status.exists}
        entry["state"] = state(status.messages)
        entry.update(_counts(status.messages))
        entry["words"] = _counts(status.words)
        entry["problems"] = [_finding(f) for f in status.findings if f.severity != "info"]
        # Information from the channels (SMS segments, audio): not problems.
        entry["channels"] = [_finding(f) for f in status.findings if f.severity == "info"]
        catalogs.append(entry)
    languages = []
    for language, group in by_language(statuses):
        entry = {"language": language.tag, "name": language.name,
                 "state": state(total(group, "messages"))}
        entry.update(_counts(total(group, "messages")))
        entry["words"] = _counts(total(group, "words"))
        entry["errors"] = sum(s.errors for s in group)
        entry["warnings"] = sum(s.warnings for s in group)
        entry["passed"] = passed(group, fail_under=fail_under)
        languages.append(entry)
    document = {
        "catalogs": catalogs,
        "languages": languages,
        "fail_under": fail_under,
        "passed": passed(statuses, fail_under=fail_under),
        "states": {name: [lang.tag for lang in languages]
                   for name, languages in states(statuses).items()},
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


# -- html -----------------------------------------------------------------------

_STYLE = """\
:root{--ok:#1a7f37;--fuzzy:#bf8700;--todo:#d0d7de;--error:#cf222e;--warn:#9a6700}
html{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;\
line-height:1.45;color:#1f2328;background:#fff}
body{margin:0 auto;max-width:64rem;padding:1rem 1.25rem}
h1{font-size:1.6rem;margin:.2rem 0}
h2{font-size:1.2rem;margin:1.6rem 0 .6rem;border-bottom:1px solid #d0d7de;padding-bottom:.2rem}
h3{font-size:1rem;margin:1.2rem 0 .4rem}
a{color:#0550ae}
.verdict{display:inline-block;font-weight:700;padding:.15rem .6rem;border-radius:1rem;\
color:#fff;white-space:nowrap}
.verdict.passed{background:var(--ok)}.verdict.warnings{background:var(--warn)}\
.verdict.failed{background:var(--error)}.verdict.pending{background:#59636e}
.state{display:inline-block;font-weight:700;padding:.15rem .6rem;border-radius:1rem;\
border:2px solid;white-space:nowrap}
.state.complete{color:var(--ok)}.state.in-progress{color:var(--warn)}\
.state.not-started{color:#59636e}
.cards{display:flex;flex-wrap:wrap;gap:.75rem;padding:0;margin:0;list-style:none}
.card{flex:1 1 15rem;border:1px solid #d0d7de;border-radius:.5rem;padding:.75rem 1rem}
.card.failed{border-color:var(--error);box-shadow:inset 4px 0 0 var(--error)}
.card .name{font-size:1.15rem;font-weight:600}
.card .percent{font-size:2rem;font-weight:700;line-height:1.1}
.muted{color:#59636e}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:.4rem .5rem;border-bottom:1px solid #d0d7de;vertical-align:middle}
th{font-size:.85rem;color:#59636e;font-weight:600;white-space:nowrap}
.reasons{margin:.4rem 0 0;padding-left:1.1rem;color:var(--error)}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.bar{display:flex;height:.9rem;min-width:10rem;border-radius:.45rem;overflow:hidden;\
background:var(--todo)}
.bar span{display:block;height:100%}
.bar .t{background:var(--ok)}.bar .f{background:var(--fuzzy)}
.legend span{display:inline-block;width:.8rem;height:.8rem;border-radius:.2rem;\
vertical-align:-.1rem;margin:0 .25rem 0 .75rem}
.legend .t{background:var(--ok)}.legend .f{background:var(--fuzzy)}\
.legend .u{background:var(--todo)}
ol.problems{list-style:none;padding:0;margin:0}
ol.problems li{border-left:4px solid var(--warn);padding:.35rem .75rem;margin:.4rem 0;\
background:#f6f8fa}
ol.problems li.error{border-left-color:var(--error)}
.severity{font-weight:700;text-transform:uppercase;font-size:.75rem;margin-right:.3rem}
li.error .severity{color:var(--error)}li.warning .severity{color:var(--warn)}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.85em}
blockquote{margin:.25rem 0 0;color:#59636e;font-size:.9rem}
.none{color:var(--ok);font-weight:600}
""" + "".join(f".w{i}{{width:{i}%}}" for i in range(101))
# Bar widths are classes, not style attributes: the page's CSP allows only this sheet.


# Translations are shown on this page (escaped): no script, no remote anything.
_CSP = (f"default-src 'none'; style-src {style_hash(chr(10) + _STYLE + chr(10))}; "
        "base-uri 'none'; form-action 'none'")


def _bar(messages: Counts) -> str:
    translated = messages.percent
    fuzzy = 0.0 if messages.total == 0 else messages.fuzzy * 100 / messages.total
    label = (f"{_percent(translated)} translated, {messages.fuzzy} fuzzy, "
             f"{messages.untranslated} untranslated")
    return (f'<div class="bar" role="img" aria-label="{escape(label)}">'
            f'<span class="t w{int(translated)}"></span>'
            f'<span class="f w{int(fuzzy)}"></span></div>')


def _state(statuses: Statuses, *, fail_under: float | None) -> tuple[str, str]:
    """(css class, words) of a verdict."""
    result = verdict(statuses, fail_under=fail_under)
    return {"FAILED": "failed", "PASSED": "passed"}.get(result, "warnings"), result


def _language_name(language: Language) -> str:
    return (f'<span lang="{escape(language.tag)}" dir="{language.direction}">'
            f'{escape(language.name)}</span> '
            f'<span class="muted">({escape(language.tag)})</span>')


def html(statuses: Statuses, *, fail_under: float | None = None, link_base: str = "") -> str:
    """A self-contained status page: a card per language, a bar per alert and language,
    and every problem linked to its line (``link_base`` + path + ``#L`` + line)."""
    css, result = _state(statuses, fail_under=fail_under)
    groups = by_language(statuses)
    blocking = [lang for lang, group in groups if not passed(group, fail_under=fail_under)]
    gate = (f"A language fails with any error or a catalog below {fail_under:g}% translated."
            if fail_under is not None else "A language fails with any error.")
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
        '<meta name="referrer" content="no-referrer">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>Translation status</title>",
        f"<style>\n{_STYLE}\n</style>",
        "</head>",
        "<body>",
        "<header>",
        "<h1>Translation status</h1>",
        f'<p><span class="verdict {css}">{escape(result)}</span> ',
    ]
    by_state = states(statuses)
    if blocking:
        names = ", ".join(_language_name(lang) for lang in blocking)
        out.append(f"Not ready to publish: {names}.</p>")
    elif len(by_state[COMPLETE]) == len(groups):
        out.append("Every language is complete and passes the gate.</p>")
    else:
        out.append("Every language passes the gate, but not every one is complete: "
                   "a page falls back to other languages where it is not translated.</p>")
    out.append("<p>" + " ".join(
        f'<span class="state {_css(name)}">{_sentence(name)}</span> '
        + ", ".join(_language_name(lang) for lang in languages) + "."
        for name, languages in by_state.items() if languages) + "</p>")
    out += [f'<p class="muted">{escape(gate)} Fuzzy entries count as untranslated; '
            "percentages are rounded down, so 100% means everything.</p>", "</header>"]

    out += ["<main>", "<h2>Languages</h2>", '<ul class="cards">',
            *_cards(groups, fail_under=fail_under)]
    out += ["</ul>", "<h2>Alerts</h2>",
            '<p class="legend muted">Bars:<span class="t"></span>translated'
            '<span class="f"></span>fuzzy (needs review)<span class="u"></span>untranslated</p>',
            "<table>",
            "<thead><tr><th>Alert</th><th>Language</th><th>Progress</th><th>Messages</th>"
            "<th>Words left</th><th>Fuzzy</th><th>Obsolete</th><th>Reviewed</th>"
            "<th>Problems</th></tr></thead>",
            "<tbody>"]
    for status in statuses:
        m, w = status.messages, status.words
        problems = (f'<a href="#{_anchor(status)}">{_plural(status.errors, "error")}, '
                    f'{_plural(status.warnings, "warning")}</a>' if status.findings
                    else '<span class="none">none</span>')
        out.append(
            f"<tr><td>{escape(status.alert)}</td><td>{_language_name(status.language)}</td>"
            f"<td>{_bar(m)}</td>"
            f'<td class="num">{m.translated}/{m.total} · {_percent(m.percent)}</td>'
            f'<td class="num">{w.total - w.translated} of {w.total}</td>'
            f'<td class="num">{m.fuzzy}</td><td class="num">{m.obsolete}</td>'
            f'<td class="num">{m.reviewed}/{m.total} · {_percent(m.reviewed_percent)}</td>'
            f"<td>{problems}</td></tr>"
        )
    out += ["</tbody>", "</table>", "<h2>Problems</h2>"]
    if not any(s.findings for s in statuses):
        out.append('<p class="none">No problems found.</p>')
    out += _problems(statuses, link_base=link_base)
    out += ["</main>", "</body>", "</html>"]
    return "\n".join(out) + "\n"


def _cards(groups: Sequence[tuple[Language, Statuses]], *,
           fail_under: float | None) -> list[str]:
    """The status page's card of each language: its progress, its state and the gate's."""
    out: list[str] = []
    for language, group in groups:
        messages, words = total(group, "messages"), total(group, "words")
        state_css, gate_state = _state(group, fail_under=fail_under)
        progress = state(messages)
        if state_css == "passed" and progress != COMPLETE:
            state_css = "pending"  # passing the gate is not being ready: not green
        errors = sum(s.errors for s in group)
        warnings = sum(s.warnings for s in group)
        out += [
            f'<li class="card {state_css}">',
            f'<div class="name">{_language_name(language)}</div>',
            f'<div class="percent">{_percent(messages.percent)}</div>',
            _bar(messages),
            f"<p>{escape(_left(words, messages))}<br>"
            f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')}</p>",
            f'<p><span class="state {_css(progress)}">{_sentence(progress)}</span> '
            f'<span class="verdict {state_css}">gate: {escape(gate_state)}</span></p>',
        ]
        reasons = _reasons(group, fail_under=fail_under)
        if reasons:
            out.append('<ul class="reasons">'
                       + "".join(f"<li>{escape(r)}</li>" for r in reasons) + "</ul>")
        out += [
            "</li>",
        ]
    return out


def _problems(statuses: Statuses, *, link_base: str) -> list[str]:
    """The status page's list of problems, each linked to its line, alert by alert."""
    out: list[str] = []
    for status in statuses:
        if not status.findings:
            continue
        out += [
            f'<h3 id="{_anchor(status)}">{escape(status.alert)} · '
            f"{_language_name(status.language)}</h3>",
            '<ol class="problems">',
        ]
        for finding in status.findings:
            where = str(finding.location)
            href = link_base + finding.location.path
            if finding.location.line:
                href += f"#L{finding.location.line}"
            quote = (f'<blockquote lang="en">{escape(_excerpt(finding.msgid, 160))}</blockquote>'
                     if finding.msgid else "")
            out.append(
                f'<li class="{escape(finding.severity)}">'
                f'<span class="severity">{escape(finding.severity)}</span>'
                f"<code>{escape(finding.check)}</code> "
                f'<a href="{escape(href)}">{escape(where)}</a><br>'
                f"{escape(_sentence(finding.message))}{quote}</li>"
            )
        out.append("</ol>")
    return out


def _css(state_name: str) -> str:
    return state_name.replace(" ", "-")


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _anchor(status: Status) -> str:
    return escape("problems-" + "-".join(f"{status.alert} {status.language.tag}".split()))


FORMATS: dict[str, Callable[..., str]] = {"text": text, "json": as_json, "html": html}
