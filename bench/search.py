"""Search benchmark: SearchIndex with the app's vocabulary against a fair SQLite FTS5 baseline.

    python bench/search.py --n 10000 [--queries 400] [--seed 7] [--skip-fts] [--procs N]
                           [--compare-writers]

Corpus: ``directory.demo_data.generate(n, seed)`` turned into index documents by the app's own
``document_of``; the index is opened by the app's ``open_index`` (the real taxonomy: equivalence
sets, related terms, places). Queries: bench/relevance_queries.py's judged queries (English,
Chinese, acronyms, typos, several words, places) plus the same words with capability/region
filters and browsing with filters, every query with the four facet groups and top-10 highlights.

The FTS5 baseline does the same work: porter + unicode61 for the English text, trigram for the
Chinese text (``instr()`` over the Chinese columns for a 2-character word, which a trigram
index cannot serve), the same clauses and equivalents (each clause an OR of its alternatives),
the same fallbacks (AND, then the corrected words, then OR), one GROUP BY over the match set for
the facets (one more per filtered group: the disjunctive rule), bm25() for the top ten and
highlight() for those only. It has no tiers, no places and no related terms, so it does less.
Prints figures (with the machine's load average); asserts nothing.

``--compare-writers`` also writes the corpus with Whoosh's own parallel writer,
``ix.writer(procs=N, multisegment=True)`` (our analysis in the parent, Whoosh's posting pool in
the children), for the comparison with SearchIndex.rebuild's workers in docs/search.md.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench.relevance_queries import QUERIES  # noqa: E402
from directory.demo_data import generate  # noqa: E402
from directory.search.service import document_of, open_index, search_index_for  # noqa: E402
from search_index import Change  # noqa: E402
from search_index import analysis  # noqa: E402
from search_index.query import parse  # noqa: E402

GROUPS = ("capability", "region", "delivered_in", "staff_size")
EN_COLS = ("name_en", "summary_en", "capability_text", "description_en", "reference_text", "extra_text")
ZH_COLS = ("name_zh", "summary_zh", "description_zh", "zh_other")


def make_docs(n: int, seed: int) -> list[dict]:
    return [document_of("L%06d" % i, 1, d, 1_600_000_000 + i * 60.0) for i, d in enumerate(generate(n, seed))]


def make_queries(n: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    base = [(cls, q) for cls, q, _j in QUERIES]
    caps = ["iot", "fintech", "ai", "cloud", "smart-building", "gis"]
    regions = ["asean", "middle-east", "TH", "MY", "AE", "KZ"]
    out = []
    for i in range(n):
        cls, q = base[i % len(base)]
        kind, filters = cls, {}
        if i % 7 == 5:
            kind, filters = "filtered", {"capability": rng.sample(caps, 2), "region": [rng.choice(regions)]}
        elif i % 7 == 6:
            kind, q, filters = "browse", "", {"region": [rng.choice(regions)], "staff_size": ["11-50"]}
        out.append({"kind": kind, "text": q, "filters": filters})
    return out


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def report(label: str, times: list[float]) -> float:
    ms = [t * 1000 for t in times]
    print("  %-8s p50 %7.2f ms   p95 %7.2f ms   p99 %7.2f ms   mean %7.2f ms   (load %.1f)"
          % (label, pct(ms, 50), pct(ms, 95), pct(ms, 99), statistics.mean(ms), os.getloadavg()[0]))
    return pct(ms, 95)


def _children_cpu() -> float:
    import resource
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


# ------------------------------------------------------------ SearchIndex ---
def bench_index(folder: str, docs: list[dict], queries: list[dict], procs: int | None):
    idx = open_index(os.path.join(folder, "ix"))
    if procs:
        idx.rebuild_procs = procs
    t, cpu, kids = time.perf_counter(), time.process_time(), _children_cpu()
    count = idx.rebuild(iter(docs), last_change_id=0)
    print("rebuild: %d docs in %.2f s wall (rebuild_procs=%d; CPU %.1f s here + %.1f s in workers; load %.1f)"
          % (count, time.perf_counter() - t, idx.rebuild_procs, time.process_time() - cpu,
             _children_cpu() - kids, os.getloadavg()[0]))
    idx.close()
    for warm in (False, True):
        print(fresh_process(os.path.join(folder, "ix"), warm, [q["text"] for q in queries[:40]]))
    idx = open_index(os.path.join(folder, "ix"))
    idx.warm()
    times, kinds = [], {}
    for q in queries + queries:  # second round: caches warm, as in production
        t = time.perf_counter()
        idx.search(q["text"], filters=q["filters"], per_page=10, facets=GROUPS)
        times.append(time.perf_counter() - t)
    first, second = times[: len(queries)], times[len(queries):]
    for q, dt in zip(queries, second):
        kinds.setdefault(q["kind"], []).append(dt)
    print("SearchIndex, %d queries, four facet groups + top-10 highlights:" % len(queries))
    report("cold", first)
    p95 = report("warm", second)
    for kind, ts in sorted(kinds.items()):
        print("    %-9s p95 %6.2f ms" % (kind, pct([x * 1000 for x in ts], 95)))
    mixed, extra = [], make_docs(len(queries) // 25 + 1, 99)
    for i, q in enumerate(queries):
        if i % 25 == 0:
            d = dict(extra[i // 25], id="X%06d" % i)
            idx.apply([Change(idx.last_applied() + 1, "upsert", d["id"], d)])
        t = time.perf_counter()
        idx.search(q["text"], filters=q["filters"], per_page=10, facets=GROUPS)
        mixed.append(time.perf_counter() - t)
    print("  with an apply every 25 queries (tables carried over each commit):")
    report("mixed", mixed)
    idx.close()
    return p95


def bench_whoosh_writer(folder: str, docs: list[dict], procs: int) -> None:
    """The same documents through Whoosh's MpWriter (multisegment: no merge), same codec."""
    from search_index._whoosh import whoosh_index, writer_codec
    from search_index.schema import build_schema, to_fields

    path = os.path.join(folder, "whoosh-mp")
    os.makedirs(path)
    ix = whoosh_index.create_in(path, build_schema())
    t, cpu, kids = time.perf_counter(), time.process_time(), _children_cpu()
    writer = ix.writer(procs=procs, multisegment=True, batchsize=250,
                       subargs={"codec": writer_codec(), "limitmb": 384}, codec=writer_codec())
    for d in docs:
        writer.add_document(**to_fields(d)[0])
    writer.commit()
    print("Whoosh writer(procs=%d, multisegment=True): %d docs in %.2f s wall (CPU %.1f s here + %.1f s"
          " in workers; load %.1f)" % (procs, ix.doc_count(), time.perf_counter() - t,
                                       time.process_time() - cpu, _children_cpu() - kids,
                                       os.getloadavg()[0]))


_FRESH = r"""
import json, sys, time
t0 = time.perf_counter()
sys.path.insert(0, sys.argv[1])
from directory.search.service import open_index, search_index_for
t1 = time.perf_counter()
idx = open_index(sys.argv[2])
t2 = time.perf_counter()
warm = idx.warm() if sys.argv[3] == "warm" else 0.0
times = []
for q in json.loads(sys.argv[4]):
    t = time.perf_counter()
    search_index_for(idx, q, {})
    times.append(time.perf_counter() - t)
print(json.dumps({"imports": t1 - t0, "open": t2 - t1, "warm": warm, "times": times}))
"""


def fresh_process(path: str, warm: bool, texts: list[str]) -> str:
    """A new Python process: import, open the index (the query vocabulary), optionally warm(),
    then its first searches ("smart building" first, then words it has not seen yet)."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    texts = ["smart building"] + [t for t in texts if t]
    out = subprocess.run([sys.executable, "-c", _FRESH, root, path, "warm" if warm else "cold",
                          json.dumps(texts)], capture_output=True, text=True, check=True)
    got = json.loads(out.stdout.strip().splitlines()[-1])
    later = [t * 1000 for t in got["times"][1:]]
    return ("fresh process%s: imports %.0f ms, open_index %.0f ms%s, first search %.0f ms; its next %d"
            " first-time queries p50 %.0f / max %.0f ms (load %.1f)"
            % (" + warm()" if warm else "", got["imports"] * 1000, got["open"] * 1000,
               ", warm() %.0f ms" % (got["warm"] * 1000) if warm else "", got["times"][0] * 1000,
               len(later), pct(later, 50), max(later), os.getloadavg()[0]))


# ------------------------------------------------------------------ FTS5 ---
def build_fts(path: str, docs: list[dict]) -> sqlite3.Connection:
    db = sqlite3.connect(path)
    db.executescript("""
        CREATE VIRTUAL TABLE en USING fts5(%s, tokenize='porter unicode61');
        CREATE VIRTUAL TABLE zh USING fts5(%s, tokenize='trigram');
        CREATE TABLE doc(rowid INTEGER PRIMARY KEY, id TEXT, sort_name TEXT, published_at REAL);
        CREATE TABLE facet(grp TEXT, value TEXT, rowid INTEGER);
    """ % (", ".join(EN_COLS), ", ".join(ZH_COLS)))
    t = time.perf_counter()
    for i, d in enumerate(docs, 1):
        db.execute("INSERT INTO en(rowid, %s) VALUES (?%s)" % (", ".join(EN_COLS), ",?" * len(EN_COLS)),
                   (i, *[d.get(c, "") for c in EN_COLS]))
        other = analysis.to_hk(" ".join(d[c] for c in ("capability_text", "reference_text", "extra_text")))
        db.execute("INSERT INTO zh(rowid, %s) VALUES (?,?,?,?,?)" % ", ".join(ZH_COLS),
                   (i, analysis.to_hk(d["name_zh"]), analysis.to_hk(d["summary_zh"]),
                    analysis.to_hk(d["description_zh"]), other))
        db.execute("INSERT INTO doc VALUES (?,?,?,?)", (i, d["id"], d["sort_name"], d["published_at"]))
        for g in GROUPS:
            vals = d[g] if isinstance(d[g], list) else [d[g]]
            db.executemany("INSERT INTO facet VALUES (?,?,?)", [(g, v, i) for v in vals if v])
    db.execute("CREATE INDEX facet_rg ON facet(rowid, grp, value)")
    db.execute("CREATE INDEX facet_gv ON facet(grp, value, rowid)")
    db.commit()
    print("FTS5 build: %.2f s" % (time.perf_counter() - t))
    db.execute("CREATE TEMP TABLE m(rowid INTEGER PRIMARY KEY)")
    return db


def _alt_sql(alt: tuple[str, ...], words: str):
    """SQL selecting the rowids of one alternative: English words via porter, Chinese via trigram
    (or instr() for a 2-character word)."""
    if all(analysis.is_cjk_gram(t) for t in alt):
        text = alt[0] + "".join(t[1:] for t in alt[1:])
        if len(text) >= 3:
            return "SELECT rowid FROM zh WHERE zh MATCH ?", ['"%s"' % text]
        return ("SELECT rowid FROM zh WHERE " + " OR ".join("instr(%s, ?)" % c for c in ZH_COLS),
                [text] * len(ZH_COLS))
    phrase = " ".join(w for w in words.split() if w.isascii()) or " ".join(alt)
    return "SELECT rowid FROM en WHERE en MATCH ?", ['"%s"' % phrase.replace('"', " ")]


def _clause_sql(clause, synonyms_text: dict) -> tuple[str, list]:
    parts, args = [], []
    for alt in clause.alts:
        sql, a = _alt_sql(alt, synonyms_text.get(alt, clause.text if alt == clause.exact else " ".join(alt)))
        parts.append(sql)
        args += a
    return " UNION ".join(parts), args


def fts_search(db: sqlite3.Connection, vocab, speller_words, q: dict) -> int:
    clauses = parse(q["text"], vocab).clauses
    filt = [(g, vals) for g, vals in q["filters"].items()]

    def where(col, skip=None):
        sql, args = [], []
        for g, vals in filt:
            if g != skip:
                sql.append("%s IN (SELECT rowid FROM facet WHERE grp=? AND value IN (%s))" % (col, ",".join("?" * len(vals))))
                args += [g, *vals]
        return " AND ".join(sql) or "1", args

    db.execute("DELETE FROM m")
    if clauses:
        sqls = [_clause_sql(c, {}) for c in clauses]

        def fill(op):
            db.execute("DELETE FROM m")
            db.execute("INSERT INTO m " + (" %s " % op).join("SELECT * FROM (%s)" % s for s, _ in sqls),
                       [a for _, args in sqls for a in args])
            w, args = where("m.rowid")
            return db.execute("SELECT count(*) FROM m WHERE " + w, args).fetchone()[0]
        total = fill("INTERSECT")
        if not total:  # the same fallbacks: corrected words, then any word
            fixed = [speller_words.get(c.word.casefold()) if c.word else None for c in clauses]
            if any(fixed):
                sqls = [_clause_sql(parse(f, vocab).clauses[0], {}) if f else s for f, s in zip(fixed, sqls)]
                total = fill("INTERSECT")
            if not total and len(sqls) > 1:
                total = fill("UNION")
    else:
        db.execute("INSERT INTO m SELECT rowid FROM doc")
    # facets: one GROUP BY over the match set for the groups without a filter, one per filtered group
    filtered = {g for g, _ in filt}
    w, args = where("f.rowid")
    db.execute("SELECT f.grp, f.value, count(*) FROM facet f JOIN m ON m.rowid = f.rowid WHERE %s"
               " GROUP BY f.grp, f.value" % w, args).fetchall()
    for g in filtered:
        w, args = where("f.rowid", skip=g)
        db.execute("SELECT f.value, count(*) FROM facet f JOIN m ON m.rowid = f.rowid WHERE f.grp=? AND %s"
                   " GROUP BY f.value" % w, [g] + args).fetchall()
    w, args = where("en.rowid")
    if clauses:
        expr = " OR ".join('"%s"' % c.text.replace('"', " ") for c in clauses if c.text.isascii()) or None
        if expr:
            top = db.execute("SELECT en.rowid FROM en JOIN m ON m.rowid = en.rowid WHERE en MATCH ? AND %s"
                             " ORDER BY bm25(en, 4, 2, 1.5, 1, 0.7, 0.5) LIMIT 10" % w, [expr] + args).fetchall()
            if top:
                db.execute("SELECT highlight(en, 1, '<mark>', '</mark>') FROM en WHERE en MATCH ? AND rowid IN (%s)"
                           % ",".join("?" * len(top)), [expr] + [r[0] for r in top]).fetchall()
            return 0
    db.execute("SELECT d.rowid FROM doc d JOIN m ON m.rowid = d.rowid WHERE %s ORDER BY published_at DESC LIMIT 10"
               % w.replace("en.rowid", "d.rowid"), args).fetchall()
    return 0


def bench_fts(folder: str, docs: list[dict], queries: list[dict]) -> float:
    db = build_fts(os.path.join(folder, "fts.db"), docs)
    index = open_index(os.path.join(folder, "ix"))
    vocab = index.synonyms
    view = index._get_view()  # the same corrections as the index (its speller, read once)
    speller = view.speller(vocab.frozen_words)
    words = {q["text"].casefold(): None for q in queries}
    fixes = {}
    for text in words:
        for w in text.split():
            if w.isascii() and w.isalpha():
                fix = speller.correct(w)
                if fix:
                    fixes[w] = fix
    index.close()
    times, kinds = [], {}
    for q in queries + queries:
        t = time.perf_counter()
        fts_search(db, vocab, fixes, q)
        times.append(time.perf_counter() - t)
    for q, dt in zip(queries, times[len(queries):]):
        kinds.setdefault(q["kind"], []).append(dt)
    print("FTS5 (porter unicode61 + trigram), same queries, facets + top-10 highlight():")
    report("cold", times[: len(queries)])
    for kind, ts in sorted(kinds.items()):
        print("    %-9s p95 %6.2f ms" % (kind, pct([x * 1000 for x in ts], 95)))
    return report("warm", times[len(queries):])


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--queries", type=int, default=400)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--skip-fts", action="store_true")
    ap.add_argument("--procs", type=int, default=None, help="rebuild worker processes")
    ap.add_argument("--compare-writers", action="store_true",
                    help="also time Whoosh's own writer(procs=N, multisegment=True)")
    args = ap.parse_args(argv)
    t = time.perf_counter()
    docs = make_docs(args.n, args.seed)
    queries = make_queries(args.queries, args.seed)
    print("corpus: %d demo listings (seed %d, generated in %.1f s); %d queries; %d cores, load %.1f"
          % (args.n, args.seed, time.perf_counter() - t, len(queries), os.cpu_count() or 1, os.getloadavg()[0]))
    with tempfile.TemporaryDirectory(prefix="bench-search-") as folder:
        if args.compare_writers:
            bench_whoosh_writer(folder, docs, args.procs or min(2, os.cpu_count() or 1))
        p95 = bench_index(folder, docs, queries, args.procs)
        if not args.skip_fts:
            fts95 = bench_fts(folder, docs, queries)
            print("warm p95 ratio SearchIndex / FTS5: %.2f (FTS5 does less: no tiers, places or related terms)"
                  % (p95 / fts95))


if __name__ == "__main__":
    main()
