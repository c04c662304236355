from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import polib
import pytest
from django.utils import translation

LOCALE = Path(__file__).resolve().parents[2] / "locale" / "id" / "LC_MESSAGES"


def test_indonesian_catalogue_is_complete_and_compiled():
    po = polib.pofile(str(LOCALE / "django.po"))
    untranslated = [e.msgid for e in po if not e.translated() or "fuzzy" in e.flags]
    assert untranslated == []
    mo = polib.mofile(str(LOCALE / "django.mo"))
    compiled = {(e.msgid, e.msgstr or e.msgstr_plural.get(0, "")) for e in mo if e.msgid}
    source = {(e.msgid, e.msgstr or e.msgstr_plural.get(0, "")) for e in po}
    assert source == compiled, "run `make messages`: django.mo is older than django.po"


def test_placeholders_survive_translation():
    po = polib.pofile(str(LOCALE / "django.po"))
    import re

    for entry in po:
        wanted = sorted(re.findall(r"%\(\w+\)s", entry.msgid))
        got = sorted(re.findall(r"%\(\w+\)s", entry.msgstr or entry.msgstr_plural.get(0, "")))
        assert wanted == got, entry.msgid


@pytest.mark.django_db
def test_pages_speak_indonesian_by_default_and_english_on_request(client):
    page = client.get("/").content.decode()
    assert 'lang="id"' in page
    assert "Masuk" in page and "Sign in" not in page
    client.cookies["django_language"] = "en"
    page = client.get("/").content.decode()
    assert 'lang="en"' in page
    assert "Sign in" in page


@pytest.mark.django_db
def test_language_switch_sets_the_choice(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert client.get("/").content.decode().count("Sign in") >= 1


def test_times_show_in_the_region_time_zone(settings):
    assert settings.TIME_ZONE == "Asia/Jakarta"
    assert settings.SIGAP_TIME_ZONE_LABEL == "WIB"
    moment = datetime(2026, 11, 23, 7, 5, tzinfo=UTC)
    with translation.override("id"):
        from django.template import Context, Template

        rendered = Template('{{ t|date:"SHORT_DATETIME_FORMAT" }}').render(Context({"t": moment}))
    assert rendered == "23 Nov 2026 14.05"


@pytest.mark.django_db
def test_an_english_browser_still_gets_indonesian_until_english_is_chosen(client):
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="id"' in page and "Masuk" in page
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert 'lang="en"' in client.get("/", HTTP_ACCEPT_LANGUAGE="id").content.decode()


def test_every_string_of_the_code_is_in_the_catalogue(tmp_path):
    """makemessages over a copy of the sources finds no msgid the committed catalogue lacks: a
    string added to a page or a form without its translation shows up here, not in front of
    users. (A copy, so that the real catalogue is never rewritten by a test.)"""
    import shutil
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    skip = {".venv", "var", "test-artifacts", "node_modules", ".git", "locale", "tests", "bench", "docs"}
    for path in root.iterdir():
        if path.name in skip or path.name.startswith("."):
            continue
        if path.is_dir():
            shutil.copytree(path, tmp_path / path.name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        elif path.suffix in (".py", ".toml"):
            shutil.copy2(path, tmp_path / path.name)
    (tmp_path / "locale" / "id" / "LC_MESSAGES").mkdir(parents=True)
    shutil.copy2(LOCALE / "django.po", tmp_path / "locale" / "id" / "LC_MESSAGES" / "django.po")
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "id", "--no-obsolete", "--no-location"],
        cwd=tmp_path, check=True, capture_output=True,
        env={**__import__("os").environ, "SIGAP_TESTING": "1", "DATABASE_URL": f"sqlite:///{tmp_path}/x.sqlite3"},
    )
    fresh = polib.pofile(str(tmp_path / "locale" / "id" / "LC_MESSAGES" / "django.po"))
    missing = [e.msgid for e in fresh if not e.translated() or "fuzzy" in e.flags]
    assert missing == [], f"{len(missing)} strings need a translation: run `make messages` and translate them"
