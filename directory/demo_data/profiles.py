"""How demo companies are made up: which capabilities go together, how common each is, staff
sizes and ages, certifications, clients and consent dates (relative weights and odds)."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from directory import taxonomy

LAST_YEAR = 2025          # latest project-reference year (fixed, so output never depends on the date)

#: Capabilities that often go together (used when adding a listing's second, third… capability).
AFFINITY: dict[str, tuple[str, ...]] = {
    "iot": ("smart-building", "smart-environment", "big-data", "5g", "smart-mobility"),
    "fintech": ("blockchain", "infosec", "cloud", "ai", "e-commerce"),
    "infosec": ("cloud", "consulting", "fintech", "data-centre", "system-integration"),
    "big-data": ("ai", "cloud", "gis", "govtech"),
    "ai": ("big-data", "robotics", "healthtech", "smart-mobility"),
    "cloud": ("data-centre", "infosec", "system-integration", "big-data"),
    "blockchain": ("fintech", "e-commerce", "govtech"),
    "5g": ("iot", "smart-mobility", "system-integration"),
    "gis": ("big-data", "smart-mobility", "smart-environment", "govtech"),
    "robotics": ("ai", "iot", "smart-building", "healthtech"),
    "e-commerce": ("fintech", "cloud", "big-data"),
    "smart-building": ("iot", "smart-environment", "system-integration", "data-centre"),
    "smart-mobility": ("iot", "gis", "ai", "5g"),
    "smart-environment": ("iot", "gis", "smart-building"),
    "govtech": ("consulting", "cloud", "big-data", "infosec"),
    "healthtech": ("ai", "iot", "cloud"),
    "edtech": ("cloud", "ai", "big-data"),
    "data-centre": ("cloud", "system-integration", "smart-building"),
    "system-integration": ("iot", "infosec", "5g", "cloud", "smart-building"),
    "consulting": ("govtech", "infosec", "big-data", "system-integration"),
}

#: How common each capability is as a company's main line (relative weights).
CAP_WEIGHTS: dict[str, float] = {
    "iot": 3, "fintech": 2.5, "infosec": 2, "big-data": 2, "ai": 3, "cloud": 2,
    "blockchain": 1, "5g": 1, "gis": 1, "robotics": 1, "e-commerce": 1.5,
    "smart-building": 1.5, "smart-mobility": 1, "smart-environment": 1, "govtech": 1,
    "healthtech": 1, "edtech": 1, "data-centre": 0.8, "system-integration": 2.5, "consulting": 1.5,
}

STAFF_BANDS = tuple(taxonomy.STAFF_SIZES)
STAFF_WEIGHTS = (0.22, 0.32, 0.22, 0.12, 0.07, 0.05)
YEAR_RANGE = {"1-10": (2008, 2024), "11-50": (2000, 2024), "51-200": (1992, 2022),
              "201-500": (1988, 2018), "501-1000": (1985, 2012), "1001+": (1985, 2005)}

#: (certification, base probability, capabilities that make it likely, probability then).
CERTIFICATIONS: tuple[tuple[str, float, frozenset[str], float], ...] = (
    ("ISO 9001", 0.55, frozenset({"system-integration", "consulting", "data-centre"}), 0.75),
    ("ISO 27001", 0.12, frozenset({"infosec", "cloud", "data-centre", "fintech"}), 0.7),
    ("ISO 14001", 0.06, frozenset({"smart-environment", "smart-building"}), 0.5),
    ("ISO 45001", 0.04, frozenset({"data-centre", "smart-building", "system-integration"}), 0.3),
    ("ISO 20000-1", 0.04, frozenset({"cloud", "data-centre", "system-integration"}), 0.35),
    ("ISO 22301", 0.02, frozenset({"data-centre", "fintech"}), 0.2),
    ("ISO 27701", 0.0, frozenset({"infosec", "cloud"}), 0.15),
    ("ISO 13485", 0.0, frozenset({"healthtech"}), 0.35),
    ("ISO 50001", 0.0, frozenset({"smart-building", "smart-environment"}), 0.2),
    ("CMMI Level 3", 0.06, frozenset({"system-integration", "govtech", "consulting"}), 0.3),
    ("SOC 2 Type II", 0.03, frozenset({"cloud", "fintech"}), 0.4),
    ("PCI DSS", 0.0, frozenset({"fintech", "e-commerce"}), 0.4),
    ("CREST", 0.0, frozenset({"infosec"}), 0.35),
    ("Uptime Institute Tier III", 0.0, frozenset({"data-centre"}), 0.35),
)

CLIENT_TYPES = tuple(taxonomy.CLIENT_TYPES)

CONSENT_START = datetime(2023, 1, 2, tzinfo=timezone.utc)
CONSENT_SPAN_SECONDS = int(timedelta(days=900).total_seconds())
