"""The OpenAPI 3.1 document of the JSON API, built from the taxonomy so its enums never drift, and
from the field declaration (directory/listings/fields.py) so a provider's schema lists exactly
the public fields api/serialise.py gives.

tests/test_openapi.py runs schemathesis against this document: every response must match it.
"""
from functools import lru_cache

from directory import taxonomy
from directory.listings import fields
from directory.search import params as search_params

JSON = "application/json"


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _obj(properties: dict, required=None, **extra) -> dict:
    return {"type": "object", "properties": properties,
            "required": list(properties) if required is None else required, **extra}


def _codes_param(name: str, codes, description: str) -> dict:
    return {"name": name, "in": "query", "required": False, "style": "form", "explode": True,
            "description": description + " Repeat the parameter for several values (OR); "
                                         "different parameters combine with AND.",
            "schema": {"type": "array", "maxItems": search_params.MAX_VALUES,
                       "items": {"type": "string", "enum": list(codes)}}}


def _parameters() -> dict:
    countries = sorted(taxonomy.country_codes())
    return {
        "q": {"name": "q", "in": "query", "required": False, "schema": {"type": "string"},
              "description": "Free text in English, Traditional or Simplified Chinese. "
                             "Any text is accepted; operators and wildcards are searched as plain words."},
        "capability": _codes_param("capability", taxonomy.CAPABILITY_CODES, "Capability codes."),
        "region": _codes_param("region", [*taxonomy.REGION_CODES, *countries],
                               "Region or ISO 3166-1 alpha-2 country codes. A country also matches "
                               "listings serving a region that contains it (SG matches asean)."),
        "delivered_in": _codes_param("delivered_in", countries,
                                     "ISO 3166-1 alpha-2 codes of countries with a project reference."),
        "staff_size": _codes_param("staff_size", taxonomy.STAFF_SIZES.codes, "Staff-size bands."),
        "sort": {"name": "sort", "in": "query", "required": False,
                 "schema": {"type": "string", "enum": list(search_params.SORTS), "default": "relevance"}},
        "page": {"name": "page", "in": "query", "required": False,
                 "schema": {"type": "integer", "minimum": 1, "maximum": search_params.MAX_PAGE, "default": 1}},
        "per_page": {"name": "per_page", "in": "query", "required": False,
                     "schema": {"type": "integer", "minimum": 1, "maximum": search_params.MAX_PER_PAGE,
                                "default": 20}},
        "exact": {"name": "exact", "in": "query", "required": False,
                  "description": "1: search exactly as typed, without correcting spelling.",
                  "schema": {"type": "integer", "enum": [0, 1], "default": 0}},
        "lang": {"name": "lang", "in": "query", "required": False,
                 "description": "Language of labels and of `summary`.",
                 "schema": {"type": "string", "enum": list(taxonomy.LANGS), "default": "en"}},
        "id": {"name": "id", "in": "path", "required": True, "description": "The provider's stable id.",
               "schema": {"type": "string", "minLength": 1, "maxLength": 16}},
    }


def _field_schema(f: fields.Field, nullable_text: bool = False) -> dict:
    """The JSON schema of one public field as api.serialise.public_value gives it (a project
    reference's text is null when empty: *nullable_text*)."""
    if f.kind in ("text", "multiline"):
        return {"type": ["string", "null"]} if nullable_text else {"type": "string"}
    if f.kind in ("url", "file"):
        return {"type": ["string", "null"]}
    if f.kind == "int":
        return {"type": ["integer", "null"]}
    if f.kind == "code":
        vocabulary = f.codes()
        if hasattr(vocabulary, "codes"):  # a vocabulary of the taxonomy: its codes, or null
            return {"type": ["string", "null"], "enum": [*vocabulary.codes, None]}
        return {"type": ["string", "null"]}
    if f.kind in ("codes", "text_list"):
        return {"type": "array", "items": {"type": "string"}}
    if f.kind == "references":
        return {"type": "array", "items": _ref("ProjectReference")}
    raise ValueError(f"no schema for the kind {f.kind!r} of {f.name}")


def _schemas() -> dict:
    text, nullable_text = {"type": "string"}, {"type": ["string", "null"]}
    strings = {"type": "array", "items": {"type": "string"}}
    labels = _obj({lang: text for lang in taxonomy.LANGS})
    term = _obj({"code": text, "labels": _ref("Labels")})
    facet = _obj({"code": text, "label": text, "count": {"type": "integer", "minimum": 0},
                  "selected": {"type": "boolean"}})
    result = _obj({
        "id": text, "slug": text, "name_en": text, "name_zh": text,
        "summary": {"type": "string", "description": "In the requested language, else the other one."},
        "capabilities": {"type": "array", "items": {"type": "string", "enum": list(taxonomy.CAPABILITY_CODES)}},
        "regions_served": strings,
        "url": {"type": "string", "format": "uri", "description": "The public profile page."},
        "place_match": _obj({"delivered_in": strings, "serves": strings}, description=(
            "Search results only, when the query names a place: the codes of those places this provider "
            "delivered a project in, and those it serves.")),
        "reference_snippet": {"type": "string", "description": (
            "Search results only, when a project reference matched the query: that reference as HTML "
            "with the matched words in <mark>.")},
    }, required=["id", "slug", "name_en", "name_zh", "summary", "capabilities", "regions_served", "url"])
    reference = _obj({
        **{f.api_key: _field_schema(f, nullable_text=True) for f in fields.REFERENCE_FIELDS},
        "title": text, "country_name": nullable_text,
        "city": {"type": ["string", "null"], "description": "In the requested language, else the other one."},
        "description": {"type": ["string", "null"], "description": "In the requested language, else the other one."},
    })
    summary_keys = set(result["properties"])
    provider = {"allOf": [_ref("ProviderSummary"), _obj({
        "name": text, "description": text,
        **{f.api_key: _field_schema(f) for f in fields.public_fields() if f.api_key not in summary_keys},
        "countries_delivered": strings, "capability_labels": strings, "region_labels": strings,
        "published_at": {"type": ["string", "null"], "format": "date-time"},
        "last_verified_at": {"type": ["string", "null"], "format": "date-time"},
    })]}
    search = _obj({
        "query": text, "total": {"type": "integer", "minimum": 0},
        "page": {"type": "integer", "minimum": 1}, "per_page": {"type": "integer", "minimum": 1},
        "suggestion": {"type": ["string", "null"], "description": (
            "When `corrected` is true, the corrected query whose results these are; otherwise null.")},
        "corrected": {"type": "boolean", "description": (
            "True when the query as typed found nothing and `suggestion` did: the results are the "
            "suggestion's. Send `exact=1` to search exactly as typed.")},
        "partial": {"type": "boolean", "description": (
            "True when no provider matched every word: the results match `matched_terms` only, the "
            "least informative words (`dropped_terms`) were left out.")},
        "matched_terms": strings, "dropped_terms": strings,
        "places": _obj({"delivered_in": strings, "region": strings}, required=[], description=(
            "Places named in the query as facet values; providers that delivered or serve there rank first.")),
        "results": {"type": "array", "items": _ref("ProviderSummary")},
        "facets": _obj({group: {"type": "array", "items": _ref("FacetValue")} for group in search_params.FILTERS},
                       description="Counts over the query and the other groups' filters (disjunctive facets)."),
    })
    taxonomy_doc = _obj({
        "languages": {"type": "array", "items": {"type": "string", "enum": list(taxonomy.LANGS)}},
        "capabilities": {"type": "array", "items": {"allOf": [_ref("Term"), _obj({"synonyms": strings})]}},
        "regions": {"type": "array", "items": {"allOf": [_ref("Term"), _obj({"countries": strings})]}},
        "countries": {"type": "array", "items": _ref("Term")},
        "staff_sizes": {"type": "array", "items": _ref("Term")},
        "client_types": {"type": "array", "items": _ref("Term")},
        "project_roles": {"type": "array", "items": _ref("Term")},
        "work_languages": {"type": "array", "items": _ref("Term")},
    })
    return {"Error": _obj({"error": text}), "Labels": labels, "Term": term, "FacetValue": facet,
            "ProviderSummary": result, "ProjectReference": reference, "Provider": provider,
            "SearchResponse": search, "Taxonomy": taxonomy_doc}


def _json(description: str, schema: dict) -> dict:
    return {"description": description, "content": {JSON: {"schema": schema}}}


def _op(op_id: str, summary: str, params: list[str], ok: dict, *errors: int) -> dict:
    responses = {"200": ok}
    messages = {400: "Invalid parameter; `error` says which.", 404: "No such approved provider."}
    for code in errors:
        responses[str(code)] = _json(messages[code], _ref("Error"))
    return {"get": {"operationId": op_id, "summary": summary, "responses": responses,
                    "parameters": [{"$ref": f"#/components/parameters/{p}"} for p in params]}}


@lru_cache(maxsize=1)
def _document() -> dict:
    return {
        "openapi": "3.1.0",
        "info": {"title": "Belt and Road service-provider directory", "version": "1.0.0",
                 "description": "Read-only public data: approved Hong Kong smart-city providers. "
                                "No contact details are published; buyers write through the enquiry form."},
        "servers": [{"url": "/api/v1"}],
        "paths": {
            "/providers": _op("searchProviders", "Search approved providers, with facet counts",
                              ["q", "capability", "region", "delivered_in", "staff_size", "sort", "page",
                               "per_page", "exact", "lang"], _json("One page of results.", _ref("SearchResponse")), 400),
            "/providers/{id}": _op("getProvider", "One approved provider with its project references",
                                   ["id", "lang"], _json("The provider.", _ref("Provider")), 400, 404),
            "/taxonomy": _op("getTaxonomy", "Capability, region and other codes with labels in en, zh-Hant, "
                             "zh-Hans", [], _json("The vocabularies.", _ref("Taxonomy"))),
            "/openapi.json": _op("getOpenAPI", "This document", [],
                                 _json("OpenAPI 3.1 document.", {"type": "object", "required": ["openapi"]})),
        },
        "components": {"parameters": _parameters(), "schemas": _schemas()},
    }


def document() -> dict:
    return _document()
