"""Alerts a build takes whole from the manifest: none of their files changed.

When the plan (the tool, the settings, the languages, the page chrome) and an
alert's own files (its source, its catalogs, its recordings) are as the last
build found them, and its outputs are still in place as written, nothing of
the alert is read or made again: its front matter, what its pages list on the
index pages and feeds, what it told the user and its CAP feed entry come from
its manifest entry (``incremental.AlertEntry``).  The build's work is then
proportional to what changed, not to the archive.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from . import incremental
from .chrome import AlertMeta
from .incremental import AlertEntry, Record, Sources
from .model import Language, Published, Report


def encode_meta(meta: AlertMeta) -> dict[str, Any]:
    return {"date": meta.date.isoformat() if meta.date else None, "day": meta.day,
            "country": meta.country, "level": meta.level, "stage": meta.stage}


def decode_meta(data: Mapping[str, Any]) -> AlertMeta:
    date = data["date"]
    return AlertMeta(date=datetime.date.fromisoformat(date) if date else None,
                     day=bool(data["day"]), country=data["country"], level=data["level"],
                     stage=data["stage"])


class Reused(NamedTuple):
    """An alert taken from the manifest: what skipping it tells and lists (a tuple: made
    for each of thousands of alerts)."""

    slug: str
    told: dict[str, Any]


def entry(*, inputs: str, sources: Sources, meta: AlertMeta, notes: Sequence[str],
          records: dict[str, Record],
          wanted: Sequence[Language], languages: Sequence[Language],
          cap: Mapping[str, str] | None, media: str) -> AlertEntry:
    """The manifest entry of an alert just built: what a build that skips it needs.

    ``told`` is what a build that replays each language's record says (its
    notes and errors, the files found as they were, the languages it is
    published in) and lists in the CAP feed; ``told["index"]``, the digest of
    all that the index pages and feeds show of it (``media``: the digest of its
    recordings).  What they show, its pages' summaries, is ``published``: read
    only when the index pages are made again.
    """
    notes_told: list[str] = []
    errors: list[list[Any]] = []
    for language in languages:
        record = records.get(language.tag)
        if record is not None:
            notes_told.extend(record.notes)
            errors.extend(record.errors)
    published = {tag: record.data["result"] for tag, record in records.items()
                 if record.data.get("published")}
    head = {"meta": encode_meta(meta), "notes": list(notes)}
    unchanged = sum(len(records[lang.tag].outputs) for lang in wanted if lang.tag in published)
    return AlertEntry(
        inputs=inputs, sources=sources, head=head, jobs=records, published=published,
        told={"notes": notes_told, "errors": errors, "unchanged": unchanged,
              "count": sum(len(record.outputs) for record in records.values()),
              "shown": sorted(published), "cap": dict(cap) if cap else None,
              "index": incremental.digest(json.dumps([head["meta"], published, media],
                                                     sort_keys=True, ensure_ascii=False))})


def replay(told: Mapping[str, Any], report: Report) -> None:
    """What a reused alert says, told in ``report``."""
    report.notes.extend(told["notes"])
    report.unchanged += int(told["unchanged"])
    report.errors.extend(incremental.decode_error(e) for e in told["errors"])


def listed(published: Mapping[str, Any], languages: Sequence[Language]
           ) -> dict[str, Published]:
    """An alert's pages as the index pages list them, from its entry's ``published``."""
    return {
        language.tag: Published.from_summary(published[language.tag], language).for_index()
        for language in languages if language.tag in published
    }
