"""The analysis chain: normalisation, Chinese conversion, bigrams, stemming."""

from __future__ import annotations

import re
import sys
import unicodedata

from search_index import analysis
from search_index.query import parse


def test_control_and_format_classes_match_unicodedata():
    # The hand-written ranges in analysis.py must cover every Cc and Cf character.
    cc = re.compile("[%s]" % analysis._CC)
    cf = re.compile("[%s]" % analysis._CF)
    for code in range(sys.maxunicode + 1):
        ch = chr(code)
        cat = unicodedata.category(ch)
        if cat == "Cc":
            assert cc.match(ch), hex(code)
        elif cat == "Cf" and unicodedata.unidata_version == "14.0.0":
            assert cf.match(ch), hex(code)


def test_clean_removes_dangerous_characters():
    text = "a\x00b\u202eevil\u202c \udfff c\u200bd ﬁ ＡＢＣ"
    cleaned = analysis.clean(text)
    assert "\x00" not in cleaned and "\u202e" not in cleaned and "\udfff" not in cleaned
    assert "fi" in cleaned and "ABC" in cleaned  # NFKC: ligature and full-width folded
    cleaned.encode("utf-8")  # no lone surrogate left


def test_simplified_becomes_hong_kong_traditional():
    assert analysis.analyze("物联网") == analysis.analyze("物聯網") == ["物聯", "聯網"]
    assert analysis.analyze("机器人") == analysis.analyze("機器人")


def test_cjk_bigrams_and_single_characters():
    assert analysis.analyze("智慧城市") == ["智慧", "慧城", "城市"]
    assert analysis.analyze("網") == ["網"]
    # punctuation breaks a run: no bigram across the comma
    assert analysis.analyze("智慧，城市") == ["智慧", "城市"]


def test_english_is_stemmed_and_stop_words_dropped():
    assert analysis.analyze("The Sensors and Securities") == ["sensor", "secur"]
    assert analysis.analyze("information security") == analysis.analyze("Information  SECURITY")


def test_mixed_text():
    assert analysis.analyze("5G網絡 for IoT物聯網") == ["5g", "網絡", "iot", "物聯", "聯網"]


def test_token_spans_point_into_the_original_text():
    text = "Ｓｍａｒｔ 物联网 café"
    spans = analysis.token_spans(text)
    assert [(t, text[s:e]) for t, s, e in spans] == [
        ("smart", "Ｓｍａｒｔ"), ("物聯", "物联"), ("聯網", "联网"), ("café", "café")]


def test_parser_ignores_syntax():
    for q in ["name:[a TO z]", "*a* *b*", "{a TO }", "a~2 +b -c ^3", "(((a)))"]:
        parsed = parse(q)
        assert all(len(alt) == 1 for c in parsed.clauses for alt in c.alts)
    assert [c.alts for c in parse('"smart city" drones').clauses] == [
        (("smart", "citi"),), (("drone",),)]
    assert parse("AND OR NOT").clauses == []  # stop words, not operators


def test_importing_and_using_whoosh_raises_no_warning(tmp_path):
    # A fresh interpreter with every warning an error, as under pytest's settings.
    import os
    import subprocess

    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    code = (
        "import sys, tempfile; sys.path.insert(0, %r); from search_index import SearchIndex;"
        "i = SearchIndex(tempfile.mkdtemp(dir=%r)); i.search('x'); i.close()"
    ) % (root, str(tmp_path))
    done = subprocess.run([sys.executable, "-W", "error", "-c", code], capture_output=True,
                          text=True, timeout=60, cwd=str(tmp_path))
    assert done.returncode == 0, done.stderr


def test_folding_many_texts_at_once_equals_folding_each():
    texts = ["物联网", "Smart City", "阿拉木图", "哈萨克斯坦 Almaty", "", "資訊保安", "ÄRZTE 信息安全"]
    assert analysis.fold_many(texts) == [analysis.fold(t) for t in texts]


def test_a_documents_fields_are_the_analysis_of_each_text():
    """to_fields folds a document's free texts in one OpenCC call and its fixed lines once
    each; every field must still be the analysis of its texts one by one, in key order."""
    from search_index.schema import TEXT_FIELDS, to_fields

    texts = ["物联网 Smart City\n智慧城市", "資訊保安\x00e-Government \u202eevil", "", "ＡＢＣ ﬁrewalls 5G網絡",
             "阿拉木图\r\n哈萨克斯坦 services", "\udfff孤", "Consulting; 云计算 cloud-native"]
    for i in range(len(texts)):
        doc = {"id": "x%d" % i}
        for j, (field, keys) in enumerate(TEXT_FIELDS.items()):
            for k, key in enumerate(keys):
                doc[key] = texts[(i + j + k) % len(texts)]
        fields, _words = to_fields(doc)
        for field, keys in TEXT_FIELDS.items():
            expected = [t for key in keys for line in ([doc[key]] if field not in ("t_cap", "t_extra")
                                                         else doc[key].split("\n"))
                        for t in analysis.analyze(line)]
            assert fields[field] == expected, (i, field)
