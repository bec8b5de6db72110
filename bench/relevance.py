"""Relevance of the directory's search on its own demo data: recall@10, MRR and nDCG@10 per class.

    python bench/relevance.py [--count 150] [--seed 7] [--worst 15] [--json]

The corpus is ``directory.demo_data.generate(count, seed)`` (what ``flask demo load`` stores),
turned into index documents by the app's own ``directory.search.document_of`` and searched by
the app's own ``directory.search.search_index_for`` in a temporary index: no database needed.

The judgments (bench/relevance_queries.py) were written by reading the listings and the phrase
tables they are composed from (directory/demo_data/texts.py), never by running the engine. A
judgment is a rule over a listing's data -- "says penetration test" (grade 2), "is tagged
infosec" (grade 1), "delivered a project in Kazakhstan" (grade 2) or "serves it" (grade 1) --
so it stays right when the generator's random choices change. Prints figures; asserts nothing
(tests/test_search_relevance.py holds the floor).
"""
from __future__ import annotations

import argparse
import json
import math
import os
import re
import sys
import tempfile
from collections import defaultdict

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench.relevance_queries import QUERIES  # noqa: E402
from directory import taxonomy  # noqa: E402
from directory.demo_data import generate  # noqa: E402
from directory.search.service import document_of, open_index, search_index_for  # noqa: E402

CLASSES = ("en", "zh-Hant", "zh-Hans", "cross", "acronym", "typo", "multi", "place", "name")
K = 10


class Listing:
    """What a judge may look at: the listing's own words, tags and places."""

    def __init__(self, pid: str, data: dict):
        self.pid, self.data = pid, data
        refs = data.get("references") or []
        parts = [data.get(k) or "" for k in ("company_name_en", "company_name_zh", "summary_en", "summary_zh",
                                              "description_en", "description_zh")]
        parts += [" ".join(str(v) for v in r.values() if isinstance(v, str)) for r in refs]
        self.text = " ".join(parts).casefold()
        self.caps = set(data.get("capabilities") or [])
        self.served = taxonomy.expand_served(data.get("regions_served") or [])
        self.delivered = {r["country"] for r in refs if r.get("country")}
        self.names = (data.get("company_name_en") or "", data.get("company_name_zh") or "")

    def says(self, phrase: str) -> bool:
        phrase = phrase.casefold()
        if phrase.isascii():  # English: whole words ("stem" is not in "system")
            return re.search(r"(?<![a-z0-9])%s(?![a-z0-9])" % re.escape(phrase), self.text) is not None
        return phrase in self.text


def grade(judge: dict, item: Listing) -> int:
    """0 (not relevant), 1 (relevant: tagged, or serves the place), 2 (says it / delivered there)."""
    if "name" in judge:
        return 2 if any(judge["name"].casefold() in n.casefold() for n in item.names if n) else 0
    g = 0
    if any(item.says(p) for p in judge.get("say", ())):
        g = 2
    elif judge.get("cap2") and item.caps & set(judge["cap2"]):
        g = 2
    elif item.caps & set(judge.get("cap", ())) or item.caps & set(judge.get("cap2", ())):
        g = 1
    if g and "place" in judge:
        where = judge["place"]
        countries = set(taxonomy.region_countries(where)) if taxonomy.is_region(where) else {where}
        if item.delivered & countries:
            return g
        return 1 if where in item.served else 0
    return g


def dcg(gains) -> float:
    return sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(gains))


def corpus(count: int, seed: int) -> list[Listing]:
    return [Listing("demo-%04d" % i, data) for i, data in enumerate(generate(count, seed))]


def name_queries(items: list[Listing]) -> list[tuple]:
    """Company names as a buyer types them: the name without its company form."""
    out = []
    for item in items[::9]:
        en = item.names[0] or item.names[1]
        q = re.sub(r"\s*(Company Limited|Limited|Group Limited)$", "", en).strip() or en
        out.append(("name", q, {"name": q}))
    for item in items[4::13]:
        zh = item.names[1]
        if zh:
            q = re.sub(r"(股份有限公司|有限公司)$", "", zh)
            out.append(("name", q, {"name": q}))
    return out


def evaluate(count: int = 150, seed: int = 7) -> dict:
    """{"classes": {cls: {recall, mrr, ndcg, n}}, "all": {...}, "queries": [...]}"""
    items = corpus(count, seed)
    by_pid = {item.pid: item for item in items}
    with tempfile.TemporaryDirectory() as tmp:
        index = open_index(os.path.join(tmp, "index"))
        index.rebuild([document_of(item.pid, 1, item.data, float(n)) for n, item in enumerate(items)], 0)
        rows = []
        for cls, q, judge in QUERIES + name_queries(items):
            grades = {item.pid: grade(judge, item) for item in items}
            relevant = [pid for pid, g in grades.items() if g]
            if not relevant:
                raise SystemExit("judgment without a relevant listing: %r" % q)
            found = search_index_for(index, q, {}, per_page=K)
            top = found.ids[:K]
            gains = [grades[pid] for pid in top]
            recall = sum(1 for g in gains if g) / min(K, len(relevant))
            rank = next((i + 1 for i, g in enumerate(gains) if g), None)
            ideal = dcg(sorted(grades.values(), reverse=True)[:K])
            rows.append({"class": cls, "q": q, "recall": recall, "rr": 1 / rank if rank else 0.0,
                         "ndcg": dcg(gains) / ideal, "relevant": len(relevant), "total": found.total,
                         "top": [(pid, grades[pid], by_pid[pid].names[0] or by_pid[pid].names[1]) for pid in top[:3]]})
        index.close()
    classes = defaultdict(list)
    for row in rows:
        classes[row["class"]].append(row)
    summary = {cls: _mean(classes[cls]) for cls in CLASSES if classes[cls]}
    return {"classes": summary, "all": _mean(rows), "queries": rows}


def _mean(rows) -> dict:
    n = len(rows)
    return {"n": n, "recall": sum(r["recall"] for r in rows) / n, "mrr": sum(r["rr"] for r in rows) / n,
            "ndcg": sum(r["ndcg"] for r in rows) / n}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=150)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--worst", type=int, default=15)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    result = evaluate(args.count, args.seed)
    if args.json:
        print(json.dumps({"classes": result["classes"], "all": result["all"]}, indent=1))
        return
    print("%-9s %4s  %9s  %5s  %7s" % ("class", "n", "recall@10", "MRR", "nDCG@10"))
    for cls, m in [*result["classes"].items(), ("all", result["all"])]:
        print("%-9s %4d  %9.3f  %5.3f  %7.3f" % (cls, m["n"], m["recall"], m["mrr"], m["ndcg"]))
    print("\nworst queries (by nDCG@10):")
    for row in sorted(result["queries"], key=lambda r: (r["ndcg"], r["recall"]))[: args.worst]:
        print("  %-8s %-38s recall %.2f  nDCG %.2f  (%d relevant, %d found) top: %s" % (
            row["class"], row["q"][:38], row["recall"], row["ndcg"], row["relevant"], row["total"],
            ", ".join("%s[%d]" % (name[:22], g) for _pid, g, name in row["top"])))


if __name__ == "__main__":
    main()
