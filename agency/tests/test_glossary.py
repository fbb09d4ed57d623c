"""The trade's words, the same everywhere: every message that names a term of docs/glossary.md uses the
glossary's translation in Simplified and Traditional Chinese, and a Traditional Chinese page reads in them."""

import re
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w+\}")


def glossary():
    """[(english, simplified, traditional)], longest English first (so "contact report" is read before "contact")."""
    rows = []
    for line in (ROOT / "docs/glossary.md").read_text().splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[0] not in ("English", "---"):
            rows.append(tuple(cells[:3]))
    return sorted(rows, key=lambda row: -len(row[0]))


def naming(term):
    """The term as a word in a message: any case, singular or plural."""
    words = r"[\s-]+".join(re.escape(word) for word in re.split(r"[\s-]+", term))
    return re.compile(rf"(?<![\w-]){words}(?:s|es)?(?![\w-])", re.IGNORECASE)


def test_the_glossary_has_the_trade_terms():
    terms = {english for english, _hans, _hant in glossary()}
    assert {"campaign", "booking", "make-good", "insertion order", "end-of-campaign notice", "airing proof"} <= terms


@pytest.mark.parametrize(("language", "column"), [("zh_Hans", 1), ("zh_Hant", 2)])
def test_every_message_naming_a_term_uses_its_translation(language, column):
    catalogue = polib.pofile(str(ROOT / f"locale/{language}/LC_MESSAGES/django.po"))
    terms = glossary()
    off = []
    for entry in catalogue:
        if entry.obsolete:
            continue
        text = PLACEHOLDER.sub(" ", entry.msgid + " " + (entry.msgid_plural or ""))
        translations = [t for t in [entry.msgstr, *entry.msgstr_plural.values()] if t]
        for row in terms:
            pattern = naming(row[0])
            if pattern.search(text):
                text = pattern.sub(" ", text)
                if any(row[column] not in translation for translation in translations):
                    off.append((row[0], entry.msgid, translations[0]))
    assert off == []


@pytest.mark.django_db
def test_a_traditional_chinese_page_reads_in_the_glossarys_words(client, campaign, personas):
    personas.member.language = "zh-hant"
    personas.member.save()
    client.force_login(personas.member)

    page = client.get(f"/campaigns/{campaign.pk}/").content.decode()

    for english, _simplified, traditional in glossary():
        if english in ("campaign", "creative brief", "media plan", "booking"):
            assert traditional in page, english
    for mainland in ("信息", "軟件", "鏈接", "聯繫人", "项目", "項目"):
        assert mainland not in page
