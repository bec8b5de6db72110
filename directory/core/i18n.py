"""Language choice (CONTRACT §7): ?lang= → remembered in the session → Accept-Language → English.

Three names for one language: the URL/API code (`zh-Hant`), the Babel catalog (`zh_Hant_HK`)
and the HTML lang attribute (`zh-Hant-HK`). Everything outside this module uses the URL code.
"""
from functools import lru_cache

from flask import g, request, session, url_for

LANGS = ("en", "zh-Hant", "zh-Hans")
CATALOG = {"en": "en", "zh-Hant": "zh_Hant_HK", "zh-Hans": "zh_Hans_CN"}
HTML_LANG = {"en": "en", "zh-Hant": "zh-Hant-HK", "zh-Hans": "zh-Hans-CN"}
# Shown in the switcher in their own language, so a reader can always find theirs.
NATIVE_NAMES = {"en": "English", "zh-Hant": "繁體中文", "zh-Hans": "简体中文"}
_TRADITIONAL_REGIONS = {"hk", "tw", "mo"}


def user_lang(user) -> str:
    """The language a person chose for their mail (URL code), English when unknown."""
    return user.locale if user is not None and user.locale in CATALOG else "en"


def speaking(lang: str):
    """Translate everything inside the block into `lang` (mail written outside the reader's request)."""
    from flask_babel import force_locale
    return force_locale(CATALOG[lang])


def normalise_lang(value: str | None) -> str | None:
    """Map any reasonable spelling (zh-hant, zh_Hant_HK, zh-TW, en-GB …) to a URL code, or None."""
    if not value:
        return None
    parts = value.replace("_", "-").lower().split("-")
    if parts[0] == "en":
        return "en"
    if parts[0] != "zh":
        return None
    rest = set(parts[1:])
    if "hant" in rest or rest & _TRADITIONAL_REGIONS:
        return "zh-Hant"
    return "zh-Hans"  # zh, zh-CN, zh-SG, zh-Hans


def from_accept_language() -> str:
    for value, _quality in request.accept_languages:
        lang = normalise_lang(value)
        if lang:
            return lang
    return "en"


def current_lang() -> str:
    """The request's language as a URL code; decided once per request."""
    if "lang" not in g:
        asked = normalise_lang(request.args.get("lang")) if request else None
        if asked and asked in LANGS:
            if session.get("lang") != asked:
                session["lang"] = asked
            g.lang = asked
        elif session.get("lang") in LANGS:
            g.lang = session["lang"]
        else:
            g.lang = from_accept_language()
    return g.lang


def select_locale() -> str:
    return CATALOG[current_lang()]


# url_for's own keywords: taken from a query string they would change the link or break it (S32).
URL_FOR_KEYWORDS = frozenset({"_anchor", "_scheme", "_method", "_external", "endpoint", "values"})


# Stands for the language in a link built once per request for all three (every page links to
# each language). Control characters never reach request.args (core/requests.py), so in the
# query its URL-encoded form is this one's; a path holding it too is built per language.
_LANG_SLOT, _LANG_SLOT_QUOTED = "\x00", "%00"


def lang_url(lang: str) -> str:
    """This page in another language: same path and query, `lang` replaced. Query keys that
    url_for would read as its own keywords or as the route's arguments are dropped."""
    req = request._get_current_object()
    pattern = getattr(req, "directory_lang_url", None)
    if pattern is None:
        pattern = req.directory_lang_url = _lang_link(_LANG_SLOT)
    if lang in LANGS and pattern.count(_LANG_SLOT_QUOTED) == 1:
        return pattern.replace(_LANG_SLOT_QUOTED, lang)  # the three codes need no quoting
    return _lang_link(lang)


def _lang_link(lang: str) -> str:
    view_args = request.view_args or {}
    args = {key: values for key, values in request.args.lists()
            if key not in URL_FOR_KEYWORDS and key not in view_args and not key.startswith("_")}
    args["lang"] = [lang]
    return url_for(request.endpoint or "public.home", **view_args, **args)


@lru_cache(maxsize=2)
def _converter(config: str):
    import opencc
    return opencc.OpenCC(config)


def in_script(text: str, lang: str | None = None) -> str:
    """Chinese text in the reader's script: members write either; readers get their own.
    OpenCC works character by character, so HTML markup in `text` passes through untouched."""
    lang = lang or current_lang()
    if not text or lang == "en":
        return text
    return _converter("hk2s" if lang == "zh-Hans" else "s2hk").convert(text)


def pick(data: dict, field: str, lang: str | None = None) -> str:
    """A bilingual field in the reader's language (and script), falling back to the other one."""
    lang = lang or current_lang()
    en, zh = data.get(f"{field}_en") or "", data.get(f"{field}_zh") or ""
    if lang.startswith("zh"):
        return in_script(zh, lang) if zh else en
    return en or zh


def join_separator(lang: str | None = None) -> str:
    """How a list of labels is joined in running text: 、 in Chinese, a comma in English."""
    return "、" if (lang or current_lang()).startswith("zh") else ", "


def label_gap(lang: str | None = None) -> str:
    """What follows a label such as "Serves:" before its value: a space in English, nothing after
    Chinese's full-width colon (服務地區：東盟, not 服務地區： 東盟)."""
    return "" if (lang or current_lang()).startswith("zh") else " "


def join_list(items, lang: str | None = None) -> str:
    """Labels joined for reading (斯里蘭卡、馬來西亞 — never an ASCII comma inside Chinese)."""
    return join_separator(lang).join(str(item) for item in items if item)


def template_gettext_callables(translations) -> dict:
    """Template globals `_`, `gettext` and `ngettext` with Jinja's "newstyle" results (the
    translation is trusted markup in an autoescaped template, its %(name)s arguments are
    escaped, the number is `num`), where `translations()` gives the request's catalog.

    Jinja's own are context functions: `_` calls gettext through Context.call, which calls the
    catalog through it again, and each call after a `{% set %}` in a block or loop first copies
    the whole template context (Context.derived). An evaluation-context function is called
    directly with nothing copied: a search page's forty messages cost ~0.3 ms less."""
    from jinja2 import pass_eval_context
    from markupsafe import Markup

    @pass_eval_context
    def gettext(eval_ctx, string, /, **variables):  # positional only: any name may be a variable
        text = translations().ugettext(string)
        return (Markup(text) if eval_ctx.autoescape else text) % variables

    @pass_eval_context
    def ngettext(eval_ctx, singular, plural, number, /, **variables):
        variables.setdefault("num", number)
        text = translations().ungettext(singular, plural, number)
        return (Markup(text) if eval_ctx.autoescape else text) % variables

    return {"_": gettext, "gettext": gettext, "ngettext": ngettext}


def init_app(app) -> None:
    app.add_template_filter(join_list, "join_list")

    @app.before_request
    def remember_language():
        # Decided before any guard redirects (to the login page, say), so `?lang=` survives it.
        current_lang()

    @app.context_processor
    def inject_lang():
        lang = current_lang()
        return {"current_lang": lang, "html_lang": HTML_LANG[lang], "LANGS": LANGS,
                "NATIVE_NAMES": NATIVE_NAMES, "lang_url": lang_url, "pick": pick}

    app.add_template_filter(in_script, "script")
