"""What the search page's CPU work (issue 9) may not change: the messages, the language links
and the project references read exactly as before, and nothing kept outlives an edit."""
import gettext as gettext_module
import sys
from pathlib import Path

import pytest
from jinja2 import Environment

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from test_api import seed_directory  # noqa: E402

from directory.core import i18n  # noqa: E402
from directory.core.extensions import db  # noqa: E402
from directory.listings.live import public_query  # noqa: E402


class Catalog(gettext_module.NullTranslations):
    """A catalog whose translations hold markup and placeholders, as real ones may."""
    MESSAGES = {"Hello": "<b>Hi</b> &amp; welcome", "Hi %(name)s": "¡Hola %(name)s!",
                "%(num)d provider": "%(num)d 間公司"}

    def gettext(self, message):
        return self.MESSAGES.get(message, message)

    def ngettext(self, singular, plural, n):
        return self.MESSAGES.get(singular if n == 1 else plural, singular if n == 1 else plural)

    ugettext, ungettext = gettext, ngettext


TEMPLATES = [
    "{{ _('Hello') }}|{{ _('Hi %(name)s', name='<i>x</i>') }}|{{ gettext('Hi %(name)s', name=1) }}",
    "{{ ngettext('%(num)d provider', '%(num)d providers', 1) }}|{{ ngettext('%(num)d provider', '%(num)d providers', 3) }}",
    "{{ ngettext('%(num)s provider', '%(num)s providers', 3, num='3,000') }}",
    "{{ _('%(string)s and %(number)s', string='<s>', number=2) }}",  # any name may be a variable
    # after a {% set %} in a loop, where Jinja's context functions copy the context first
    "{% for i in [1, 2] %}{% set n = i %}{{ _('Hi %(name)s', name=n) }}{% endfor %}",
    "{% macro m(x) %}{% set y = x %}{{ _('Hi %(name)s', name=y) }}{% endmacro %}{{ m('<&>') }}",
]


@pytest.mark.parametrize("autoescape", [True, False])
@pytest.mark.parametrize("source", TEMPLATES)
def test_template_messages_read_as_with_jinjas_own_callables(source, autoescape):
    catalog = Catalog()
    jinjas = Environment(extensions=["jinja2.ext.i18n"], autoescape=autoescape)
    jinjas.install_gettext_callables(gettext=catalog.ugettext, ngettext=catalog.ungettext, newstyle=True)
    ours = Environment(extensions=["jinja2.ext.i18n"], autoescape=autoescape)
    ours.install_gettext_callables(gettext=catalog.ugettext, ngettext=catalog.ungettext, newstyle=True)
    ours.globals.update(i18n.template_gettext_callables(lambda: catalog))
    assert ours.from_string(source).render() == jinjas.from_string(source).render()


@pytest.mark.parametrize("url", ["/search?q=a%26b&capability=iot&capability=ai&lang=zh-Hant&page=2",
                                 "/search", "/providers/some-slug?x=%E7%89%A9", "/no/such/page?q=1",
                                 "/providers/a%00b?q=x",  # the slot's encoding in the path: built per language
                                 "/search?endpoint=x&_anchor=y&lang=en"])
def test_language_links_built_once_per_request_match_one_per_language(app, url):
    with app.test_request_context(url):
        app.preprocess_request()
        assert [i18n.lang_url(lang) for lang in i18n.LANGS] == [i18n._lang_link(lang) for lang in i18n.LANGS]


def test_a_kept_project_reference_follows_an_approved_edit(app, client):
    """The reference line under a result is kept with the result's card (per listing version and
    language): an approved edit of that reference shows at once, in every language."""
    from directory.core import web
    from directory.listings import operations as listings, review
    from directory.models import Listing, User
    from directory.search import service as search
    seed_directory(app, count=6)
    with app.test_request_context():
        listing = next(row for row in db.session.scalars(public_query().order_by(Listing.id))
                       if (row.published.data or {}).get("references"))
        owner = db.session.scalars(db.select(User).where(User.email == "demo-owner@example.com")).one()
        data = dict(listing.published.data)
        old_title = data["references"][0]["title_en"]
        ref = dict(data["references"][0], title_en="Quayside telemetry zebra", title_zh="碼頭遙測斑馬")
        data["references"] = [ref] + list(data["references"][1:])
        pid, listing_id = listing.public_id, listing.id

    def snippet(q, lang):
        page = client.get(f"/search?q={q}&lang={lang}&per_page=100").get_data(as_text=True)
        assert f'id="p-{pid}"' in page, q
        card = page[page.index(f'id="p-{pid}"'):]
        return card[:card.index("</li>")]

    assert old_title in snippet(old_title, "en")  # its card now holds the old reference line
    with app.test_request_context():
        listing = db.session.get(Listing, listing_id)
        listings.save_draft(listing, data, owner)
        listings.submit(listing, owner)
        review.approve(listing, None)
        web.commit()
        search.catch_up()
    for _ in range(2):  # the second time from the kept card
        line = snippet("telemetry zebra", "en")
        assert "Quayside telemetry zebra" in line and 'class="reference-snippet"' in line
        assert old_title not in line
        assert "碼頭遙測斑馬" in snippet("telemetry zebra", "zh-Hant")
