"""The ``hsds`` export: an Open Referral HSDS 3.0 tabular data package (docs/hsds.md).

Pure: no Flask, no database.  :func:`write_hsds` writes one CSV per HSDS table plus
``datapackage.json`` (a Frictionless *tabular data package*) into a folder, streaming: every
table file is open at once and each listing adds its rows as it passes, so memory stays flat.

Only what the public profile already shows goes in (no e-mail, phone, contact person or BR
number), so any directory may take the package.  Each CSV is UTF-8 without BOM (the package
declares ``"encoding": "utf-8"``), RFC 4180 with ``\\r\\n`` line ends, and every cell passes
through :func:`directory.data_exchange.exports.cells.safe_cell`, the one formula-safety rule.

Ids are UUIDs (HSDS requires them) derived with ``uuid5`` from the listing's stable public id,
so the same listing keeps the same ids in every export and consumers can update in place.
"""
from __future__ import annotations

import csv
import json
import os
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from directory import taxonomy
from directory.data_exchange.exports.cells import safe_cell
from directory.data_exchange.exports.hktdc_csv import format_timestamp
from directory.listings import fields

__all__ = ["HsdsListing", "TABLES", "NAMESPACE", "write_hsds", "hsds_id"]

#: Fixed namespace for our uuid5 ids; changing it would change every id ever published.
NAMESPACE = uuid.UUID("5b0f3c52-8d4e-5a57-9a0e-6c1b2f4d7e10")
HSDS_VERSION = "3.0"

_DATETIME = {"type": "datetime"}
_NUMBER = {"type": "number"}


@dataclass(frozen=True)
class Table:
    name: str  # the HSDS object name (resource name)
    path: str  # file name as in the HSDS 3.0 datapackage
    fields: tuple[str, ...]
    types: Mapping[str, Mapping] = None  # non-string fields
    foreign_keys: tuple[tuple[str, str], ...] = ()  # (field, resource it points to)


#: The HSDS 3.0 tables we fill, with their fields in specification order.
TABLES: tuple[Table, ...] = (
    Table("organization", "organizations.csv",
          ("id", "name", "alternate_name", "description", "email", "website", "year_incorporated",
           "legal_status", "logo", "uri", "parent_organization_id"),
          {"year_incorporated": _NUMBER}),
    Table("service", "services.csv",
          ("id", "organization_id", "program_id", "name", "alternate_name", "description", "url",
           "email", "status", "interpretation_services", "application_process", "fees_description",
           "accreditations", "eligibility_description", "minimum_age", "maximum_age",
           "assured_date", "assurer_email", "alert", "last_modified"),
          {"minimum_age": _NUMBER, "maximum_age": _NUMBER, "assured_date": {"type": "date"},
           "last_modified": _DATETIME},
          (("organization_id", "organization"),)),
    Table("attribute", "attributes.csv",
          ("id", "link_id", "taxonomy_term_id", "link_type", "link_entity", "value"),
          None, (("taxonomy_term_id", "taxonomy_term"),)),
    Table("service_at_location", "service_at_location.csv",
          ("id", "service_id", "location_id", "description"),
          None, (("service_id", "service"), ("location_id", "location"))),
    Table("location", "locations.csv",
          ("id", "location_type", "url", "organization_id", "name", "alternate_name",
           "description", "transportation", "latitude", "longitude", "external_identifier",
           "external_identifier_type"),
          {"latitude": _NUMBER, "longitude": _NUMBER}, (("organization_id", "organization"),)),
    Table("address", "addresses.csv",
          ("id", "location_id", "attention", "address_1", "address_2", "city", "region",
           "state_province", "postal_code", "country", "address_type"),
          None, (("location_id", "location"),)),
    Table("service_area", "service_areas.csv",
          ("id", "service_id", "name", "description", "extent", "extent_type", "uri"),
          None, (("service_id", "service"),)),
    Table("language", "languages.csv",
          ("id", "service_id", "location_id", "phone_id", "name", "code", "note"),
          None, (("service_id", "service"),)),
    Table("taxonomy_term", "taxonomy_terms.csv",
          ("id", "code", "name", "description", "parent_id", "taxonomy", "language",
           "taxonomy_id", "term_uri"),
          None, (("taxonomy_id", "taxonomy"),)),
    Table("taxonomy", "taxonomies.csv", ("id", "name", "description", "uri", "version")),
)
_BY_NAME = {table.name: table for table in TABLES}

#: Our vocabularies published as HSDS taxonomies: (key, vocabulary, name, description).
_TAXONOMIES = (
    ("capabilities", taxonomy.CAPABILITIES, "Belt and Road directory capabilities",
     "What a Hong Kong smart-city provider can do; codes are stable (CONTRACT section 6)."),
    ("staff-sizes", taxonomy.STAFF_SIZES, "Belt and Road directory staff sizes",
     "Head-count bands of the provider organisation."),
)


@dataclass(frozen=True)
class HsdsListing:
    """What the writer needs of one approved listing (its published data)."""
    public_id: str
    data: Mapping
    last_updated: datetime | None
    profile_url: str
    logo_url: str = ""


def hsds_id(kind: str, key: str) -> str:
    """The stable UUID of one HSDS record, e.g. ``hsds_id("organization", public_id)``."""
    return str(uuid.uuid5(NAMESPACE, f"{kind}/{key}"))


def _either(data: Mapping, field: str) -> tuple[str, str]:
    """(main, alternate): English first, Chinese as the alternate; Chinese alone if no English."""
    en, zh = (data.get(f"{field}_en") or "").strip(), (data.get(f"{field}_zh") or "").strip()
    return (en, zh) if en else (zh, "")


class _Writers:
    """One open CSV writer per table; rows are dicts, missing fields are empty cells."""

    def __init__(self, folder: Path):
        self._files, self._writers = {}, {}
        for table in TABLES:
            handle = open(folder / table.path, "w", encoding="utf-8", newline="")
            self._files[table.name] = handle
            writer = csv.writer(handle, dialect="excel", lineterminator="\r\n")
            writer.writerow(table.fields)
            self._writers[table.name] = writer

    def add(self, name: str, row: Mapping) -> None:
        unknown = set(row) - set(_BY_NAME[name].fields)
        if unknown:
            raise ValueError(f"unknown HSDS field(s) for {name}: {', '.join(sorted(unknown))}")
        self._writers[name].writerow([safe_cell(row.get(f)) for f in _BY_NAME[name].fields])

    def close(self) -> None:
        for handle in self._files.values():
            handle.close()


def _taxonomy_rows(out: _Writers, base_url: str) -> dict[tuple[str, str], str]:
    """Write taxonomies and their terms; return {(taxonomy key, code): term id}."""
    uri = f"{base_url}/api/v1/taxonomy"
    terms: dict[tuple[str, str], str] = {}
    for key, vocab, name, description in _TAXONOMIES:
        taxonomy_id = hsds_id("taxonomy", key)
        out.add("taxonomy", {"id": taxonomy_id, "name": name, "description": description,
                             "uri": uri, "version": "1"})
        for term in vocab.terms:
            term_id = hsds_id(f"taxonomy_term/{key}", term.code)
            terms[(key, term.code)] = term_id
            out.add("taxonomy_term", {
                "id": term_id, "code": term.code, "name": term.label("en"),
                "description": f"{term.label('zh-Hant')} / {term.label('zh-Hans')}",
                "taxonomy": name, "language": "en", "taxonomy_id": taxonomy_id,
                "term_uri": f"{uri}#{key}-{term.code}"})
    return terms


def _area(code: str, base_url: str) -> dict:
    if taxonomy.is_region(code):
        countries = ", ".join(sorted(taxonomy.region_countries(code)))
        return {"name": taxonomy.region_label(code, "en"),
                "description": f"Region {code}: ISO 3166-1 {countries}",
                "uri": f"{base_url}/api/v1/taxonomy#regions-{code}"}
    return {"name": taxonomy.country_name(code, "en") if taxonomy.is_country(code) else code,
            "description": f"ISO 3166-1 alpha-2: {code}",
            "uri": f"https://www.iso.org/obp/ui/#iso:code:3166:{code}"}


def public_data(data: Mapping) -> dict:
    """Only the keys the field declaration marks public (what the profile shows): whatever the
    mapping below reads, an e-mail, phone, contact person or BR number cannot reach the package."""
    return {f.name: data[f.name] for f in fields.public_fields() if f.name in data}


def _listing_rows(out: _Writers, item: HsdsListing, terms: Mapping, base_url: str) -> None:
    data, pid = public_data(item.data), item.public_id
    org_id, service_id = hsds_id("organization", pid), hsds_id("service", pid)
    name, alternate = _either(data, "company_name")
    summary, summary_alt = _either(data, "summary")
    description, _ = _either(data, "description")
    out.add("organization", {
        "id": org_id, "name": name, "alternate_name": alternate, "description": summary or description,
        "website": data.get("website") or "", "year_incorporated": data.get("year_established"),
        "logo": item.logo_url, "uri": item.profile_url})
    out.add("service", {
        "id": service_id, "organization_id": org_id, "name": summary or name,
        "alternate_name": summary_alt, "description": description or summary, "url": item.profile_url,
        "status": "active", "accreditations": "; ".join(data.get("certifications") or ()),
        "last_modified": format_timestamp(item.last_updated) if item.last_updated else ""})
    for code in data.get("capabilities") or ():
        if ("capabilities", code) in terms:
            out.add("attribute", {"id": hsds_id("attribute/capability", f"{pid}/{code}"),
                                  "link_id": service_id, "taxonomy_term_id": terms[("capabilities", code)],
                                  "link_type": "capability", "link_entity": "service", "value": code})
    staff = data.get("staff_size") or ""
    if ("staff-sizes", staff) in terms:
        out.add("attribute", {"id": hsds_id("attribute/staff_size", pid), "link_id": org_id,
                              "taxonomy_term_id": terms[("staff-sizes", staff)],
                              "link_type": "staff_size", "link_entity": "organization", "value": staff})
    address, address_alt = _either(data, "address")
    if address:
        location_id = hsds_id("location", pid)
        out.add("location", {"id": location_id, "location_type": "physical", "organization_id": org_id,
                             "name": name, "alternate_name": alternate, "description": address_alt})
        out.add("address", {"id": hsds_id("address", pid), "location_id": location_id,
                            "address_1": address, "city": "Hong Kong", "state_province": "Hong Kong",
                            "country": "HK", "address_type": "physical"})
        out.add("service_at_location", {"id": hsds_id("service_at_location", pid),
                                        "service_id": service_id, "location_id": location_id})
    for code in data.get("regions_served") or ():
        out.add("service_area", {"id": hsds_id("service_area", f"{pid}/{code}"), "service_id": service_id,
                                 **_area(code, base_url)})
    for code in data.get("languages") or ():
        out.add("language", {"id": hsds_id("language", f"{pid}/{code}"), "service_id": service_id,
                             "name": taxonomy.WORK_LANGUAGES.label(code, "en"), "code": code})


def datapackage(base_url: str, created: datetime | None = None) -> dict:
    """The ``datapackage.json`` document describing the tables we write."""
    resources = []
    for table in TABLES:
        types = table.types or {}
        fields = [{"name": f, **types.get(f, {"type": "string"})} for f in table.fields]
        schema = {"fields": fields, "primaryKey": "id"}
        if table.foreign_keys:
            schema["foreignKeys"] = [{"fields": f, "reference": {"resource": r, "fields": "id"}}
                                     for f, r in table.foreign_keys]
        resources.append({"name": table.name, "path": table.path, "profile": "tabular-data-resource",
                          "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
                          "schema": schema})
    package = {
        "name": "belt-and-road-service-providers",
        "title": "Belt and Road service-provider directory (Open Referral HSDS 3.0)",
        "description": "Approved listings of Hong Kong smart-city service providers, as an Open "
                       "Referral Human Services Data Specification 3.0 tabular data package. "
                       "Text cells that start with = + - @ or a control character carry a leading "
                       "apostrophe (spreadsheet formula guard).",
        "profile": "tabular-data-package",
        "homepage": base_url + "/",
        "hsds_version": HSDS_VERSION,
        "resources": resources,
    }
    if created is not None:
        package["created"] = format_timestamp(created)
    return package


def write_hsds(listings: Iterable[HsdsListing], folder: str | os.PathLike, *, base_url: str,
               created: datetime | None = None) -> int:
    """Write the package into *folder* (created if needed); return the number of organisations."""
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    base_url = base_url.rstrip("/")
    out = _Writers(target)
    count = 0
    try:
        terms = _taxonomy_rows(out, base_url)
        for item in listings:
            _listing_rows(out, item, terms, base_url)
            count += 1
    finally:
        out.close()
    with open(target / "datapackage.json", "w", encoding="utf-8") as handle:
        json.dump(datapackage(base_url, created), handle, ensure_ascii=False, indent=2)
        handle.write("\n")
    return count
