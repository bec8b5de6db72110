"""Shared test data for search_index tests (imported by the test modules)."""

from __future__ import annotations

import random

import pytest

from search_index import SearchIndex

SYNONYMS = [
    {"information security", "cybersecurity", "infosec", "資訊保安", "信息安全"},
    {"robotics", "robot", "機械人", "机器人"},
    {"internet of things", "iot", "物聯網"},
]
CAPS = ["iot", "fintech", "infosec", "ai", "cloud", "blockchain", "robotics", "gis"]
REGIONS = {"asean": ["SG", "MY", "TH"], "middle-east": ["AE", "SA"], "mainland-china": ["CN"]}
STAFF = ["1-10", "11-50", "51-200", ""]
WORDS = ["smart", "city", "sensors", "platform", "analytics", "payments", "ledger", "drones",
         "mapping", "cloud", "security", "port", "airport", "energy", "traffic", "water"]
ZH = ["智慧城市", "感應器", "平台", "數據分析", "支付", "無人機", "地圖", "雲端", "交通", "能源"]


def doc(doc_id, **fields) -> dict:
    """A document with every key present, as the app sends it."""
    base = {
        "id": str(doc_id), "version": "1", "name_en": "", "name_zh": "", "summary_en": "",
        "summary_zh": "", "description_en": "", "description_zh": "", "extra_text": "",
        "capability_text": "", "reference_text": "",
        "capability": [], "region": [], "delivered_in": [], "staff_size": "",
        "sort_name": "", "published_at": 0.0,
    }
    base.update(fields)
    if not base["sort_name"]:
        base["sort_name"] = base["name_en"]
    return base


def random_docs(n: int, seed: int = 7) -> list[dict]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        regions = rng.sample(sorted(REGIONS), rng.randint(0, 2))
        out.append(doc(
            "d%04d" % i,
            version=str(rng.randint(1, 5)),
            name_en="%s %s Ltd" % (rng.choice(WORDS).title(), rng.choice(WORDS).title()),
            name_zh=rng.choice(ZH) + "有限公司",
            summary_en=" ".join(rng.sample(WORDS, 4)),
            summary_zh="".join(rng.sample(ZH, 2)),
            description_en=" ".join(rng.choice(WORDS) for _ in range(20)),
            description_zh="，".join(rng.sample(ZH, 3)),
            extra_text=" ".join(rng.sample(CAPS, 2)),
            capability=rng.sample(CAPS, rng.randint(0, 3)),
            region=regions + [c for r in regions for c in REGIONS[r]],
            delivered_in=rng.sample(["SG", "MY", "AE", "CN", "TH"], rng.randint(0, 2)),
            staff_size=rng.choice(STAFF),
            sort_name="%s-%04d" % (rng.choice(WORDS), i),
            published_at=float(rng.randint(1_600_000_000, 1_700_000_000)),
        ))
    return out


def outbox(n: int, start: int = 1) -> list:
    """Changes 1..n upserting documents c0001..; every 10th deletes an earlier one."""
    from search_index import Change

    changes = []
    for i in range(start, start + n):
        if i % 10 == 0:
            changes.append(Change(i, "delete", "c%04d" % (i - 5)))
        else:
            changes.append(Change(i, "upsert", "c%04d" % i,
                                  doc("c%04d" % i, name_en="Company %d" % i, version=str(i))))
    return changes


def apply_worker(path: str, changes: list, steps: list, errors) -> None:
    """Child process: after "committing" change k, apply the outbox up to k."""
    from search_index import SearchIndex

    try:
        idx = SearchIndex(path)
        for k in steps:
            idx.apply(changes[:k])
        idx.close()
    except BaseException as exc:  # reported to the parent, which fails the test
        errors.put(repr(exc))


# A fixture, not a conftest.py: a second conftest module would shadow tests/conftest.py for
# every `from conftest import …` (both import as `conftest`).
@pytest.fixture
def make_index(tmp_path):
    made = []

    def make(docs=(), name="ix", synonyms=SYNONYMS, last=0):
        idx = SearchIndex(tmp_path / name, synonyms=synonyms)
        if docs:
            idx.rebuild(list(docs), last)
        made.append(idx)
        return idx

    yield make
    for idx in made:
        idx.close()
