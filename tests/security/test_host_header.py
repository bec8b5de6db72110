"""S30: a forged Host (or X-Forwarded-Host) never reaches a link. Every request below arrives for
evil.example; every link in mail, JSON and HTML must still be on BASE_URL. In production a
request for a host other than BASE_URL's is refused with a clean 400 page."""
import re

import pytest
from conftest import BASE_URL, PASSWORD, body_of, csrf_from, read_outbox
from test_api import seed_directory
from test_profile import DATA, make_listing, png

from directory import create_app
from directory.core.extensions import db

EVIL = "evil.example"
FORGED = {"base_url": f"http://{EVIL}", "headers": {"X-Forwarded-Host": EVIL, "X-Forwarded-Proto": "https"}}


def get(client, url, **kw):
    return client.get(url, **FORGED, **kw)


def submit(client, form_url, data, action=None):
    """Open the form on the forged host (for its CSRF token), then post it there."""
    html = get(client, form_url).get_data(as_text=True)
    return client.post(action or form_url, data={"csrf_token": csrf_from(html), **data}, **FORGED)


def assert_links_on_base_url(text: str, expected_path: str):
    assert EVIL not in text, text
    assert f"{BASE_URL}{expected_path}" in text, text


def only_mail(app, to: str | None = None) -> str:
    [message] = [m for m in read_outbox(app) if to is None or m["To"] == to]
    return body_of(message)


def test_reset_link_in_mail_ignores_the_host_header(app, client, make_user):
    make_user(email="owner@member.example")
    response = submit(client, "/account/forgot", {"email": "owner@member.example"})
    assert response.status_code == 302
    assert_links_on_base_url(only_mail(app), "/account/reset/")


def test_confirmation_link_for_a_new_address_ignores_the_host_header(app, client):
    response = submit(client, "/account/signup", {"email": "new@member.example", "password": PASSWORD,
                                                  "password_again": PASSWORD})
    assert response.status_code == 302
    assert_links_on_base_url(only_mail(app), "/account/confirm/")


def test_already_registered_mail_ignores_the_host_header(app, client, make_user):
    make_user(email="owner@member.example")
    response = submit(client, "/account/signup", {"email": "owner@member.example", "password": PASSWORD,
                                                  "password_again": PASSWORD})
    assert response.status_code == 302
    assert_links_on_base_url(only_mail(app), "/account/login")


def _desk_on_forged_host(app, make_user):
    make_user(email="sec@example.com", role="secretariat")
    desk = app.test_client()
    assert submit(desk, "/account/login", {"email": "sec@example.com", "password": PASSWORD}).status_code == 302
    return desk


def _decision_form(html: str, action: str) -> dict:
    """The hidden fields of the form posting to `action` (csrf token, the revision seen …)."""
    form = re.search(r'<form[^>]*action="[^"]*' + re.escape(action) + r'"(.*?)</form>', html, re.S).group(1)
    return dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*type="hidden"[^>]*value="([^"]*)"', form)
                + re.findall(r'<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"', form))


@pytest.mark.parametrize("decision", ["approve", "reject"])
def test_decision_mail_ignores_the_host_header(app, make_user, decision):
    pid, _slug = make_listing(app, DATA, state="submitted")
    desk = _desk_on_forged_host(app, make_user)
    review = get(desk, f"/secretariat/review/{pid}").get_data(as_text=True)
    action = f"/secretariat/review/{pid}/{decision}"
    data = _decision_form(review, action)
    if decision == "reject":
        data["reject-reason"] = "Please add a project reference."
    response = desk.post(action, data=data, **FORGED)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    assert_links_on_base_url(only_mail(app), "/providers/" if decision == "approve" else f"/members/listings/{pid}")


def test_enquiry_relay_mail_ignores_the_host_header(app, client):
    seeded = seed_directory(app, count=2)
    provider = next(iter(seeded["public"]))
    page = get(client, "/enquiry", query_string={"provider": provider}).get_data(as_text=True)
    buyer = {"name": "Aisha Rahman", "organisation": "Jakarta Smart City Office", "country": "ID",
             "email": "aisha@jakarta-city.example.id", "subject": "Smart lamp posts",
             "message": "Can you quote by March?", "provider": provider, "csrf_token": csrf_from(page)}
    response = client.post("/enquiry", data=buyer, **FORGED)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    body = only_mail(app, to=seeded["public"][provider]["email"])
    assert_links_on_base_url(body, f"/providers/{seeded['slugs'][provider]}")


def test_api_urls_ignore_the_host_header(app, client):
    pid, slug = make_listing(app, DATA, logo_png=png())
    listing = get(client, f"/api/v1/providers/{pid}").get_json()
    assert listing["url"] == f"{BASE_URL}/providers/{slug}"
    assert listing["logo_url"].startswith(f"{BASE_URL}/media/logos/")
    found = get(client, "/api/v1/providers", query_string={"q": "Harbour"})
    assert_links_on_base_url(found.get_data(as_text=True), f"/providers/{slug}")


def test_canonical_link_ignores_the_host_header(app, client):
    _pid, slug = make_listing(app, DATA, logo_png=png())
    html = get(client, f"/providers/{slug}").get_data(as_text=True)
    assert f'<link rel="canonical" href="{BASE_URL}/providers/{slug}">' in html
    assert EVIL not in html


# ---- production: the foreign host is refused ---------------------------------------------------

PRODUCTION_URL = "https://directory.example.hk"


@pytest.fixture
def production_app(app_config):
    config = {k: v for k, v in app_config.items() if k != "TESTING"}
    app = create_app({**config, "DIRECTORY_ENV": "production", "SECRET_KEY": "p" * 48,
                      "BASE_URL": PRODUCTION_URL, "EXTRA_TRUSTED_HOSTS": "www.directory.example.hk"})
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.mark.parametrize("path", ["/", "/account/forgot", "/api/v1/providers", "/no-such-page"])
def test_production_refuses_a_foreign_host_with_a_clean_400(production_app, path):
    response = production_app.test_client().get(path, base_url=f"https://{EVIL}")
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert EVIL not in body and "Traceback" not in body
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    if not path.startswith("/api/"):
        assert "The request could not be understood" in body


def test_production_refuses_a_foreign_host_on_a_post(production_app):
    client = production_app.test_client()
    response = client.post("/account/forgot", data={"email": "owner@member.example"}, base_url=f"https://{EVIL}")
    assert response.status_code == 400 and read_outbox(production_app) == []


@pytest.mark.parametrize("host", ["directory.example.hk", "www.directory.example.hk"])
def test_production_answers_its_own_hosts(production_app, host):
    assert production_app.test_client().get("/account/login", base_url=f"https://{host}").status_code == 200


def test_sitemap_and_robots_ignore_the_host_header(app, client):
    _pid, slug = make_listing(app, DATA)
    sitemap = get(client, "/sitemap.xml")
    assert sitemap.status_code == 200
    assert_links_on_base_url(sitemap.get_data(as_text=True), f"/providers/{slug}")
    assert_links_on_base_url(get(client, "/robots.txt").get_data(as_text=True), "/sitemap.xml")


def test_trusted_hosts_come_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("DIRECTORY_ENV", "production")
    monkeypatch.setenv("DIRECTORY_SECRET_KEY", "p" * 48)
    monkeypatch.setenv("DIRECTORY_BASE_URL", "https://directory.example.hk")
    monkeypatch.setenv("DIRECTORY_TRUSTED_HOSTS", " www.directory.example.hk, directory.internal ")
    monkeypatch.setenv("DIRECTORY_DATABASE_URL", f"sqlite:///{tmp_path / 'x.sqlite3'}")
    app = create_app()
    assert app.config["TRUSTED_HOSTS"] == ["directory.example.hk", "www.directory.example.hk", "directory.internal"]


@pytest.mark.parametrize("base_url", ["directory.example.hk", "ftp://directory.example.hk", "https://"])
def test_a_base_url_links_cannot_be_built_on_is_refused_at_start(tmp_path, base_url):
    with pytest.raises(RuntimeError, match="DIRECTORY_BASE_URL"):
        create_app({"INSTANCE_PATH": str(tmp_path), "SQLALCHEMY_DATABASE_URI": "sqlite://", "BASE_URL": base_url})
