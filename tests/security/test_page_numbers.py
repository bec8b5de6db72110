"""Issue 8 row 13: a page number no database integer can hold (or no number at all) on any
paginated page never gives a 500. The secretariat's lists forgive it (the nearest page); /search
and the API answer 400 with a message, as the contract says for an invalid page."""
import pytest
import route_walk

HOSTILE = ["99999999999999999999", "-1", "0", "abc", "1e5", "9" * 5000, " 2 "]
SECRETARIAT_LISTS = ["/secretariat/listings", "/secretariat/audit", "/secretariat/enquiries"]


@pytest.fixture
def desk(app):
    route_walk.build_world(app)
    return route_walk.logged_in(app, route_walk.SECRETARIAT)


@pytest.mark.parametrize("url", SECRETARIAT_LISTS)
def test_secretariat_lists_forgive_any_page_number(desk, url):
    for page in HOSTILE:
        response = desk.get(url, query_string={"page": page})
        assert response.status_code == 200, (url, page, response.status_code)
        assert "<h1" in response.get_data(as_text=True)


@pytest.mark.parametrize("page", ["99999999999999999999", "9" * 5000, "abc", "-1"])
def test_search_page_refuses_an_impossible_page_with_a_message(client, page):
    response = client.get("/search", query_string={"q": "iot", "page": page})
    assert response.status_code == 400
    assert "page must be a whole number" in response.get_data(as_text=True)


@pytest.mark.parametrize("page", ["99999999999999999999", "9" * 5000, "abc", "-1"])
def test_api_refuses_an_impossible_page_with_400(client, page):
    response = client.get("/api/v1/providers", query_string={"page": page})
    assert response.status_code == 400 and "page" in response.get_json()["error"]


def test_no_get_route_gives_5xx_for_a_huge_page_number(app, desk):
    """Paginated pages added later are covered too: every GET route, as the secretariat."""
    failures = []
    for url, _endpoint, _args in route_walk.get_urls(app, {}):
        for page in ("99999999999999999999", "9" * 5000):
            status = route_walk.open_and_close(desk, url, query_string={"page": page, "per_page": page})
            if status >= 500:
                failures.append((url, status))
    assert failures == []
