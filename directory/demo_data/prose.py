"""The summary and description of a demo listing, composed in English and Traditional Chinese
from the capability phrases, the markets served and the project references."""
from __future__ import annotations

import random

from directory import taxonomy
from directory.demo_data.places import NEEDS_THE, city_zh
from directory.demo_data.texts import CAP_TEXT, SIZE_WORDS


def _join_en(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _join_zh(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return "、".join(items[:-1]) + "及" + items[-1]


def _join_nouns_en(items: list[str]) -> str:
    """Two noun phrases that may contain "and" themselves."""
    if any(" and " in item for item in items):
        return " as well as ".join(items)
    return _join_en(items)


def _join_nouns_zh(items: list[str]) -> str:
    if any("及" in item for item in items):
        return "與".join(items)
    return _join_zh(items)


def _market_en(code: str) -> str:
    name = taxonomy.region_label(code, "en")
    if code == "mainland-china":
        return "the Mainland"
    return f"the {name}" if code in NEEDS_THE else name


def _market_zh(code: str) -> str:
    return taxonomy.region_label(code, "zh-Hant")


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def summary(rng: random.Random, caps, served) -> tuple[str, str]:
    """(summary_en, summary_zh): the first two capabilities and markets, at most 200 chars."""
    nouns = [CAP_TEXT[c]["noun"] for c in caps[:2]]
    markets = served[:2]
    more = len(served) > 2
    m_en = [_market_en(c) for c in markets]
    m_zh = [_market_zh(c) for c in markets]
    markets_en = ", ".join(m_en) + " and beyond" if more else _join_en(m_en)
    markets_zh = "、".join(m_zh) + "等地" if more else _join_zh(m_zh)
    with_hk_en = ("Hong Kong, " + markets_en) if more else _join_en(["Hong Kong", *m_en])
    with_hk_zh = ("香港、" + markets_zh) if more else _join_zh(["香港", *m_zh])
    audience_en, audience_zh = CAP_TEXT[caps[0]]["audience"]
    for use in (2, 1):
        n_en = _join_nouns_en([n[0] for n in nouns[:use]])
        n_zh = _join_nouns_zh([n[1] for n in nouns[:use]])
        variant = rng.randrange(4)
        if variant == 0:
            en = f"{_capitalise(n_en)} for {audience_en} in {with_hk_en}."
            zh = f"為{with_hk_zh}的{audience_zh}提供{n_zh}。"
        elif variant == 1:
            en = f"Hong Kong specialist in {n_en}, serving {markets_en}."
            zh = f"香港{n_zh}專家，業務遍及{markets_zh}。"
        elif variant == 2:
            en = f"{_capitalise(n_en)}, delivered from Hong Kong to {markets_en}."
            zh = f"由香港出發，為{markets_zh}客戶提供{n_zh}。"
        else:
            en = f"We help {audience_en} in {markets_en} with {n_en}."
            zh = f"我們為{markets_zh}的{audience_zh}提供{n_zh}。"
        if len(en) <= 200 and len(zh) <= 200:
            return en, zh
    return en[:199].rstrip() + "…", zh[:199] + "…"      # pragma: no cover


def description(rng: random.Random, d: dict, district_en: str, district_zh: str,
                refs) -> tuple[str, str]:
    """(description_en, description_zh) of listing ``d``, whose other fields are already set."""
    name_en = d["company_name_en"] or "The company"
    name_en_mid = d["company_name_en"] or "the company"
    name_zh = d["company_name_zh"] or d["company_name_en"]
    year, band = d["year_established"], d["staff_size"]
    size_en, size_zh = SIZE_WORDS[band]
    staff_zh = taxonomy.label(taxonomy.STAFF_SIZES, band, "zh-Hant")
    variant = rng.randrange(3)
    if variant == 0:
        en = [f"Founded in {year} and based in {district_en}, {name_en_mid} is {size_en}."]
        zh = [f"{name_zh}於{year}年成立，總部設於{district_zh}，是{size_zh}。"]
    elif variant == 1:
        en = [f"{name_en} has served clients from its offices in {district_en} since {year}."]
        zh = [f"{name_zh}自{year}年起以{district_zh}為基地，為客戶提供服務。"]
    else:
        en = [f"Established in {year}, {name_en_mid} brings together engineers, designers and "
              f"project managers in {district_en} ({taxonomy.label(taxonomy.STAFF_SIZES, band)})."]
        zh = [f"{name_zh}成立於{year}年，於{district_zh}匯聚工程師、設計師及項目經理等專才（{staff_zh}）。"]
    for cap in d["capabilities"]:
        s_en, s_zh = rng.choice(CAP_TEXT[cap]["sentences"])
        en.append(s_en)
        zh.append(s_zh)
    served = d["regions_served"]
    m_en = _join_en([_market_en(c) for c in served])
    m_zh = _join_zh([_market_zh(c) for c in served])
    if rng.random() < 0.5:
        en.append(f"We currently serve clients in {m_en}, working with local partners on the ground.")
        zh.append(f"我們現時服務{m_zh}的客戶，並與當地夥伴緊密合作。")
    else:
        en.append(f"Beyond Hong Kong, our markets include {m_en}.")
        zh.append(f"除香港外，我們的業務亦覆蓋{m_zh}。")
    certs = d["certifications"]
    if certs:
        en.append(f"The company is certified to {_join_en(certs)}.")
        zh.append(f"公司已取得{_join_zh(certs)}認證。")
    if refs:
        cities_en = list(dict.fromkeys(r["city_en"] for r in refs))
        cities_zh = list(dict.fromkeys(r.get("city_zh") or city_zh(r["country"], r["city_en"]) for r in refs))
        en.append(f"Recent projects have taken our team to {_join_en(cities_en)}.")
        zh.append(f"近年項目遍及{_join_zh(cities_zh)}。")
    closing = rng.randrange(4)
    if closing == 0:
        en.append("We are a member of the Smart City Consortium.")
        zh.append("我們是智慧城市聯盟會員。")
    elif closing == 1:
        en.append("We welcome partnership enquiries from companies across the Belt and Road.")
        zh.append("歡迎「一帶一路」沿線企業與我們洽談合作。")
    elif closing == 2 and "zh" in d["languages"]:
        en.append("Our bilingual team supports clients in English, Cantonese and Putonghua.")
        zh.append("我們的團隊可以英語、粵語及普通話為客戶提供支援。")
    return " ".join(en), "".join(zh)
