"""Possible duplicates in an import: a company name very similar (difflib ratio >= 0.9, legal
suffixes ignored) to a name already in the directory is a warning, never an error."""
from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher

from sqlalchemy import func, select

from directory.core.extensions import db
from directory.models import Listing, ListingRevision

SIMILARITY = 0.9
MIN_NAME_LENGTH = 4


_PUNCT = re.compile(r"[^\w\s]")
_EN_SUFFIX = re.compile(r"\b(limited|ltd|company|co|corporation|corp|incorporated|inc|llc|plc)\b")
_ZH_SUFFIX = re.compile(r"(有限公司|公司)$")


def normalise_name(name: str) -> str:
    text = unicodedata.normalize("NFKC", name or "").casefold()
    text = _PUNCT.sub(" ", text)
    text = _EN_SUFFIX.sub(" ", text)
    text = " ".join(text.split())
    text = _ZH_SUFFIX.sub("", text.replace(" ", "") if re.search(r"[\u3400-\u9fff]", text) else text)
    return text.strip()


def _close(a: int, b: int) -> bool:
    return 2 * min(a, b) / (a + b) >= SIMILARITY


class _NameIndex:
    """Existing company names, blocked by their first and last three characters.

    Comparing each new name with every name in a large directory is too slow (0.3 s a name at
    100k listings), so only names sharing the new name's first *or* last three characters (after
    normalisation) are compared.  Two names at ratio >= 0.9 differ in a couple of characters, so
    they almost always keep one end in common; a name changed at both ends is not flagged.
    """

    def __init__(self):
        self.blocks: dict[str, list[tuple[str, str, str, int]]] = {}
        stmt = (select(Listing.id, Listing.public_id,
                       ListingRevision.data["company_name_en"].as_string(),
                       ListingRevision.data["company_name_zh"].as_string())
                .join(ListingRevision, ListingRevision.id == func.coalesce(
                    Listing.working_revision_id, Listing.published_revision_id)))
        for listing_id, public_id, en, zh in db.session.execute(stmt):
            for raw in (en, zh):
                norm = normalise_name(raw or "")
                if len(norm) >= MIN_NAME_LENGTH:
                    entry = (norm, raw, public_id, listing_id)
                    self.blocks.setdefault("<" + norm[:3], []).append(entry)
                    self.blocks.setdefault(">" + norm[-3:], []).append(entry)

    def closest(self, name: str, exclude: int | None) -> tuple[float, str, str] | None:
        norm = normalise_name(name)
        if len(norm) < MIN_NAME_LENGTH:
            return None
        matcher = SequenceMatcher(None, autojunk=False)
        matcher.set_seq2(norm)  # the matcher caches facts about seq2: keep the new name there
        best, seen = None, set()
        for entries in (self.blocks.get("<" + norm[:3], ()), self.blocks.get(">" + norm[-3:], ())):
            for other, raw, public_id, listing_id in entries:
                if listing_id == exclude or (other, listing_id) in seen or not _close(len(norm), len(other)):
                    continue
                seen.add((other, listing_id))
                matcher.set_seq1(other)
                if (matcher.real_quick_ratio() >= SIMILARITY and matcher.quick_ratio() >= SIMILARITY
                        and (ratio := matcher.ratio()) >= SIMILARITY and (best is None or ratio > best[0])):
                    best = (ratio, raw, public_id)
        return best


def possible_duplicates(plan) -> list[tuple[int, str, dict]]:
    """(line, column, message params) for each planned row's name close to one in the directory."""
    rows = [p for p in plan if p.action != "unchanged"]
    if not rows:
        return []
    index, found = _NameIndex(), []
    for planned in rows:
        exclude = planned.listing.id if planned.listing is not None else None
        for column in ("company_name_en", "company_name_zh"):
            name = planned.data.get(column) or ""
            match = index.closest(name, exclude)
            if match is not None:
                found.append((planned.line, column, {"name": name, "existing": match[1], "other": match[2]}))
    return found
