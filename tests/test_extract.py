"""A document's template: one message per distinct block text, in document order."""

from __future__ import annotations

from alert_i18n.extract import template, template_header
from alert_i18n.segment import parse_source


def test_one_message_per_distinct_text_with_every_reference_and_kind() -> None:
    document = parse_source("# Act now\n\nAct now\n\n- Act now\n- Stay safe\n",
                            path="source/a.md")
    catalog = template(document, project="Watch")
    assert [m.msgid for m in catalog.messages] == ["Act now", "Stay safe"]
    first = catalog.messages[0]
    assert first.references == ("source/a.md:1", "source/a.md:3", "source/a.md:5")
    assert first.extracted_comments == ("heading 1", "paragraph", "list item")
    assert catalog.header_value("Project-Id-Version") == "Watch a"
    assert catalog.header_flags == ("fuzzy",)
    assert catalog.header_comments == ("Messages of the alert source/a.md.",)


def test_the_template_header_names_the_domain_and_leaves_the_rest_to_translators() -> None:
    header = dict(template_header(project="alerts", domain="site"))
    assert header["Project-Id-Version"] == "alerts site"
    assert header["Content-Type"] == "text/plain; charset=UTF-8"
    assert header["Language"] == "" and header["Last-Translator"].startswith("FULL NAME")
