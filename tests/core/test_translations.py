"""The English catalog: complete, compiled from its source, and used."""

import gettext
import shutil
import subprocess
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parents[2] / "src" / "liandong" / "locale" / "en" / "LC_MESSAGES"
needs_gettext = pytest.mark.skipif(
    shutil.which("msgfmt") is None,
    reason="GNU gettext is not installed (make test installs it as root: apt-get install gettext)",
)


@needs_gettext
def test_every_message_has_an_english_translation():
    untranslated = subprocess.run(
        ["msgattrib", "--untranslated", "--no-obsolete", str(LOCALE / "django.po")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    fuzzy = subprocess.run(
        ["msgattrib", "--only-fuzzy", str(LOCALE / "django.po")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    # The only entry left is the catalog's header.
    assert untranslated.count("\nmsgid ") == 0, untranslated
    assert fuzzy.count("\nmsgid ") == 0, fuzzy


@needs_gettext
def test_the_committed_catalog_is_compiled_from_its_source(tmp_path):
    compiled = tmp_path / "django.mo"
    subprocess.run(
        ["msgfmt", "--check", "-o", str(compiled), str(LOCALE / "django.po")], check=True
    )
    fresh = gettext.GNUTranslations(compiled.open("rb"))._catalog
    committed = gettext.GNUTranslations((LOCALE / "django.mo").open("rb"))._catalog
    assert committed == fresh, "run `make messages` and commit django.mo"


def test_the_pages_speak_english_when_asked(client):
    response = client.get("/login/", HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert '<html lang="en">' in page
    assert "Sign in" in page
