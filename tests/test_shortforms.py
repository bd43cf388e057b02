"""shortforms: the headline, SMS summary and instruction, from the front matter."""

from __future__ import annotations

from alert_i18n import shortforms
from alert_i18n.model import Message
from alert_i18n.segment import parse_source

SOURCE = """---
title: Genocide Emergency
headline: Killings in central Mali
sms:   Militias are killing civilians.
level: emergency
---

# Genocide Emergency

Body text.
"""


def test_short_forms_are_messages_with_their_budget_and_line() -> None:
    document = parse_source(SOURCE, path="source/a.md")
    found = shortforms.segments(document)
    assert [(s.msgid, s.location.line) for s in found] == [
        ("Killings in central Mali", 3), ("Militias are killing civilians.", 4)]
    assert found[0].kind == shortforms.comment(shortforms.HEADLINE)
    budgets = [shortforms.budget(Message(msgid=s.msgid, extracted_comments=[s.kind]))
               for s in found]
    assert budgets == [shortforms.HEADLINE.budget, shortforms.SUMMARY.budget]


def test_a_message_without_a_budget_is_no_short_form() -> None:
    assert shortforms.budget(Message(msgid="x", extracted_comments=["a paragraph"])) is None


def test_the_comment_states_the_characters_a_budget_allows() -> None:
    assert "160 characters, or 70" in shortforms.comment(shortforms.HEADLINE)
    assert "306 characters, or 134" in shortforms.comment(shortforms.SUMMARY)


def test_texts_in_a_language_are_its_translations_or_none() -> None:
    document = parse_source(SOURCE, path="source/a.md")
    english = shortforms.texts(document, None)
    assert english.complete and english.get("sms") == "Militias are killing civilians."
    french = shortforms.texts(document, {"Killings in central Mali": "Tueries au centre du Mali"})
    assert french.get("headline") == "Tueries au centre du Mali"
    assert french.get("sms") is None and not french.complete
