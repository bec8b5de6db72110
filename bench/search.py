"""Search benchmark: the SearchIndex API against a SQLite FTS5 baseline.

    python bench/search.py --n 10000 [--queries 500] [--seed 1] [--skip-fts]

Generates N bilingual listing documents (fixed seed), rebuilds the index
through the public API, runs a fixed query mix (single word, two words,
phrase, Traditional, Simplified, filtered, browse-with-filters, typo), every
query with facet counts and top-10 highlights, then does the same work with
SQLite FTS5 (trigram tokenizer, GROUP BY facet counts, highlight()) on the
same corpus.  Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from search_index import Change, SearchIndex  # noqa: E402

# ---------------------------------------------------------------- corpus ---
CAPS = {
    "iot": (["IoT", "sensors", "smart meters", "LoRaWAN", "edge devices", "telemetry"],
            ["物聯網", "感應器", "智能電錶", "邊緣裝置", "遙測"]),
    "fintech": (["payments", "digital banking", "trade finance", "regtech", "wealth management"],
                ["金融科技", "電子支付", "數碼銀行", "貿易融資", "監管科技"]),
    "infosec": (["cybersecurity", "penetration testing", "security operations", "encryption",
                 "identity management"], ["資訊保安", "滲透測試", "加密技術", "身份管理", "網絡安全"]),
    "big-data": (["data analytics", "data lake", "business intelligence", "dashboards"],
                 ["大數據", "數據分析", "商業智能", "數據平台"]),
    "ai": (["machine learning", "computer vision", "natural language processing",
            "predictive models", "chatbots"], ["人工智能", "機器學習", "電腦視覺", "自然語言處理"]),
    "cloud": (["cloud migration", "hybrid cloud", "kubernetes", "serverless", "SaaS"],
              ["雲端服務", "混合雲", "雲遷移"]),
    "blockchain": (["blockchain", "distributed ledger", "smart contracts", "tokenisation"],
                   ["區塊鏈", "分佈式賬本", "智能合約"]),
    "5g": (["5G", "private networks", "network slicing", "telecom"], ["5G網絡", "專用網絡", "電訊服務"]),
    "gis": (["GIS", "geospatial", "mapping", "digital twin", "remote sensing"],
            ["地理資訊系統", "測繪", "數碼孿生", "遙感技術"]),
    "robotics": (["robotics", "robots", "automation", "drones", "autonomous vehicles"],
                 ["機械人", "自動化", "無人機", "自動駕駛"]),
    "e-commerce": (["e-commerce", "online marketplace", "cross-border logistics", "omnichannel retail"],
                   ["電子商貿", "網上市場", "跨境物流"]),
    "smart-building": (["building management", "energy efficiency", "HVAC control",
                        "facility management"], ["智能建築", "樓宇管理", "節能方案"]),
    "smart-mobility": (["smart mobility", "traffic management", "electric vehicles", "parking",
                        "public transport"], ["智慧出行", "交通管理", "電動車", "公共交通"]),
    "smart-environment": (["air quality monitoring", "waste management", "water treatment",
                           "carbon accounting"], ["空氣質素監測", "廢物管理", "水處理", "碳排放"]),
    "govtech": (["e-government", "digital identity", "open data", "citizen services"],
                ["電子政府", "數碼身份", "開放數據"]),
    "healthtech": (["telemedicine", "health records", "medical devices", "elderly care"],
                   ["遙距醫療", "健康紀錄", "醫療器材", "安老服務"]),
    "edtech": (["e-learning", "learning platforms", "STEM education", "virtual classrooms"],
               ["電子學習", "學習平台", "STEM教育"]),
    "data-centre": (["data centre", "colocation", "disaster recovery", "green data centres"],
                    ["數據中心", "災難復原", "綠色數據中心"]),
    "system-integration": (["system integration", "ERP", "legacy modernisation", "APIs"],
                           ["系統整合", "企業資源規劃", "系統升級"]),
    "consulting": (["consulting", "digital transformation", "strategy", "project management"],
                   ["顧問服務", "數碼轉型", "項目管理"]),
}
REGIONS = {
    "asean": ["SG", "MY", "TH", "VN", "ID", "PH", "MM", "KH", "LA", "BN"],
    "mainland-china": ["CN"],
    "south-asia": ["IN", "PK", "BD", "LK", "NP"],
    "central-asia": ["KZ", "UZ", "KG", "TJ", "TM"],
    "middle-east": ["AE", "SA", "QA", "OM", "KW", "BH", "JO"],
    "central-eastern-europe": ["PL", "HU", "CZ", "RS", "RO", "BG"],
    "africa": ["KE", "NG", "EG", "ET", "ZA", "TZ"],
}
STAFF = ["1-10", "11-50", "51-200", "201-500", "500+"]
NAME_A = ["Harbour", "Peak", "Victoria", "Kowloon", "Lantau", "Dragon", "Jade", "Pearl", "Silk",
          "Orient", "Summit", "Bauhinia", "Lion Rock", "Tsing", "Golden", "Star", "Bay", "Sino"]
NAME_B = ["Data", "Tech", "Digital", "Smart", "Cyber", "Cloud", "Logic", "Nova", "Link", "Grid",
          "Sense", "Wave", "Matrix", "Vision", "Bridge", "Core"]
NAME_C = ["Systems", "Solutions", "Labs", "Technologies", "Holdings", "Partners", "Group", "Works"]
ZH_A = ["海港", "山頂", "維港", "九龍", "大嶼", "飛龍", "翡翠", "明珠", "絲路", "東方", "紫荊", "獅子山"]
ZH_B = ["數據", "科技", "數碼", "智能", "網安", "雲端", "邏輯", "新星", "連線", "電網", "感知", "視野"]
ZH_C = ["系統", "方案", "實驗室", "科技", "集團", "夥伴"]
EN_FILL = ["We deliver", "Our team builds", "Proven", "End-to-end", "Award-winning", "Scalable",
           "Secure", "Affordable"]
EN_OBJ = ["solutions for government", "platforms for hospitals", "services for ports and airports",
          "systems for universities", "projects for property developers", "tools for retailers",
          "programmes for utilities", "deployments for transport operators"]
EN_WHERE = ["in Hong Kong", "across the Greater Bay Area", "in Southeast Asia",
            "along the Belt and Road", "in the Middle East", "for clients in Central Asia"]
ZH_FILL = ["我們為", "團隊專注", "提供一站式", "屢獲殊榮的", "可擴展的", "安全可靠的"]
ZH_OBJ = ["政府部門", "醫院", "港口及機場", "大學", "地產發展商", "零售商", "公用事業", "運輸營運商"]
ZH_WHERE = ["香港", "大灣區", "東南亞", "一帶一路沿線", "中東", "中亞"]
CERTS = ["ISO 27001", "ISO 9001", "CMMI Level 3", "SOC 2", "ISO 14001", "PCI DSS"]
CITIES = ["Singapore", "Kuala Lumpur", "Bangkok", "Jakarta", "Dubai", "Riyadh", "Almaty",
          "Warsaw", "Nairobi", "Shenzhen", "Guangzhou", "Hanoi", "Manila"]
S2T_QUERIES = {"物联网": "物聯網", "区块链": "區塊鏈", "数据分析": "數據分析", "机械人": "機械人",
               "网络安全": "網絡安全", "电子支付": "電子支付", "人工智能": "人工智能",
               "智能建筑": "智能建築", "数码转型": "數碼轉型", "无人机": "無人機"}


def make_doc(i: int, rng: random.Random) -> dict:
    caps = rng.sample(sorted(CAPS), rng.randint(1, 4))
    en_terms = [t for c in caps for t in CAPS[c][0]]
    zh_terms = [t for c in caps for t in CAPS[c][1]]
    regions = rng.sample(sorted(REGIONS), rng.randint(1, 3))
    region = regions + [cc for r in regions for cc in REGIONS[r]]
    delivered = rng.sample(sorted({cc for r in regions for cc in REGIONS[r]}), 1)
    delivered += rng.sample([cc for v in REGIONS.values() for cc in v], rng.randint(0, 3))
    name_en = "%s %s %s" % (rng.choice(NAME_A), rng.choice(NAME_B), rng.choice(NAME_C))
    name_zh = "%s%s%s有限公司" % (rng.choice(ZH_A), rng.choice(ZH_B), rng.choice(ZH_C))

    def en_sentence():
        picks = rng.sample(en_terms, min(len(en_terms), rng.randint(1, 3)))
        return "%s %s %s %s." % (rng.choice(EN_FILL), " and ".join(picks),
                                 rng.choice(EN_OBJ), rng.choice(EN_WHERE))

    def zh_sentence():
        picks = rng.sample(zh_terms, min(len(zh_terms), rng.randint(1, 3)))
        return "%s%s提供%s及%s方案。" % (rng.choice(ZH_FILL), rng.choice(ZH_WHERE),
                                     rng.choice(ZH_OBJ), "、".join(picks))

    return {
        "id": "L%06d" % i, "version": "v%d" % rng.randint(1, 9),
        "name_en": name_en, "name_zh": name_zh,
        "summary_en": en_sentence(), "summary_zh": zh_sentence(),
        "description_en": " ".join(en_sentence() for _ in range(rng.randint(3, 6))),
        "description_zh": "".join(zh_sentence() for _ in range(rng.randint(2, 4))),
        "extra_text": " ".join(caps + rng.sample(CERTS, rng.randint(0, 2))
                               + rng.sample(CITIES, rng.randint(1, 3))),
        "capability": caps, "region": region, "delivered_in": delivered,
        "staff_size": rng.choice(STAFF), "sort_name": name_en,
        "published_at": 1_600_000_000 + rng.random() * 100_000_000,
    }


def make_docs(n: int, seed: int = 1):
    rng = random.Random(seed)
    return (make_doc(i, rng) for i in range(n))


def make_queries(n: int, seed: int = 1) -> list[dict]:
    """A fixed mix: dicts with text, filters (and a kind label)."""
    rng = random.Random(seed + 1000)
    en_words = sorted({w for en, _ in CAPS.values() for t in en for w in t.split() if len(w) > 3})
    en_phrases = sorted({t for en, _ in CAPS.values() for t in en if " " in t})
    zh = sorted({t for _, z in CAPS.values() for t in z})
    out = []
    for i in range(n):
        kind = ["word", "word", "two", "phrase", "zh", "zhs", "filtered", "browse", "typo"][i % 9]
        filters: dict[str, list[str]] = {}
        if kind == "word":
            text = rng.choice(en_words)
        elif kind == "two":
            text = rng.choice(en_phrases)
        elif kind == "phrase":
            text = '"%s"' % rng.choice(en_phrases)
        elif kind == "zh":
            text = rng.choice(zh)
        elif kind == "zhs":
            text = rng.choice(sorted(S2T_QUERIES))
        elif kind == "filtered":
            text = rng.choice(en_words)
            filters = {"capability": rng.sample(sorted(CAPS), 2),
                       "region": [rng.choice(sorted(REGIONS))]}
        elif kind == "browse":
            text = ""
            filters = {"region": [rng.choice([cc for v in REGIONS.values() for cc in v])],
                       "staff_size": [rng.choice(STAFF)]}
        else:
            w = rng.choice([w for w in en_words if len(w) > 5]).lower()
            j = rng.randrange(1, len(w) - 1)
            text = w[:j] + w[j + 1] + w[j] + w[j + 2:]
        out.append({"kind": kind, "text": text, "filters": filters})
    return out


SYNONYMS = [
    {"information security", "cybersecurity", "infosec", "資訊保安", "信息安全"},
    {"iot", "internet of things", "物聯網"},
    {"robotics", "robots", "機械人", "机器人"},
    {"blockchain", "distributed ledger", "區塊鏈"},
    {"artificial intelligence", "ai", "人工智能"},
]
GROUPS = ("capability", "region", "delivered_in", "staff_size")


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def report(label: str, times: list[float]) -> float:
    ms = [t * 1000 for t in times]
    p95 = pct(ms, 95)
    print("  %-8s p50 %7.2f ms   p95 %7.2f ms   p99 %7.2f ms   mean %7.2f ms"
          % (label, pct(ms, 50), p95, pct(ms, 99), statistics.mean(ms)))
    return p95


# ------------------------------------------------------------ SearchIndex ---
def bench_index(folder: str, n: int, seed: int, queries: list[dict], procs: int | None):
    idx = SearchIndex(os.path.join(folder, "ix"), synonyms=SYNONYMS, rebuild_procs=procs)
    t, cpu, kids = time.perf_counter(), time.process_time(), _children_cpu()
    count = idx.rebuild(make_docs(n, seed), last_change_id=0)
    print("rebuild: %d docs in %.2f s wall (rebuild_procs=%d; CPU: %.1f s here + %.1f s"
          " in workers; load average %.1f)" % (
              count, time.perf_counter() - t, idx.rebuild_procs, time.process_time() - cpu,
              _children_cpu() - kids, os.getloadavg()[0]))
    t = time.perf_counter()
    idx.search("warm up")
    print("first search (opens the index, builds per-generation caches): %.0f ms"
          % ((time.perf_counter() - t) * 1000))
    times, kinds = [], {}
    for q in queries + queries:  # second round: caches warm, as in production
        t = time.perf_counter()
        idx.search(q["text"], filters=q["filters"], per_page=10, facets=GROUPS)
        times.append(time.perf_counter() - t)
    first, second = times[: len(queries)], times[len(queries):]
    for q, dt in zip(queries, second):
        kinds.setdefault(q["kind"], []).append(dt)
    print("SearchIndex, %d queries, facets + top-10 highlights:" % len(queries))
    report("cold", first)  # each query's words seen for the first time
    p95 = report("warm", second)
    for kind, ts in sorted(kinds.items()):
        print("    %-9s p95 %6.2f ms" % (kind, pct([x * 1000 for x in ts], 95)))
    # the same mix while changes arrive: one upsert applied every 25 queries
    rng, mixed = random.Random(seed + 3), []
    for i, q in enumerate(queries):
        if i % 25 == 0:
            d = make_doc(20_000_000 + i, rng)
            idx.apply([Change(idx.last_applied() + 1, "upsert", d["id"], d)])
        t = time.perf_counter()
        idx.search(q["text"], filters=q["filters"], per_page=10, facets=GROUPS)
        mixed.append(time.perf_counter() - t)
    print("  with an apply every 25 queries (caches carried over each commit):")
    report("mixed", mixed)
    apply_latency(idx, seed)
    return second, p95


def _children_cpu() -> float:
    import resource
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def apply_latency(idx: SearchIndex, seed: int) -> None:
    rng = random.Random(seed + 7)
    lat = []
    for k in range(5):
        doc = make_doc(10_000_000 + k, rng)
        doc["name_en"] = "Zyxwv%d Unique Ltd" % k
        change = Change(idx.last_applied() + 1, "upsert", doc["id"], doc)
        t = time.perf_counter()
        idx.apply([change])
        found = idx.search("zyxwv%d" % k).ids == [doc["id"]]
        lat.append(time.perf_counter() - t)
        assert found, "change not searchable"
    print("apply one upsert -> searchable: %s ms" % ", ".join("%.0f" % (x * 1000) for x in lat))


# ------------------------------------------------------------------ FTS5 ---
def to_hk(text: str) -> str:
    import opencc
    return opencc.OpenCC("s2hk").convert(text)


def build_fts(path: str, n: int, seed: int) -> sqlite3.Connection:
    db = sqlite3.connect(path)
    db.executescript("""
        CREATE VIRTUAL TABLE fts USING fts5(name_en, name_zh, summary_en, summary_zh,
            description_en, description_zh, extra_text, tokenize='trigram');
        CREATE TABLE doc(rowid INTEGER PRIMARY KEY, id TEXT, sort_name TEXT, published_at REAL);
        CREATE TABLE facet(grp TEXT, value TEXT, rowid INTEGER);
    """)
    t = time.perf_counter()
    for i, d in enumerate(make_docs(n, seed), 1):
        db.execute("INSERT INTO fts(rowid, name_en, name_zh, summary_en, summary_zh, description_en,"
                   " description_zh, extra_text) VALUES (?,?,?,?,?,?,?,?)",
                   (i, d["name_en"], d["name_zh"], d["summary_en"], d["summary_zh"],
                    d["description_en"], d["description_zh"], d["extra_text"]))
        db.execute("INSERT INTO doc VALUES (?,?,?,?)", (i, d["id"], d["sort_name"], d["published_at"]))
        for g in GROUPS:
            vals = d[g] if isinstance(d[g], list) else [d[g]]
            db.executemany("INSERT INTO facet VALUES (?,?,?)", [(g, v, i) for v in vals if v])
    db.execute("CREATE INDEX facet_gv ON facet(grp, value, rowid)")
    db.execute("CREATE INDEX facet_r ON facet(rowid, grp, value)")
    db.commit()
    print("FTS5 build: %.2f s" % (time.perf_counter() - t))
    return db


def fts_expr(text: str) -> str | None:
    words = [w for w in to_hk(text.replace('"', " ")).split() if w]
    if not words:
        return None
    if text.startswith('"'):
        return '"%s"' % " ".join(words)
    return " AND ".join('"%s"' % w for w in words)


def fts_search(db: sqlite3.Connection, q: dict) -> tuple[int, list]:
    expr = fts_expr(q["text"])
    conds = []  # (group, SQL with {col} for the outer rowid, params)
    for g, vals in q["filters"].items():
        conds.append((g, "{col} IN (SELECT rowid FROM facet WHERE grp=? AND value IN (%s))"
                      % ",".join("?" * len(vals)), [g] + vals))

    def where(col, skip=None):
        parts = [(sql.format(col=col), p) for g, sql, p in conds if g != skip]
        return " AND ".join(sql for sql, _ in parts) or "1", [a for _, p in parts for a in p]

    db.execute("DELETE FROM m")
    indexed = bool(expr) and min(len(w) for w in expr.replace('"', "").split()) >= 3
    if indexed:
        db.execute("INSERT INTO m SELECT rowid FROM fts WHERE fts MATCH ?", (expr,))
    elif expr:  # trigram needs >= 3 characters: 2-character words scan
        like = "%" + to_hk(q["text"]) + "%"
        db.execute("INSERT INTO m SELECT rowid FROM fts WHERE name_zh LIKE ? OR summary_zh LIKE ?"
                   " OR description_zh LIKE ? OR extra_text LIKE ?", (like,) * 4)
    else:
        db.execute("INSERT INTO m SELECT rowid FROM doc")
    w, args = where("m.rowid")
    total = db.execute("SELECT count(*) FROM m WHERE %s" % w, args).fetchone()[0]
    for g in GROUPS:  # disjunctive: every other group's filter applies
        w, args = where("f.rowid", skip=g)
        db.execute("SELECT f.value, count(*) FROM facet f JOIN m ON m.rowid = f.rowid"
                   " WHERE f.grp=? AND %s GROUP BY f.value" % w, [g] + args).fetchall()
    if indexed:  # rank first, then highlight() only the ten rows shown
        w, args = where("fts.rowid")
        top = [r[0] for r in db.execute(
            "SELECT rowid FROM fts WHERE fts MATCH ? AND %s ORDER BY"
            " bm25(fts, 4, 4, 2, 2, 1, 1, 0.6) LIMIT 10" % w, [expr] + args)]
        rows = db.execute(
            "SELECT rowid, highlight(fts, 2, '<mark>', '</mark>'), highlight(fts, 3, '<mark>',"
            " '</mark>') FROM fts WHERE fts MATCH ? AND rowid IN (%s)"
            % ",".join("?" * len(top)), [expr] + top).fetchall()
    else:
        w, args = where("d.rowid")
        rows = db.execute("SELECT d.rowid, fts.summary_en, fts.summary_zh FROM doc d JOIN fts ON"
                          " fts.rowid = d.rowid WHERE d.rowid IN (SELECT rowid FROM m) AND %s"
                          " ORDER BY published_at DESC LIMIT 10" % w, args).fetchall()
    return total, rows


def bench_fts(folder: str, n: int, seed: int, queries: list[dict]):
    db = build_fts(os.path.join(folder, "fts.db"), n, seed)
    db.execute("CREATE TEMP TABLE m(rowid INTEGER PRIMARY KEY)")
    times, kinds = [], {}
    for q in queries + queries:
        t = time.perf_counter()
        fts_search(db, q)
        times.append(time.perf_counter() - t)
    for q, dt in zip(queries, times[len(queries):]):
        kinds.setdefault(q["kind"], []).append(dt)
    print("FTS5 trigram, same queries, facets + top-10 highlight():")
    report("cold", times[: len(queries)])
    for kind, ts in sorted(kinds.items()):
        print("    %-9s p95 %6.2f ms" % (kind, pct([x * 1000 for x in ts], 95)))
    return times[len(queries):], report("warm", times[len(queries):])


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--queries", type=int, default=500)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--skip-fts", action="store_true")
    ap.add_argument("--procs", type=int, default=None, help="rebuild worker processes")
    args = ap.parse_args(argv)
    queries = make_queries(args.queries, args.seed)
    with tempfile.TemporaryDirectory(prefix="bench-search-") as folder:
        print("corpus: %d docs, seed %d; %d queries" % (args.n, args.seed, len(queries)))
        _, p95 = bench_index(folder, args.n, args.seed, queries, args.procs)
        if not args.skip_fts:
            _, fts95 = bench_fts(folder, args.n, args.seed, queries)
            print("p95 ratio SearchIndex / FTS5: %.2f" % (p95 / fts95))


if __name__ == "__main__":
    main()
