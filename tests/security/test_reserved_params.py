"""S32: url_for's own keywords and a route's argument names as query parameters, on every GET
route, never give a 5xx; and the error page keeps its headers even when a template helper fails."""
import re

import pytest
import route_walk

RESERVED = ("_anchor", "_scheme", "_method", "_external", "endpoint", "values")


@pytest.fixture
def walk(app):
    values = route_walk.build_world(app)
    return route_walk.get_urls(app, values)


def _hostile_queries(rule_args: dict) -> list[dict]:
    """Each reserved keyword alone, all of them together, and the route's own argument names."""
    queries = [{name: "x"} for name in RESERVED] + [{name: "ftp" for name in RESERVED}]
    queries.append({"_anchor": "x", "_scheme": "javascript", "_external": "1", "_method": "POST",
                    "endpoint": "static", "values": "1", "lang": "zh-Hant", "slug": "x", "public_id": "x",
                    "token": "x", "name": "x", "filename": "x", "page": "2"})
    if rule_args:
        queries.append({name: "x" for name in rule_args})
    return queries


@pytest.mark.parametrize("who", [None, route_walk.MEMBER, route_walk.SECRETARIAT])
def test_reserved_url_keywords_in_the_query_never_give_5xx(app, walk, who):
    client = app.test_client() if who is None else route_walk.logged_in(app, who)
    failures = []
    for url, endpoint, args in walk:
        for query in _hostile_queries(args):
            status = route_walk.open_and_close(client, url, query_string=query)
            if status >= 500:
                failures.append((url, query, status))
    assert failures == []


def test_language_links_keep_the_page_and_drop_reserved_keywords(app, walk, client):
    slug = next(args["slug"] for _url, endpoint, args in walk if endpoint == "public.profile")
    html = client.get(f"/providers/{slug}", query_string={"slug": "other", "_anchor": "x", "_scheme": "ftp",
                                                           "q": "keep"}).get_data(as_text=True)
    links = re.findall(r'hreflang="zh-Hant"[^>]*href="([^"]+)"|href="([^"]+)"[^>]*hreflang="zh-Hant"', html)
    hrefs = [a or b for a, b in links]
    assert hrefs, "the page links to itself in Traditional Chinese"
    for href in hrefs:
        href = href.replace("&amp;", "&")
        assert f"/providers/{slug}?" in href and "lang=zh-Hant" in href and "q=keep" in href
        assert "_anchor" not in href and "ftp" not in href and "#" not in href and "slug=" not in href


def _broken_helper():
    raise RuntimeError("a template helper failed")


@pytest.mark.parametrize("path,status", [("/no-such-page", 404), ("/boom", 500)])
def test_error_page_keeps_its_headers_and_id_when_a_template_helper_fails(app, path, status):
    """A context processor that raises (test-only, like the crash route) breaks every template:
    the error page falls back to plain text with the security headers and an error id."""
    app.add_url_rule("/boom", "boom", _broken_helper)
    app.context_processor(lambda: _broken_helper())
    response = app.test_client().get(path)
    assert response.status_code == status
    body = response.get_data(as_text=True)
    assert re.search(r"quote this reference: [0-9a-f]{8,}", body)
    assert "Traceback" not in body and "a template helper failed" not in body
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
