"""One word for one thing: wherever an English message names a trade term of docs/glossary.md (campaign,
booking, make-good, insertion order...), its Simplified and Traditional Chinese translations use the
glossary's term, so a reader never wonders whether two words mean two things; and a Traditional Chinese page
reads in Hong Kong and Taiwan words."""

import re

import polib
import pytest

from conftest import BASE_DIR

GLOSSARY = BASE_DIR / "docs" / "glossary.md"
COLUMNS = {"zh_Hans": 1, "zh_Hant": 2}
# Messages where the term is rightly not translated word for word, and why.
EXCEPTIONS = {
    "End of campaign": "the kind of notice sent when a campaign goes off air: the 下画通知 itself",
}


def glossary(column):
    """[(English term, [accepted forms in that column])], longest term first, from the glossary's table."""
    terms = []
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.startswith("|") and len(cells) == 4 and cells[0] not in ("English", "---"):
            terms.append((cells[0], [form.strip() for form in cells[column].split(" / ")]))
    return sorted(terms, key=lambda term: -len(term[0]))


def pattern(term):
    """The term as a word, singular or plural, with a space or a hyphen between its words."""
    words = [re.escape(word) for word in re.split(r"[- ]", term)]
    return re.compile(r"\b" + "[- ]".join(words) + r"(?:s|es)?\b", re.IGNORECASE)


def mismatches(language):
    terms = [(term, forms, pattern(term)) for term, forms in glossary(COLUMNS[language])]
    found = []
    for entry in polib.pofile(str(BASE_DIR / "locale" / language / "LC_MESSAGES" / "django.po")):
        translations = [t for t in [entry.msgstr, *entry.msgstr_plural.values()] if t]
        if entry.obsolete or not translations or "fuzzy" in entry.flags or entry.msgid in EXCEPTIONS:
            continue
        text = re.sub(r"%\(\w+\)[sd]", " ", f"{entry.msgid} {entry.msgid_plural or ''}")  # "%(client)s" is no word
        for term, forms, words in terms:
            if words.search(text):
                text = words.sub(" ", text)  # "creative brief" is checked once, not again as "brief"
                if not all(any(form in t for form in forms) for t in translations):
                    found.append(f"{entry.msgid!r} ({term}: {' / '.join(forms)}) -> {translations[0]!r}")
    return found


def test_the_glossary_has_every_trade_term_in_three_languages():
    terms = dict(glossary(COLUMNS["zh_Hant"]))
    needed = ["campaign", "creative brief", "production estimate", "final ad", "media plan", "booking", "make-good"]
    needed += ["end-of-campaign notice", "insertion order", "contact report", "satisfaction survey", "addressee"]
    for term in needed:
        assert terms.get(term), f"{term} is missing from docs/glossary.md"
    assert terms["end-of-campaign notice"] == ["下畫通知"]
    assert terms["contact"][0] == "聯絡人"


@pytest.mark.parametrize("language", COLUMNS)
def test_the_catalogue_uses_the_glossary_terms(language):
    assert mismatches(language) == []


@pytest.mark.django_db
def test_a_traditional_chinese_page_reads_in_the_glossarys_words(client, campaign, personas):
    personas.member.language = "zh-hant"
    personas.member.save()
    client.force_login(personas.member)

    page = client.get(f"/campaigns/{campaign.pk}/").content.decode()

    for english, forms in glossary(COLUMNS["zh_Hant"]):
        if english in ("campaign", "creative brief", "media plan", "booking"):
            assert forms[0] in page, english
    for mainland in ("信息", "軟件", "鏈接", "聯繫人", "项目", "項目"):
        assert mainland not in page
