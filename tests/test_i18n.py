"""Languages (CONTRACT §7): choice, memory, Accept-Language, real compiled catalogs."""
from pathlib import Path

import opencc
import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

import directory

CATALOGS = Path(directory.__file__).parent / "translations"
LOCALES = {"zh-Hant": "zh_Hant_HK", "zh-Hans": "zh_Hans_CN"}


def catalog(locale: str, kind: str = "po"):
    path = CATALOGS / locale / "LC_MESSAGES" / f"messages.{kind}"
    with path.open("rb") as fh:
        return read_po(fh, locale=locale) if kind == "po" else read_mo(fh)


def translation(locale: str, msgid: str) -> str:
    message = catalog(locale, "mo").get(msgid)
    assert message is not None and message.string, f"{msgid!r} not translated in {locale}"
    return message.string


@pytest.mark.parametrize("locale", LOCALES.values())
def test_every_message_is_translated(locale):
    untranslated = [m.id for m in catalog(locale) if m.id and (not m.string or (
        isinstance(m.string, tuple) and not all(m.string)) or m.fuzzy)]
    assert untranslated == [], f"{len(untranslated)} untranslated in {locale}: {untranslated[:10]}"


def test_catalogs_are_compiled_and_newer_than_their_sources():
    for locale in LOCALES.values():
        po = CATALOGS / locale / "LC_MESSAGES" / "messages.po"
        mo = po.with_suffix(".mo")
        assert mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime - 1


def test_simplified_catalog_is_real_simplified_not_the_traditional_copy():
    to_simplified = opencc.OpenCC("t2s")
    hans = {m.id: m.string for m in catalog("zh_Hans_CN") if m.id and isinstance(m.string, str)}
    hant = {m.id: m.string for m in catalog("zh_Hant_HK") if m.id and isinstance(m.string, str)}
    not_simplified = [s for s in hans.values() if to_simplified.convert(s) != s]
    assert not_simplified == []
    differ = sum(1 for k in hans if hans[k] != hant.get(k))
    assert differ > len(hans) * 0.5  # most strings contain a character the two scripts write differently


@pytest.mark.parametrize("lang,locale", LOCALES.items())
def test_pages_show_the_translated_strings(client, lang, locale):
    html = client.get(f"/?lang={lang}").get_data(as_text=True)
    assert translation(locale, "Find providers") in html
    assert translation(locale, "Browse by capability") in html
    assert f'lang="{ {"zh-Hant": "zh-Hant-HK", "zh-Hans": "zh-Hans-CN"}[lang] }"' in html


def test_english_is_the_default(client):
    html = client.get("/").get_data(as_text=True)
    assert 'lang="en"' in html and "Find providers" in html


@pytest.mark.parametrize("header,expected", [
    ("zh-HK,zh;q=0.9,en;q=0.8", "zh-Hant-HK"),
    ("zh-TW", "zh-Hant-HK"),
    ("zh-Hant", "zh-Hant-HK"),
    ("zh-CN,zh;q=0.9", "zh-Hans-CN"),
    ("zh-SG", "zh-Hans-CN"),
    ("fr-FR,de;q=0.8", "en"),
    ("fr-FR,zh-TW;q=0.5", "zh-Hant-HK"),
])
def test_accept_language_decides_without_a_choice(client, header, expected):
    html = client.get("/", headers={"Accept-Language": header}).get_data(as_text=True)
    assert f'<html lang="{expected}">' in html


def test_the_choice_is_remembered_over_accept_language(client):
    client.get("/?lang=zh-Hans")
    html = client.get("/account/login", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<html lang="zh-Hans-CN">' in html


def test_switcher_keeps_the_page_and_its_query(client):
    html = client.get("/search?q=iot&capability=iot").get_data(as_text=True)
    assert "/search?q=iot&amp;capability=iot&amp;lang=zh-Hant" in html


def test_unknown_lang_is_ignored(client):
    assert '<html lang="en">' in client.get("/?lang=xx").get_data(as_text=True)


def test_chinese_content_is_shown_in_the_readers_script(app):
    from directory.core.i18n import pick
    data = {"company_name_zh": "龍門資訊科技有限公司", "company_name_en": "Dragon Gate"}
    with app.test_request_context("/?lang=zh-Hans"):
        assert pick(data, "company_name") == "龙门资讯科技有限公司"
    with app.test_request_context("/?lang=zh-Hant"):
        assert pick({"company_name_zh": "龙门科技"}, "company_name") == "龍門科技"
    with app.test_request_context("/?lang=en"):
        assert pick(data, "company_name") == "Dragon Gate"
        assert pick({"company_name_zh": "龍門"}, "company_name") == "龍門"  # fallback


@pytest.mark.parametrize("lang,html_lang", [("en", "en"), ("zh-Hans", "zh-Hans-CN")])
def test_the_language_survives_the_login_redirect_and_the_login(client, make_user, lang, html_lang):
    """A Hong Kong browser asks for ?lang=…; the login page it is sent to, and the page after
    logging in, keep that language rather than falling back to Accept-Language."""
    from conftest import PASSWORD, csrf_from
    make_user("lang@example.com")
    headers = {"Accept-Language": "zh-HK"}
    first = client.get(f"/members/?lang={lang}", headers=headers)
    assert first.status_code == 302
    login_page = client.get(first.headers["Location"], headers=headers)
    assert f'<html lang="{html_lang}"' in login_page.get_data(as_text=True)
    done = client.post("/account/login", headers=headers, data={
        "email": "lang@example.com", "password": PASSWORD, "next": f"/members/?lang={lang}",
        "csrf_token": csrf_from(login_page.get_data(as_text=True))})
    assert done.status_code == 302
    landing = client.get(done.headers["Location"], headers=headers)
    assert f'<html lang="{html_lang}"' in landing.get_data(as_text=True)
