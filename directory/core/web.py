"""Request plumbing shared by every blueprint: the one commit per request, template helpers."""
from functools import lru_cache
from urllib.parse import quote, urlsplit

from flask import current_app, g, has_request_context, request
from jinja2 import BytecodeCache
from markupsafe import Markup

from directory import taxonomy
from directory.core.extensions import db
from directory.core.i18n import current_lang


def commit_request(response):
    """Views and services only flush; the request commits once, here, if it succeeded."""
    if response.status_code >= 400:
        db.session.rollback()
        g.pop("after_commit", None)
        return response
    commit()
    return response


def commit() -> None:
    """Commit, then run what waited for it (mail, search outbox). CLI commands use it too."""
    # No transaction means nothing was read or written (a kept page, a cached health answer):
    # an empty commit still cost such a request a third of its time.
    if db.session().in_transaction():
        db.session.commit()
    for callback in g.pop("after_commit", []):
        callback()


def pending_after_commit() -> list:
    return g.get("after_commit", [])


def after_commit(callback) -> None:
    """Run callback once this request's transaction has committed (e.g. apply the search outbox)."""
    g.setdefault("after_commit", []).append(callback)


def external_url(endpoint: str, **values) -> str:
    """An absolute URL on BASE_URL (CONTRACT §2): scheme, host and path prefix come from the
    setting, never from the request's Host header (S30). Works with or without a request."""
    base = urlsplit(current_app.config["BASE_URL"].rstrip("/"))
    anchor = values.pop("_anchor", None)
    if endpoint.startswith(".") and has_request_context() and request.blueprint:
        endpoint = request.blueprint + endpoint
    current_app.inject_url_defaults(endpoint, values)
    adapter = current_app.url_map.bind(base.netloc, script_name=base.path or "/",
                                       url_scheme=base.scheme or "http")
    url = adapter.build(endpoint, values, force_external=True)
    if anchor is not None:
        url += "#" + quote(str(anchor), safe="%!#$&'()*+,/:;=?@")
    return url


@lru_cache(maxsize=8192)
def format_count(number: int, lang: str) -> str:
    """Babel's grouping for the language (format_number asks for the locale each call: a facet
    column of 80 counts cost a millisecond)."""
    from babel.numbers import format_decimal
    from directory.core.i18n import CATALOG
    return format_decimal(number, locale=CATALOG.get(lang, "en"))


MAX_PAGE = 10_000  # no list here is that long: a bigger number is a crafted URL


def page_number(name: str = "page") -> int:
    """?page= for lists that forgive (the secretariat's): anything not a whole number from 1 to
    MAX_PAGE becomes the nearest one, so no integer the database cannot hold reaches a query.
    (/search and the API refuse such pages with 400 instead: search_params.)"""
    try:
        number = int((request.args.get(name) or "1").strip())
    except ValueError:  # "abc", "1e5", or more digits than int() accepts
        return 1
    return min(max(number, 1), MAX_PAGE)


def url_context():
    """A request context on BASE_URL for code that needs one outside a request (relative
    url_for, templates). Links themselves are built with external_url."""
    from contextlib import nullcontext
    if has_request_context():
        return nullcontext()
    return current_app.test_request_context("/", base_url=current_app.config["BASE_URL"])


def request_translations():
    """The request's gettext catalog, as flask_babel.get_translations() gives it, found once per
    locale object: templates call _() dozens of times per page and Flask-Babel looks it up anew
    each time (six context look-ups and the locale formatted to a string). force_locale() and
    refresh() put another (or no) locale object in place, which misses and asks Flask-Babel."""
    from flask_babel import get_translations
    ns = g.get("_flask_babel")
    locale = getattr(ns, "babel_locale", None)
    memo = getattr(ns, "directory_translations", None)
    if memo is not None and locale is not None and memo[0] is locale:
        return memo[1]
    found = get_translations()
    locale = getattr(ns, "babel_locale", None)
    if ns is not None and locale is not None:
        ns.directory_translations = (locale, found)
    return found


class _CompiledTemplates(BytecodeCache):
    """Compiled templates kept per process and shared by its apps: the test suite makes an app
    per test and each recompiled every page it rendered. Jinja checks each entry against the
    template source's checksum, so an edited template is compiled again."""

    def __init__(self):
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        code = self.store.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


COMPILED_TEMPLATES = _CompiledTemplates()


def init_app(app) -> None:
    app.after_request(commit_request)
    app.jinja_env.bytecode_cache = COMPILED_TEMPLATES
    app.jinja_env.add_extension("jinja2.ext.do")
    # Flask-Babel's own callables (babel.init_app ran before this), with the catalog found once.
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: request_translations().ugettext(s),
        ngettext=lambda s, p, n: request_translations().ungettext(s, p, n),
        pgettext=lambda c, s: request_translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: request_translations().unpgettext(c, s, p, n),
        newstyle=True)
    # ... and `_`, gettext, ngettext with the same results called without copying the template
    # context per message (i18n.template_gettext_callables says why).
    from directory.core.i18n import template_gettext_callables
    app.jinja_env.globals.update(template_gettext_callables(request_translations))

    @app.teardown_request
    def rollback_leftovers(exc):
        if exc is not None:
            db.session.rollback()

    @app.template_filter("capability")
    def capability_label(code):
        return taxonomy.capability_label(code, current_lang())

    @app.template_filter("region")
    def region_label(code):
        return taxonomy.region_label(code, current_lang())

    @app.template_filter("vocab")
    def vocab_label(code, vocab):
        return taxonomy.label(getattr(taxonomy, vocab), code, current_lang())

    @app.template_filter("count")
    def count_filter(number):
        """A count as the reader writes it: 10,001 (never 10001); Babel per language, memoised."""
        return format_count(number, current_lang())

    @app.template_filter("nl2br")
    def nl2br(text):
        escaped = Markup.escape(text or "")
        return Markup("<br>").join(escaped.split("\n"))

    @app.template_filter("date")
    def date_filter(value):
        if not value:
            return ""
        from flask_babel import format_date
        return format_date(value, "medium")

    @app.context_processor
    def inject_helpers():
        return {"taxonomy": taxonomy, "config_env": current_app.config["DIRECTORY_ENV"],
                "view_functions": current_app.view_functions, "external_url": external_url,
                "field_label": field_label}


def field_label(name: str) -> str:
    """A listing field's short name as buyers and the desk read it, from its one declaration."""
    from directory.listings import fields
    return str(fields.field(name).diff_label)
