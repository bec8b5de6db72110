"""Search parameters (CONTRACT §5), parsed and validated once for /search and the JSON API."""
from dataclasses import dataclass, field

from flask_babel import gettext as _

from directory import taxonomy

FILTERS = ("capability", "region", "delivered_in", "staff_size")
SORTS = ("relevance", "name", "newest")
MAX_PER_PAGE = 100
MAX_PAGE = 1000
MAX_VALUES = 30  # per filter: more is a crafted URL, not a person


class BadSearch(ValueError):
    """A parameter a person can fix; the message says how, in the reader's language."""


@dataclass
class SearchParams:
    q: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    sort: str = "relevance"
    page: int = 1
    per_page: int = 20
    exact: bool = False  # search exactly as typed: no spelling correction ("search instead for")

    def query_args(self, **changes) -> dict:
        """The URL arguments of this search, with some changed: for links that keep the state."""
        args = {"q": self.q or None, "exact": 1 if self.exact else None,
                "sort": None if self.sort == "relevance" else self.sort,
                "page": None if self.page == 1 else self.page, **{k: v for k, v in self.filters.items() if v}}
        args.update(changes)
        return {k: v for k, v in args.items() if v not in (None, "", [])}

    def toggled(self, group: str, value: str) -> dict:
        current = list(self.filters.get(group, []))
        current = [v for v in current if v != value] if value in current else current + [value]
        return self.query_args(**{group: current, "page": None})

    @property
    def is_empty(self) -> bool:
        return not self.q and not any(self.filters.values())


def _valid(group: str, value: str) -> str | None:
    if group == "capability":
        return value if taxonomy.is_capability(value) else None
    if group == "staff_size":
        return value if value in taxonomy.STAFF_SIZES else None
    if group == "region":
        return taxonomy.normalize_area_code(value)
    code = value.upper()  # delivered_in: countries only
    return code if taxonomy.is_country(code) else None


def _int(args, name: str, default: int, low: int, high: int) -> int:
    raw = args.get(name)
    if raw in (None, ""):
        return default
    # "²".isdigit() is True; int() refuses more than 4300 digits, so long ones are refused first
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 18 or not (low <= int(raw) <= high):
        raise BadSearch(_("%(name)s must be a whole number from %(low)d to %(high)d.", name=name, low=low, high=high))
    return int(raw)


def parse(args) -> SearchParams:
    """Read a MultiDict of URL arguments; raises BadSearch for anything invalid (→ 400)."""
    params = SearchParams(q=(args.get("q") or "")[:1000])  # search_index caps further, safely
    for group in FILTERS:
        values = [v for v in args.getlist(group) if v != ""]
        if len(values) > MAX_VALUES:
            raise BadSearch(_("Too many values for %(name)s.", name=group))
        clean = []
        for value in values:
            code = _valid(group, value.strip())
            if code is None:
                raise BadSearch(_("Unknown %(name)s code: %(value)s", name=group, value=value[:50]))
            if code not in clean:
                clean.append(code)
        params.filters[group] = clean
    sort = args.get("sort") or "relevance"
    if sort not in SORTS:
        raise BadSearch(_("sort must be one of: %(values)s", values=", ".join(SORTS)))
    params.sort = sort
    params.page = _int(args, "page", 1, 1, MAX_PAGE)
    params.per_page = _int(args, "per_page", 20, 1, MAX_PER_PAGE)
    params.exact = _int(args, "exact", 0, 0, 1) == 1
    return params
