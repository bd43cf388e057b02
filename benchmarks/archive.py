"""A synthetic archive of N alerts, each with French and Bambara catalogs.

Every alert is the sample alert (``source/mali-2020-08.md``) varied
deterministically from a seed: years shifted, casualty figures changed, a
sentence added to some paragraphs, a block dropped from some alerts.  The
translations are varied the same way, so the catalogs pass ``check``.  Each
catalog is a little behind its English, as real ones are: some entries carry
an older English text (``update`` pairs them as fuzzy), some are untranslated
(translation memory fills them, exactly when another alert has the same
English, as a suggestion when it has a similar one), a few are fuzzy, and an
entry whose block was dropped becomes obsolete.

Same seed and N, same bytes.
"""

from __future__ import annotations

import random
import re
import shutil
from dataclasses import dataclass, replace
from pathlib import Path

from alert_i18n import extract
from alert_i18n.model import Catalog, Message
from alert_i18n.po.reader import read_po
from alert_i18n.po.writer import write_po
from alert_i18n.segment import parse_source

REPO = Path(__file__).resolve().parent.parent
SAMPLE = "mali-2020-08"
LANGUAGES = ("fr", "bm")

# English sentences added to some paragraphs, with their French translations.
# Bambara catalogs leave such paragraphs untranslated (they fall back to
# English, or translation memory suggests another alert's version).
FILLERS = (
    ("Local observers say the violence has spread to new districts.",
     "Selon des observateurs locaux, les violences ont gagné de nouveaux districts."),
    ("Humanitarian agencies report that access to the affected areas remains difficult.",
     "Les organisations humanitaires signalent que l’accès aux zones touchées reste difficile."),
    ("Several villages have been abandoned by their inhabitants.",
     "Plusieurs villages ont été abandonnés par leurs habitants."),
    ("Markets and schools in the region have closed.",
     "Les marchés et les écoles de la région ont fermé."),
    ("Witnesses describe attacks carried out at night.",
     "Des témoins décrivent des attaques menées de nuit."),
    ("The authorities have announced an investigation.",
     "Les autorités ont annoncé une enquête."),
    ("Aid convoys have been delayed on the main roads.",
     "Des convois d’aide ont été retardés sur les grands axes."),
    ("Families displaced by the fighting need food, water and shelter.",
     "Les familles déplacées par les combats ont besoin de nourriture, d’eau et d’abris."),
    ("Regional leaders have called for calm.",
     "Les dirigeants régionaux ont appelé au calme."),
    ("Human rights groups have documented arbitrary arrests.",
     "Des organisations de défense des droits humains ont documenté des arrestations "
     "arbitraires."),
    ("Journalists have been prevented from reaching the area.",
     "Des journalistes ont été empêchés de se rendre sur place."),
    ("Farmers can no longer reach their fields.",
     "Les agriculteurs ne peuvent plus accéder à leurs champs."),
)

# Words each alert may say differently, in English only (the translations keep
# theirs): most paragraphs then differ from alert to alert, as real ones do,
# and translation memory finds them similar rather than identical.
SYNONYMS = {
    "civilians": ("civilians", "non-combatants", "villagers"),
    "killed": ("killed", "murdered", "slain"),
    "government": ("government", "authorities"),
    "violence": ("violence", "bloodshed"),
    "attacks": ("attacks", "raids", "assaults"),
    "region": ("region", "area"),
    "groups": ("groups", "factions"),
    "northern": ("northern", "north"),
    "security forces": ("security forces", "the army"),
    "increase": ("increase", "expand"),
    "protection": ("protection", "security"),
    "thousands": ("thousands", "many thousands"),
    "dramatically": ("dramatically", "sharply"),
    "fighting": ("fighting", "conflict"),
    "leaders": ("leaders", "figures"),
}
_WORDS = re.compile(r"\b(" + "|".join(sorted(SYNONYMS, key=len, reverse=True)) + r")\b")
_YEAR = re.compile(r"\b20[0-2]\d\b")
_THOUSANDS = re.compile(r"\b4([,\u00a0\u202f ])000\b")
_COUNT = re.compile(r"\b589\b")


@dataclass(frozen=True)
class Variation:
    """How one alert differs from the sample: the same for English and translations."""

    years: int
    thousands: int
    count: int
    words: tuple[tuple[str, str], ...] = ()

    def english(self, text: str) -> str:
        """The English text of this alert: numbers, and some words said otherwise."""
        chosen = dict(self.words)
        return _WORDS.sub(lambda m: chosen.get(m.group(), m.group()), self.apply(text))

    def apply(self, text: str) -> str:
        """Numbers changed; for translations and English alike."""
        text = _YEAR.sub(lambda m: str(int(m.group()) + self.years), text)
        text = _THOUSANDS.sub(
            lambda m: f"{self.thousands:,}".replace(",", m.group(1)), text)
        return _COUNT.sub(str(self.count), text)


def _variation(rng: random.Random) -> Variation:
    words = tuple((word, rng.choice(choices)) for word, choices in SYNONYMS.items())
    return Variation(rng.randrange(0, 6), rng.randrange(2, 20) * 500, rng.randrange(100, 1000),
                     words)


def _sample_catalogs() -> dict[str, dict[str, str]]:
    tables = {}
    for lang in LANGUAGES:
        path = REPO / "locales" / lang / "LC_MESSAGES" / f"{SAMPLE}.po"
        catalog = read_po(path.read_bytes(), path=str(path))
        tables[lang] = {m.msgid: m.msgstr for m in catalog.active if m.translated}
    return tables


def _paragraph_lines(lines: list[str]) -> list[int]:
    """Indexes of single-line body paragraphs and list items (where a sentence can go)."""
    body = lines.index("---", 1) + 1 if lines and lines[0] == "---" else 0
    return [
        i for i in range(body, len(lines))
        if lines[i].strip() and not lines[i].startswith(("#", "---")) and lines[i].endswith(".")
    ]


def _translations(text: str, table: dict[str, str], variation: Variation,
                  fillers: dict[str, tuple[str, str]], lang: str) -> dict[str, str]:
    """Varied English -> varied translation for every message of the varied alert."""
    result: dict[str, str] = {}
    for english, translated in table.items():
        varied = variation.english(english)
        result[varied] = variation.apply(translated)
        if english in fillers:
            extra_en, extra_fr = fillers[english]
            result[variation.english(f"{english} {extra_en}")] = (
                f"{variation.apply(translated)} {extra_fr}" if lang == "fr" else "")
    return result


def generate(root: Path, count: int, *, seed: int = 2020) -> list[str]:
    """Write ``count`` alerts with fr and bm catalogs under ``root``; return the slugs."""
    if root.exists():
        shutil.rmtree(root)
    (root / "source").mkdir(parents=True)
    shutil.copy(REPO / "pyproject.toml", root / "pyproject.toml")
    sample = (REPO / "source" / f"{SAMPLE}.md").read_text(encoding="utf-8")
    tables = _sample_catalogs()
    headers = {
        lang: read_po(
            (REPO / "locales" / lang / "LC_MESSAGES" / f"{SAMPLE}.po").read_bytes(), path=lang)
        for lang in LANGUAGES
    }
    slugs = []
    for number in range(count):
        rng = random.Random(f"{seed}:{number}")
        slug = f"alert-{number:04d}"
        slugs.append(slug)
        variation = _variation(rng)
        lines = sample.split("\n")
        candidates = _paragraph_lines(lines)
        # A sentence added to up to three paragraphs (English edited after the sample).
        fillers: dict[str, tuple[str, str]] = {}
        for index in rng.sample(candidates, rng.randrange(0, 4)):
            english, french = FILLERS[rng.randrange(len(FILLERS))]
            original = lines[index].lstrip("- ").rstrip()
            fillers[original] = (english, french)
            lines[index] = lines[index].rstrip() + " " + english
        dropped = None
        if rng.random() < 0.3:  # a block removed since the catalogs were made
            dropped = rng.choice(candidates)
        kept = [line for i, line in enumerate(lines) if i != dropped]
        text = variation.english("\n".join(kept))
        path = f"source/{slug}.md"
        (root / path).write_text(text, encoding="utf-8")
        document = parse_source(text, path=path)
        template = extract.template(document, project="Genocide Watch alerts")
        stale = _variation(rng)  # the English an older catalog was made from
        for lang in LANGUAGES:
            table = _translations(text, tables[lang], variation, fillers, lang)
            old_table = _translations(text, tables[lang], stale, {}, lang)
            messages = []
            for message in template.messages:
                msgstr = table.get(message.msgid, "")
                msgid = message.msgid
                flags: tuple[str, ...] = ()
                roll = rng.random()
                original = next((e for e in tables[lang] if variation.english(e) == msgid),
                                None)
                if roll < 0.10 and original is not None:
                    # translated from an older English: update pairs it as fuzzy
                    msgid = stale.english(original)
                    msgstr = old_table[msgid]
                elif roll < 0.18:
                    msgstr = ""  # translation memory's work
                elif roll < 0.22 and msgstr:
                    flags = ("fuzzy",)
                messages.append(replace(message, msgid=msgid, msgstr=msgstr, flags=flags))
            if dropped is not None:
                gone = variation.english(sample.split("\n")[dropped].lstrip("- ").rstrip())
                if table.get(gone):
                    messages.append(Message(msgid=gone, msgstr=table[gone],
                                            references=(f"{path}:{dropped + 1}",)))
            header = tuple(
                (key, f"Genocide Watch alerts {slug}" if key == "Project-Id-Version" else value)
                for key, value in headers[lang].header
            )
            catalog = Catalog(header=header, header_comments=headers[lang].header_comments,
                              messages=tuple(messages))
            target = root / "locales" / lang / "LC_MESSAGES" / f"{slug}.po"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(write_po(catalog), encoding="utf-8")
    return slugs
