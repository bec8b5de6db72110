"""Property-based: schemathesis generates requests from the API's OpenAPI document and checks every
response against it (status codes, content types, schemas, required keys) and for server errors."""
import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from directory.api.openapi import document
from test_api import seed_directory

# Loaded from the document itself (no app needed at import time); the test below checks that
# the served /api/v1/openapi.json is this same document.
schema = schemathesis.openapi.from_dict(document())


@pytest.fixture
def seeded_app(app):
    seed_directory(app, count=8)
    return app


@pytest.mark.slow
@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_openapi_document(case, seeded_app):
    case.call_and_validate(app=seeded_app)


def test_served_document_is_openapi_3_1_with_enums_and_error_responses(client):
    doc = client.get("/api/v1/openapi.json").get_json()
    assert doc == schema.raw_schema
    assert doc["openapi"].startswith("3.1")
    assert set(doc["paths"]) == {"/providers", "/providers/{id}", "/taxonomy", "/openapi.json"}
    params = doc["components"]["parameters"]
    assert "iot" in params["capability"]["schema"]["items"]["enum"]
    assert {"asean", "SG"} <= set(params["region"]["schema"]["items"]["enum"])
    assert params["lang"]["schema"]["enum"] == ["en", "zh-Hant", "zh-Hans"]
    assert params["per_page"]["schema"]["maximum"] == 100
    assert {"200", "400"} <= set(doc["paths"]["/providers"]["get"]["responses"])
    assert "404" in doc["paths"]["/providers/{id}"]["get"]["responses"]
    required = doc["components"]["schemas"]["ProviderSummary"]["required"]
    assert set(required) == {"id", "slug", "name_en", "name_zh", "summary", "capabilities", "regions_served", "url"}
