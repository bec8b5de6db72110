"""Export benchmark: N approved listings to hktdc-csv and xlsx (issue 4; target: 100k CSV <= 20 s).

    python bench/export.py [--n 100000] [--formats hktdc-csv,xlsx] [--db PATH] [--tracemalloc]

Builds a temporary SQLite database (migrated like production) holding N approved, consenting
listings -- realistic bilingual demo data, bulk-inserted so the set-up stays quick -- then runs
each export through the real service (services.exporting.export, the same code as the page and
the CLI) in a fresh child process, so each figure is that export's own:

* seconds    wall-clock time of the export call (and its CPU seconds, which a busy machine
             disturbs less);
* peak RSS   the child's peak resident memory (resource.getrusage), and how much above the
             child's resident memory just before the export that is;
* tracemalloc peak of Python allocations during the export (with --tracemalloc: a second
             child, since tracing slows the run several times).

Prints figures; asserts nothing.  --db reuses (or keeps) a database between runs.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)


def make_app(db_path: str, instance: str):
    from directory import create_app
    return create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{db_path}", "SECRET_KEY": "bench",
                       "INSTANCE_PATH": instance, "INDEX_DIR": os.path.join(instance, "index"),
                       "SERVER_NAME": "directory.example.hk", "SEARCH_AUTO_APPLY": False})


def rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (ru_maxrss is KB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def current_rss_mb() -> float:
    try:
        with open("/proc/self/statm") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except OSError:
        return float("nan")


# ---- building the database ---------------------------------------------------------------------

def build(db_path: str, instance: str, n: int) -> None:
    from flask_migrate import upgrade
    from sqlalchemy import insert, update

    from directory.demo_data import generate
    from directory.core.extensions import db
    from directory.models import Listing, ListingRevision, User, utcnow

    app = make_app(db_path, instance)
    started = time.monotonic()
    with app.app_context():
        upgrade()
        owner = User(email="bench@directory.example.hk", password_hash="x", role="member")
        db.session.add(owner)
        db.session.flush()
        templates = generate(min(n, 2000), seed=11)
        now = utcnow()
        batch = 5000
        for start in range(0, n, batch):
            ids = range(start + 1, min(n, start + batch) + 1)
            listings, revisions = [], []
            for i in ids:
                data = dict(templates[i % len(templates)])
                data.update(br_number=f"{20000000 + i:08d}", hktdc_consent=True,
                            company_name_en=f"{data['company_name_en']} {i}",
                            company_name_zh=f"{data['company_name_zh']}{i}")
                listings.append({"id": i, "public_id": f"bench{i:07d}", "slug": f"bench-{i}",
                                 "owner_id": owner.id, "br_number": data["br_number"], "published_at": now,
                                 "created_at": now, "updated_at": now})
                revisions.append({"id": i, "listing_id": i, "number": 1, "state": "approved", "data": data,
                                  "created_by_id": owner.id, "created_at": now, "updated_at": now,
                                  "submitted_at": now, "reviewed_at": now})
            db.session.execute(insert(Listing.__table__), listings)
            db.session.execute(insert(ListingRevision.__table__), revisions)
            db.session.execute(update(Listing.__table__).where(Listing.__table__.c.id.in_(list(ids)))
                               .values(published_revision_id=Listing.__table__.c.id))
            db.session.commit()
            print(f"\r  inserted {ids[-1]:,} / {n:,}", end="", file=sys.stderr, flush=True)
        db.engine.dispose()
    print(f"\n  database built in {time.monotonic() - started:.1f} s "
          f"({os.path.getsize(db_path) / 2**20:.0f} MB)", file=sys.stderr)


# ---- one export in this (child) process -----------------------------------------------------

def run_export(db_path: str, instance: str, fmt: str, trace: bool) -> dict:
    import tracemalloc

    from directory.core.extensions import db
    from directory.data_exchange import exporting

    app = make_app(db_path, instance)
    suffix = {"hktdc-csv": ".csv", "xlsx": ".xlsx"}[fmt]
    with app.app_context(), tempfile.NamedTemporaryFile(suffix=suffix, dir=instance) as out:
        db.session.execute(db.text("SELECT 1"))  # connect before measuring
        before = current_rss_mb()
        if trace:
            tracemalloc.start()
        started, cpu = time.monotonic(), cpu_seconds()
        log = exporting.export(exporting.ExportRequest(fmt), out, actor=None)
        out.flush()
        seconds, cpu = time.monotonic() - started, cpu_seconds() - cpu
        traced = tracemalloc.get_traced_memory()[1] / 2**20 if trace else None
        db.session.rollback()  # the benchmark leaves no export log behind
        return {"format": fmt, "rows": log.row_count, "seconds": seconds, "cpu_seconds": cpu, "rss_before_mb": before,
                "peak_rss_mb": rss_mb(), "tracemalloc_peak_mb": traced,
                "file_mb": os.path.getsize(out.name) / 2**20}


def child(db_path: str, instance: str, fmt: str, trace: bool) -> dict:
    command = [sys.executable, os.path.abspath(__file__), "--child", fmt, "--db", db_path,
               "--instance", instance] + (["--tracemalloc"] if trace else [])
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--formats", default="hktdc-csv,xlsx")
    parser.add_argument("--db", help="database file to reuse or keep (built when missing)")
    parser.add_argument("--tracemalloc", action="store_true", help="also measure Python allocations")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--instance", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child:
        print(json.dumps(run_export(args.db, args.instance, args.child, args.tracemalloc)))
        return

    with tempfile.TemporaryDirectory(prefix="bench-export-") as tmp:
        db_path = os.path.abspath(args.db) if args.db else os.path.join(tmp, "bench.sqlite3")
        if not os.path.exists(db_path):
            print(f"Building {args.n:,} approved listings in {db_path}", file=sys.stderr)
            build(db_path, tmp, args.n)
        print(f"{'format':<10} {'rows':>8} {'seconds':>8} {'cpu s':>6} {'rows/s':>8} {'file MB':>8} "
              f"{'RSS before':>11} {'peak RSS':>9} {'tracemalloc':>12}")
        for fmt in args.formats.split(","):
            result = child(db_path, tmp, fmt, False)
            if args.tracemalloc:
                result["tracemalloc_peak_mb"] = child(db_path, tmp, fmt, True)["tracemalloc_peak_mb"]
            traced = result["tracemalloc_peak_mb"]
            print(f"{fmt:<10} {result['rows']:>8,} {result['seconds']:>8.1f} {result['cpu_seconds']:>6.1f} "
                  f"{result['rows'] / result['seconds']:>8,.0f} {result['file_mb']:>8.0f} "
                  f"{result['rss_before_mb']:>9.0f}MB {result['peak_rss_mb']:>7.0f}MB "
                  f"{(f'{traced:.1f}MB' if traced is not None else '-'):>12}")


if __name__ == "__main__":
    main()
