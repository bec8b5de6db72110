"""The demo-listing generator: all the state of one ``generate()`` call."""
from __future__ import annotations

import random
from bisect import bisect_right
from datetime import timedelta
from functools import lru_cache
from itertools import accumulate

import phonenumbers

from directory import taxonomy
from directory.listings import fields as declared
from directory.demo_data.names import CAPABILITY_SECTORS, FORMS, GENERIC_SECTORS, ROOTS
from directory.demo_data.people import EMAIL_PREFIXES, GIVEN_NAMES, OTHER_NAMES, SURNAMES, TITLES_LARGE, TITLES_SMALL
from directory.demo_data.places import (CITIES, COUNTRY_LANGUAGES, REGION_LANGUAGES, REGION_WEIGHTS,
                     SCIENCE_PARK_BUILDINGS, STATED_COUNTRIES, STREETS)
from directory.demo_data.profiles import (AFFINITY, CAP_WEIGHTS, CERTIFICATIONS, CLIENT_TYPES, CONSENT_SPAN_SECONDS,
                       CONSENT_START, LAST_YEAR, STAFF_BANDS, STAFF_WEIGHTS, YEAR_RANGE)
from directory.demo_data.prose import description, summary
from directory.demo_data.texts import CAP_TEXT, CLIENT_PHRASES, ROLE_PHRASES


@lru_cache(maxsize=512)
def _cumulative(weights: tuple[float, ...]) -> tuple[float, ...]:
    return tuple(accumulate(weights))


def weighted(rng: random.Random, items, weights):
    """One item of ``items`` (a sequence) drawn with the given relative weights."""
    cumulative = _cumulative(tuple(weights))
    return items[bisect_right(cumulative, rng.random() * cumulative[-1])]


class Generator:
    """All the state of one generate() call; every random choice comes from self.rng
    (a seeded PRNG: reproducible demo data, nothing security-related)."""

    def __init__(self, count: int, seed: int):
        self.count = count
        self.rng = random.Random(seed)  # nosec B311
        self.used_en: set[str] = set()
        self.used_zh: set[str] = set()
        self.used_br: set[str] = set()
        self.used_domains: set[str] = set()
        self.used_phones: set[str] = set()
        self.roots: list[tuple[str, str, str]] = []
        rng = self.rng
        # Coverage by construction: shuffled lists of what must appear at least once.
        caps = list(taxonomy.CAPABILITY_CODES)
        rng.shuffle(caps)
        self.required_caps: list[list[str]] = [[] for _ in range(count)]
        if count:
            for i, cap in enumerate(caps):
                if i // count < 4:                       # at most four capabilities a listing
                    self.required_caps[i % count].append(cap)
        regions = list(taxonomy.REGION_CODES)
        rng.shuffle(regions)
        self.required_regions: list[list[str]] = [[] for _ in range(count)]
        if count:
            for i, region in enumerate(regions):
                if i // count < 3:
                    self.required_regions[i % count].append(region)
        bands = list(STAFF_BANDS)
        rng.shuffle(bands)
        self.required_band = bands
        self.scc_numbers = rng.sample(range(1, max(10_000, count * 2)), count)
        self.order = list(range(count))
        rng.shuffle(self.order)      # so the guaranteed listings are not all at the front

    # -- choices ------------------------------------------------------------------------------

    def capabilities(self, required: list[str]) -> list[str]:
        rng = self.rng
        caps = list(required)
        target = max(len(caps), weighted(rng, (1, 2, 3, 4), (0.25, 0.35, 0.25, 0.15)))
        if not caps:
            codes = list(CAP_WEIGHTS)
            caps.append(weighted(rng, codes, [CAP_WEIGHTS[c] for c in codes]))
        while len(caps) < target:
            related = [c for c in AFFINITY[caps[0]] if c not in caps]
            if related and rng.random() < 0.75:
                caps.append(rng.choice(related))
            else:
                others = [c for c in taxonomy.CAPABILITY_CODES if c not in caps]
                caps.append(rng.choice(others))
        return caps

    def regions_served(self, required: list[str]) -> list[str]:
        rng = self.rng
        regions = list(required)
        n_regions = max(len(regions), weighted(rng, (0, 1, 2, 3), (0.12, 0.4, 0.33, 0.15)))
        codes = list(REGION_WEIGHTS)
        while len(regions) < n_regions:
            pick = weighted(rng, codes, [REGION_WEIGHTS[c] for c in codes])
            if pick not in regions:
                regions.append(pick)
        covered = taxonomy.expand_served(regions)
        n_countries = weighted(rng, (0, 1, 2, 3), (0.35, 0.3, 0.2, 0.15))
        if not regions and n_countries == 0:
            n_countries = 1
        candidates = [(c, w) for c, w in STATED_COUNTRIES if c not in covered]
        countries: list[str] = []
        while len(countries) < n_countries and candidates:
            pick = weighted(rng, [c for c, _ in candidates], [w for _, w in candidates])
            countries.append(pick)
            candidates = [(c, w) for c, w in candidates if c != pick]
        ordered_regions = [r for r in taxonomy.REGION_CODES if r in regions]
        return ordered_regions + countries

    def name(self, primary: str) -> tuple[str, str, str]:
        """(name_en, name_zh, domain slug), neither name used before."""
        rng = self.rng
        for attempt in range(60):
            root_en, root_zh, root_slug = self.next_root()
            if rng.random() < 0.55:
                sector = rng.choice(CAPABILITY_SECTORS[primary])
            else:
                sector = rng.choice(GENERIC_SECTORS)
            form_en, form_zh = weighted(rng, FORMS, (5, 2, 3, 2, 1.2, 1.2, 1, 0.8, 0.8, 0.8))
            en = f"{root_en} {sector[0]} {form_en}"
            zh = f"{root_zh}{sector[1]}{form_zh}"
            if attempt >= 50:                      # only for very large counts
                serial = len(self.used_en) + 1
                en = f"{root_en} {sector[0]} {serial} {form_en}"
                zh = f"{root_zh}{sector[1]}{serial}{form_zh}"
            if en not in self.used_en and zh not in self.used_zh:
                self.used_en.add(en)
                self.used_zh.add(zh)
                return en, zh, f"{root_slug}-{sector[2]}"
        raise RuntimeError("could not find an unused company name")  # pragma: no cover

    def next_root(self) -> tuple[str, str, str]:
        """Roots are dealt like cards, so a name root repeats only after all were used."""
        if not self.roots:
            self.roots = list(ROOTS)
            self.rng.shuffle(self.roots)
        return self.roots.pop()

    def domain(self, slug: str) -> str:
        rng = self.rng
        tld = "example.hk" if rng.random() < 0.7 else "example.com"
        domain = f"{slug}.{tld}"
        n = 2
        while domain in self.used_domains:
            domain = f"{slug}{n}.{tld}"
            n += 1
        self.used_domains.add(domain)
        return domain

    def br_number(self, year: int) -> str:
        # Business Registration numbers were issued roughly in sequence, so older companies
        # get lower numbers.
        rng = self.rng
        base = 10_000_000 + int((year - 1985) / 40 * 64_000_000)
        while True:
            number = str(base + rng.randrange(0, 4_000_000))
            if number not in self.used_br:
                self.used_br.add(number)
                return number

    def phone(self) -> str:
        rng = self.rng
        while True:
            first = weighted(rng, "23569", (0.45, 0.3, 0.08, 0.1, 0.07))
            number = first + "".join(str(rng.randrange(10)) for _ in range(7))
            e164 = "+852" + number
            if e164 in self.used_phones:
                continue
            if _valid_prefix(number[:4]):
                self.used_phones.add(e164)
                return e164

    def address(self, primary: str, band: str) -> tuple[str, str, str, str]:
        """(address_en, address_zh, district_en, district_zh)."""
        rng = self.rng
        weights = []
        for street in STREETS:
            kind = street[7]
            if kind == "science-park":
                w = 6 if band in ("1-10", "11-50", "51-200") else 1.5
            elif kind == "cyberport":
                w = 5 if band in ("1-10", "11-50") else 1
            elif street[2] == "Tseung Kwan O":
                w = 6 if primary == "data-centre" else 0.4
            else:
                w = 1
            weights.append(w)
        (street_en, street_zh, district_en, district_zh, area_en, area_zh,
         max_no, kind) = weighted(rng, STREETS, weights)
        floor = rng.randrange(1, 9) if kind == "estate" else rng.randrange(2, 32)
        room = floor * 100 + rng.randrange(1, 25)
        if kind == "science-park":
            building = rng.choice(SCIENCE_PARK_BUILDINGS)
            floor = rng.randrange(1, 7)
            room = floor * 100 + rng.randrange(1, 30)
            en = (f"Unit {room}, {floor}/F, Building {building}, Hong Kong Science Park, "
                  f"Pak Shek Kok, Sha Tin, New Territories")
            zh = f"新界沙田白石角香港科學園{building}大樓{floor}樓{room}室"
        elif kind == "cyberport":
            tower = rng.randrange(1, 5)
            floor = rng.randrange(1, 14)
            room = floor * 100 + rng.randrange(1, 30)
            en = f"Unit {room}, Level {floor}, Cyberport {tower}, 100 Cyberport Road, Pok Fu Lam, Hong Kong"
            zh = f"香港薄扶林數碼港道100號數碼港{tower}座{floor}樓{room}室"
        else:
            number = rng.randrange(1, max_no + 1)
            prefix = rng.choice(("Room", "Unit", "Flat"))
            en = f"{prefix} {room}, {floor}/F, {number} {street_en}, {district_en}, {area_en}"
            zh = f"{area_zh}{district_zh}{street_zh}{number}號{floor}樓{room}室"
        return en, zh, district_en, district_zh

    def contact(self, band: str) -> tuple[str, str]:
        rng = self.rng
        roll = rng.random()
        surname = rng.choice(SURNAMES)
        given_en, given_zh = rng.choice(GIVEN_NAMES)
        if roll < 0.5:
            name = f"{rng.choice(given_en)} {surname}"
        elif roll < 0.7:
            name = f"{surname} {rng.choice(given_zh)}"
        elif roll < 0.9:
            name = f"{rng.choice(given_en)} {surname} {rng.choice(given_zh)}"
        else:
            name = rng.choice(OTHER_NAMES)
        titles = TITLES_SMALL if band in ("1-10", "11-50") else TITLES_LARGE
        return name, rng.choice(titles)

    def certifications(self, caps: list[str], band: str) -> list[str]:
        rng = self.rng
        scale = 0.5 if band == "1-10" else 1.0
        result = []
        for name, base, related, likely in CERTIFICATIONS:
            p = likely if related.intersection(caps) else base
            if rng.random() < p * scale:
                result.append(name)
        if band in ("501-1000", "1001+") and "system-integration" in caps and rng.random() < 0.3:
            result = [c for c in result if c != "CMMI Level 3"] + ["CMMI Level 5"]
        return result

    def languages(self, served: list[str]) -> list[str]:
        rng = self.rng
        langs = ["en", "yue"]
        if rng.random() < 0.9 or "mainland-china" in served or "CN" in served:
            langs.append("zh")
        extra: list[str] = []
        for code in served:
            options = (REGION_LANGUAGES.get(code, ()) if taxonomy.is_region(code)
                       else COUNTRY_LANGUAGES.get(code, ()))
            for lang in options:
                if lang not in extra and lang not in langs:
                    extra.append(lang)
        for lang in extra:
            if rng.random() < 0.35 and len(langs) < 6:
                langs.append(lang)
        return langs

    def references(self, caps, served, year_est, band) -> list[dict]:
        rng = self.rng
        n = weighted(rng, (0, 1, 2, 3, 4), (0.15, 0.3, 0.25, 0.18, 0.12))
        if not n:
            return []
        stated = [c for c in served if c in CITIES]
        expanded = sorted(c for c in taxonomy.expand_served(served) if c in CITIES)
        if not expanded:
            return []
        first_year = max(year_est, 2008)
        refs, seen = [], set()
        for _ in range(n * 3):
            if len(refs) >= n:
                break
            pool = stated if stated and rng.random() < 0.6 else expanded
            country = rng.choice(pool)
            city_en, city_zh = rng.choice(CITIES[country])
            cap = rng.choice(caps)
            title_en, title_zh, what = rng.choice(CAP_TEXT[cap]["refs"])
            if (title_en, city_en) in seen:  # the same project twice in one city
                continue
            seen.add((title_en, city_en))
            client = weighted(rng, CLIENT_TYPES, (0.4, 0.3, 0.3))
            if band in ("1-10", "11-50"):
                role = weighted(rng, ("prime-contractor", "sub-contractor", "supplier", "consultant"),
                                (0.15, 0.35, 0.3, 0.2))
            else:
                role = weighted(rng, ("prime-contractor", "sub-contractor", "supplier", "consultant"),
                                (0.5, 0.2, 0.15, 0.15))
            if cap == "consulting":
                role = "consultant"
            refs.append({
                "title_en": title_en,
                "title_zh": title_zh,
                "country": country,
                "city_en": city_en,
                "city_zh": city_zh,
                "year": rng.randint(first_year, LAST_YEAR),
                "client_type": client,
                "role": role,
                "description_en": f"{ROLE_PHRASES[role]} for {CLIENT_PHRASES[client]} in {city_en}. {what}",
                "description_zh": "",
            })
        refs.sort(key=lambda r: -r["year"])
        return refs

    # -- one listing --------------------------------------------------------------------------

    def listing(self, index: int) -> dict:
        rng = self.rng
        slot = self.order[index]
        caps = self.capabilities(self.required_caps[slot])
        served = self.regions_served(self.required_regions[slot])
        if slot < len(self.required_band):
            band = self.required_band[slot]
        else:
            band = weighted(rng, STAFF_BANDS, STAFF_WEIGHTS)
        lo, hi = YEAR_RANGE[band]
        year = rng.randint(lo, hi)
        name_en, name_zh, slug = self.name(caps[0])
        which = rng.random()
        if which < 0.06:
            name_zh = ""                       # English name only
        elif which < 0.12:
            name_en = ""                       # Chinese name only
        domain = self.domain(slug)
        address_en, address_zh, district_en, district_zh = self.address(caps[0], band)
        contact_name, contact_title = self.contact(band)
        consent = rng.random() < 0.85
        consent_at = ""
        if consent:
            moment = CONSENT_START + timedelta(seconds=rng.randrange(CONSENT_SPAN_SECONDS))
            consent_at = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
        data = {
            "company_name_en": name_en,
            "company_name_zh": name_zh,
            "br_number": self.br_number(year),
            "year_established": year,
            "staff_size": band,
            "website": f"https://www.{domain}",
            "email": f"{rng.choice(EMAIL_PREFIXES)}@{domain}",
            "phone": self.phone(),
            "address_en": address_en,
            "address_zh": address_zh,
            "summary_en": "",
            "summary_zh": "",
            "description_en": "",
            "description_zh": "",
            "capabilities": caps,
            "regions_served": served,
            "certifications": self.certifications(caps, band),
            "languages": self.languages(served),
            "contact_name": contact_name,
            "contact_title": contact_title,
            "scc_member_no": f"SCC-{self.scc_numbers[index]:04d}",
            "hktdc_consent": consent,
            "consent_at": consent_at,
            "logo": None,
            "references": [],
        }
        refs = self.references(caps, served, year, band)
        data["references"] = refs
        data["summary_en"], data["summary_zh"] = summary(self.rng, caps, served)
        data["description_en"], data["description_zh"] = description(
            self.rng, data, district_en, district_zh, refs)
        return shaped(data)


#: The keys of a demo listing: every declared field but a draft's flagged input, in the declaration's order.
SHAPE: tuple[str, ...] = tuple(f.name for f in declared.FIELDS if f.kind != "internal")
REFERENCE_SHAPE: tuple[str, ...] = tuple(f.name for f in declared.REFERENCE_FIELDS)


def shaped(data: dict) -> dict:
    """`data` with the declaration's keys in its order: a declared field the generator does not
    fill, or a key the declaration does not know, fails loudly (tests/test_listing_fields.py
    also checks every generated value against the field rules and the submit rule)."""
    unknown = set(data) - set(SHAPE)
    unknown |= {k for ref in data.get("references") or () for k in ref if k not in REFERENCE_SHAPE}
    missing = [key for key in SHAPE if key not in data]
    missing += [key for ref in data.get("references") or () for key in REFERENCE_SHAPE if key not in ref]
    if unknown or missing:
        raise ValueError(f"demo listing shape differs from directory/listings/fields.py: "
                         f"unknown {sorted(unknown)}, missing {sorted(set(missing))}")
    return {key: data[key] for key in SHAPE}


_PREFIX_VALID: dict[str, bool] = {}


def _valid_prefix(prefix: str) -> bool:
    """Whether Hong Kong numbers starting with these four digits are valid (phonenumbers'
    metadata for HK is decided by the leading digits; cached, since parsing is slow)."""
    valid = _PREFIX_VALID.get(prefix)
    if valid is None:
        valid = all(phonenumbers.is_valid_number(phonenumbers.parse(f"+852{prefix}{tail}"))
                    for tail in ("0000", "5281", "9999"))
        _PREFIX_VALID[prefix] = valid
    return valid
