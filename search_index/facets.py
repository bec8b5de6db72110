"""Filters and disjunctive facet counts over per-value document sets.

For every facet value the generation keeps the set of live documents that
carry it (a Python int used as a bitset, see view.facet_masks).  A filter is
the union of its chosen values (OR within a key); filters of different keys
intersect (AND).  A group's counts are taken over the text matches AND the
filters of all OTHER groups, so a user sees what each extra choice would
give: popcount(base & value_set) per value, all in C.
"""

from __future__ import annotations

from .schema import FACET_FIELDS


def check_filters(filters) -> dict[str, list[str]]:
    """Validate the filters argument; unknown keys are a programming error."""
    out: dict[str, list[str]] = {}
    for key, values in (filters or {}).items():
        if key not in FACET_FIELDS:
            raise ValueError("unknown filter %r" % (key,))
        if isinstance(values, str):
            values = [values]
        values = [str(v) for v in values or () if str(v)]
        if values:
            out[key] = list(dict.fromkeys(values))
    return out


def filter_masks(view, filters: dict[str, list[str]]) -> dict[str, int]:
    """key -> documents having any of the chosen values."""
    masks: dict[str, int] = {}
    for key, values in filters.items():
        by_value = view.facet_masks(key)
        m = 0
        for v in values:
            m |= by_value.get(v, 0)
        masks[key] = m
    return masks


def combine(masks: dict[str, int], start: int, skip: str | None = None) -> int:
    m = start
    for key, fm in masks.items():
        if key != skip:
            m &= fm
    return m


def counts(view, groups, text_mask: int, masks: dict[str, int],
           filters: dict[str, list[str]]) -> dict[str, dict[str, int]]:
    """Disjunctive counts for each requested group.

    Values with no matching document are left out, except values the user
    has selected (reported with their count, possibly 0) so the UI can still
    show them ticked.
    """
    out: dict[str, dict[str, int]] = {}
    for group in groups:
        if group not in FACET_FIELDS:
            raise ValueError("unknown facet %r" % (group,))
        base = combine(masks, text_mask, skip=group)
        found: dict[str, int] = {}
        if base:
            for value, vm in view.facet_masks(group).items():
                c = (base & vm).bit_count()
                if c:
                    found[value] = c
        for value in filters.get(group, ()):
            found.setdefault(value, 0)
        out[group] = dict(sorted(found.items(), key=lambda kv: (-kv[1], kv[0])))
    return out
