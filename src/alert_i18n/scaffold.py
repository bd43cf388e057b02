"""``alert-i18n new`` and ``init``: a new alert, a new site, without copying this repository."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

from .disk import write_new
from .errors import UsageError
from .model import CHROME_DOMAIN

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
TAKEN = (CHROME_DOMAIN, "index")  # the chrome's catalogs, the index pages
FIRST = "first-alert"

# Keys read by chrome.read_meta (see the README's front matter).  The level and
# the stage are the editor's judgement, so they are offered, not set.
ALERT = """\
---
date: {date}
# The country, as its ISO 3166 code (ML for Mali):
# country: ML
# The alert level: watch, warning or emergency:
# level: watch
# The stage of genocide, 1 to 10 (9: Extermination):
# stage: 1
# Short forms for other channels, when this version reads them:
# headline:
# sms:
# instruction:
---

## {title}

Write the alert here. Each paragraph, heading and list item is one message
that translators see in their catalog.
"""

PYPROJECT = """\
# Settings of this alert site (alert-i18n reads only the [tool.alert-i18n] table).
[tool.alert-i18n]
# The site's name: the link home on every page, the entry page, the feeds.
site-title = "{title}"
# Written into the catalogs' Project-Id-Version.
project = "{title}"
# Languages to update and build (default: the folders under locales/).
# languages = ["fr", "bm"]
# Language of the alerts in source/.
# source-language = "en"
# Percent of an alert's messages a language must translate for its page to be published.
# publish-threshold = 0
# The absolute URL build/ is published at: absolute hreflang, canonical and feed links.
# base-url = "https://example.org/alerts/"

# [tool.alert-i18n.fallbacks]
# Untranslated Bambara passages shown in French, then English:
# bm = ["fr"]

# [tool.alert-i18n.language-names]
# A native name CLDR lacks:
# "bm-Nkoo" = "ߓߡߊߣߊ߲ߞߊ߲"
"""

GITIGNORE = """\
.alert-i18n-cache/
*.mo
"""


def check_slug(slug: str) -> None:
    """Refuse a slug that is not lower-case letters, digits and single hyphens, or is taken."""
    if not SLUG.fullmatch(slug) or len(slug) > 100:
        raise UsageError(f"{slug!r} is not an alert name: use lower-case letters, digits and "
                         "hyphens (for example mali-2020-08)")
    if slug in TAKEN:
        raise UsageError(f"the name {slug!r} is taken by the site's own pages: choose another")


def alert_text(slug: str, *, title: str | None = None,
               today: datetime.date | None = None) -> str:
    """The Markdown of a new alert: front matter with today's date, a heading, a paragraph."""
    day = today or datetime.date.today()
    heading = " ".join((title or slug.replace("-", " ").capitalize()).split())
    if not heading:
        raise UsageError("--title is empty")
    return ALERT.format(date=day.isoformat(), title=heading)


def new_alert(root: Path, slug: str, *, title: str | None = None,
              today: datetime.date | None = None) -> str:
    """Write ``source/<slug>.md``; its path as the user knows it.  Never overwrites."""
    check_slug(slug)
    text = alert_text(slug, title=title, today=today)
    folder = root / "source"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{slug}.md"
    try:
        write_new(path, text.encode("utf-8"))
    except FileExistsError:
        raise UsageError("exists already: choose another name, or edit it",
                         path=f"source/{slug}.md") from None
    return f"source/{slug}.md"


def init_site(target: Path, *, title: str = "Alerts",
              today: datetime.date | None = None) -> list[str]:
    """A new site in ``target``: settings, folders, a first alert.  Refuses to overwrite."""
    files = {
        "pyproject.toml": PYPROJECT.format(title=title),
        ".gitignore": GITIGNORE,
        f"source/{FIRST}.md": alert_text(FIRST, title="First alert", today=today),
    }
    if target.exists() and not target.is_dir():
        raise UsageError(f"{target} is a file, not a folder")
    there = [name for name in files if (target / name).exists()]
    if there:
        raise UsageError(f"{target} is not empty: {', '.join(there)} would be overwritten; "
                         "choose an empty folder")
    for name, text in files.items():
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        write_new(path, text.encode("utf-8"))
    (target / "locales").mkdir(exist_ok=True)
    shown = target.as_posix()
    return [
        f"made a new alert site in {shown}/: pyproject.toml, source/{FIRST}.md, locales/",
        "next:",
        f"  alert-i18n -C {shown} update -l fr     # a French catalog per alert (any language)",
        f"  alert-i18n -C {shown} serve            # preview while you edit",
        f"  alert-i18n -C {shown} new SLUG --title 'Title'   # the next alert",
        f"  alert-i18n -C {shown} build            # build/ to publish",
    ]
