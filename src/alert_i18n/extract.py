"""SourceDocument -> template catalog (in memory)."""

from __future__ import annotations

from . import shortforms
from .model import Catalog, Message, SourceDocument

TEMPLATE_HEADER = (
    ("Project-Id-Version", ""),
    ("Report-Msgid-Bugs-To", ""),
    ("PO-Revision-Date", "YEAR-MO-DA HO:MI+ZONE"),
    ("Last-Translator", "FULL NAME <EMAIL@ADDRESS>"),
    ("Language-Team", "LANGUAGE <LL@li.org>"),
    ("Language", ""),
    ("MIME-Version", "1.0"),
    ("Content-Type", "text/plain; charset=UTF-8"),
    ("Content-Transfer-Encoding", "8bit"),
)


def template_header(*, project: str, domain: str) -> tuple[tuple[str, str], ...]:
    """The header fields of a .pot, with ``Project-Id-Version`` naming the domain."""
    return tuple(
        (key, f"{project} {domain}" if key == "Project-Id-Version" else value)
        for key, value in TEMPLATE_HEADER
    )


def template(document: SourceDocument, *, project: str) -> Catalog:
    """The .pot for one alert: one message per distinct block text, in document order."""
    order: list[str] = []
    references: dict[str, list[str]] = {}
    comments: dict[str, list[str]] = {}
    # Short forms (front matter: headline, sms, instruction) first, as in the file.
    for segment in (*shortforms.segments(document), *document.segments):
        msgid = segment.msgid
        if msgid not in references:
            order.append(msgid)
            references[msgid] = []
            comments[msgid] = []
        reference = f"{segment.location.path}:{segment.location.line}"
        if reference not in references[msgid]:
            references[msgid].append(reference)
        if segment.kind not in comments[msgid]:
            comments[msgid].append(segment.kind)
    messages = tuple(
        Message(
            msgid=msgid,
            references=tuple(references[msgid]),
            extracted_comments=tuple(comments[msgid]),
        )
        for msgid in order
    )
    return Catalog(
        header=template_header(project=project, domain=document.slug),
        header_comments=(f"Messages of the alert {document.path}.",),
        header_flags=("fuzzy",),
        messages=messages,
    )
