"""Every word a person reads is in English, Simplified and Traditional Chinese: the catalogues hold every
message the code and templates ask for, each one translated, and the compiled files say the same."""

import os
from pathlib import Path

import polib
import pytest
from django.core.management import call_command
from django.test import override_settings

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = ["en", "zh_Hans", "zh_Hant"]
NOT_SOURCES = {"locale", "var", "bench", "node_modules", "docs", "static"}


def catalogue(language, suffix="po"):
    path = ROOT / "locale" / language / "LC_MESSAGES" / f"django.{suffix}"
    return polib.pofile(str(path)) if suffix == "po" else polib.mofile(str(path))


def live(entries):
    return [e for e in entries if not e.obsolete]


def text_of(entry):
    return entry.msgstr_plural if entry.msgid_plural else entry.msgstr


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """The messages the code asks for today, extracted afresh with GNU gettext as `make messages` does, from
    links to the sources in a scratch folder: makemessages writes into any `locale` folder it finds."""
    scratch = tmp_path_factory.mktemp("sources")
    for source in ROOT.iterdir():
        if source.is_dir() and source.name not in NOT_SOURCES and not source.name.startswith("."):
            (scratch / source.name).symlink_to(source)
    here = os.getcwd()
    os.chdir(scratch)
    try:
        with override_settings(LOCALE_PATHS=[scratch / "extracted"]):
            call_command("makemessages", locale=["en"], symlinks=True, verbosity=0)
    finally:
        os.chdir(here)
    return {(e.msgctxt, e.msgid) for e in live(polib.pofile(str(scratch / "extracted/en/LC_MESSAGES/django.po")))}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_catalogue_holds_every_message_the_code_asks_for(extracted, language):
    held = {(e.msgctxt, e.msgid) for e in live(catalogue(language))}
    assert sorted(extracted - held, key=str) == [], "run `make messages` and translate what it adds"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated(language):
    untranslated = [e.msgid for e in live(catalogue(language)) if not e.translated() or "fuzzy" in e.flags]
    assert untranslated == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalogue_says_what_the_catalogue_says(language):
    compiled = {(e.msgctxt, e.msgid): text_of(e) for e in catalogue(language, "mo")}
    differs = [e.msgid for e in live(catalogue(language)) if compiled.get((e.msgctxt, e.msgid)) != text_of(e)]
    assert differs == [], "run `make messages` to compile the .mo files"
