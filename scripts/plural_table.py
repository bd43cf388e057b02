"""Write src/alert_i18n/data/plural-forms.tsv: the Plural-Forms header of every CLDR language.

The table is generated once, from a pinned Babel release, and committed: a new
catalog's header must not depend on which Babel a user happens to install
(Babel 2.19 gave French a third form, CLDR's "many" for millions).

    python -m venv /tmp/babel218 && /tmp/babel218/bin/pip install babel==2.18.0
    /tmp/babel218/bin/python scripts/plural_table.py > src/alert_i18n/data/plural-forms.tsv

For each locale Babel 2.18.0 (CLDR 47) knows: Babel's own gettext table where it
has the locale (it is GNU gettext's, e.g. French ``(n > 1)``), else CLDR's rule
written in gettext's grammar.  A locale is listed only where it differs from
its language, so ``fr_CA`` falls back to ``fr``.
"""

from __future__ import annotations

import re
import sys

import babel
from babel import Locale, localedata
from babel.messages.plurals import PLURALS
from babel.plural import to_gettext

EXPECTED = "2.18.0"

# CLDR rules whose gettext form is well known; Babel's generic translation of
# them is correct but unreadable.
SIMPLE_RULES = {
    (): "nplurals=1; plural=0;",
    (("one", "i in 0,1"),): "nplurals=2; plural=(n > 1);",
    (("one", "n in 1"),): "nplurals=2; plural=(n != 1);",
    (("one", "i in 1 and v in 0"),): "nplurals=2; plural=(n != 1);",
}


def plural_forms(locale: Locale) -> str:
    """The Plural-Forms header Babel 2.18.0 gives ``locale``."""
    known = PLURALS.get(str(locale)) or PLURALS.get(locale.language)
    if known is not None:
        return f"nplurals={known[0]}; plural={known[1]};"
    rules = tuple(sorted(locale.plural_form.rules.items()))
    if rules in SIMPLE_RULES:
        return SIMPLE_RULES[rules]
    # gettext's n is an integer, so CLDR's exponent operand e is 0, as Babel
    # already writes for v, w, f and t; left as "e", msgfmt rejects the rule.
    return re.sub(r"\be\b", "0", to_gettext(locale.plural_form).strip())


def main() -> int:
    if babel.__version__ != EXPECTED:
        print(f"this table is made with Babel {EXPECTED}, not {babel.__version__}", file=sys.stderr)
        return 2
    rows: dict[str, str] = {}
    for identifier in sorted(localedata.locale_identifiers()):
        locale = Locale.parse(identifier)
        if locale.territory or locale.variant:
            continue
        rows[str(locale)] = plural_forms(locale)
    print(f"# Plural-Forms of every CLDR language: CLDR 47 through Babel {EXPECTED}.")
    print("# Made by scripts/plural_table.py; edit that, not this file.")
    print("# locale\tPlural-Forms")
    for name, forms in sorted(rows.items()):
        language = name.split("_")[0]
        if name != language and rows.get(language) == forms:
            continue
        print(f"{name}\t{forms}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
