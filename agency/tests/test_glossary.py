"""One word for one thing in Traditional Chinese: wherever an English message names a trade term of
docs/glossary.md (campaign, booking, make-good, insertion order...), its zh_Hant translation uses the
glossary's 繁體 term, so a reader never wonders whether two words mean two things."""

import re

import polib

from conftest import BASE_DIR

GLOSSARY = BASE_DIR / "docs" / "glossary.md"
CATALOGUE = BASE_DIR / "locale" / "zh_Hant" / "LC_MESSAGES" / "django.po"
# Messages where the term is rightly not translated word for word, and why.
EXCEPTIONS = {
    "End of campaign": "the kind of notice sent when a campaign goes off air: the 下畫通知 itself",
}


def glossary():
    """[(English term, [accepted 繁體 forms])], longest term first, from the glossary's table."""
    terms = []
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.startswith("|") and len(cells) == 4 and cells[0] not in ("English", "---"):
            terms.append((cells[0], [form.strip() for form in cells[2].split(" / ")]))
    return sorted(terms, key=lambda term: -len(term[0]))


def pattern(term):
    """The term as a word, singular or plural, with a space or a hyphen between its words."""
    words = [re.escape(word) for word in re.split(r"[- ]", term)]
    return re.compile(r"\b" + "[- ]".join(words) + r"(?:s|es)?\b", re.IGNORECASE)


def mismatches():
    terms = [(term, forms, pattern(term)) for term, forms in glossary()]
    found = []
    for entry in polib.pofile(str(CATALOGUE)):
        if entry.obsolete or not entry.msgstr or "fuzzy" in entry.flags or entry.msgid in EXCEPTIONS:
            continue
        text = re.sub(r"%\(\w+\)[sd]", " ", entry.msgid)  # a placeholder named "client" is not the word
        for term, forms, words in terms:
            if words.search(text):
                text = words.sub(" ", text)  # "creative brief" is checked once, not again as "brief"
                if not any(form in entry.msgstr for form in forms):
                    found.append(f"{entry.msgid!r} ({term}: {' / '.join(forms)}) -> {entry.msgstr!r}")
    return found


def test_the_glossary_has_every_trade_term_in_three_languages():
    terms = dict(glossary())
    needed = ["campaign", "creative brief", "production estimate", "final ad", "media plan", "booking", "make-good"]
    needed += ["end-of-campaign notice", "insertion order", "contact report", "satisfaction survey", "addressee"]
    for term in needed:
        assert terms.get(term), f"{term} is missing from docs/glossary.md"
    assert terms["end-of-campaign notice"] == ["下畫通知"]
    assert terms["contact"][0] == "聯絡人"


def test_the_traditional_chinese_catalogue_uses_the_glossary_terms():
    assert mismatches() == []
