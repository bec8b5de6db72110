"""Text analysis shared by indexing, querying and highlighting.

Chain: drop lone surrogates -> NFKC -> control chars to spaces, format chars
(bidi, zero-width) removed -> casefold -> Simplified to Hong Kong Traditional
(OpenCC ``s2hk``) -> tokens.  Tokens are English-style words (stop words out,
Porter-stemmed when plain ASCII letters) and CJK runs cut into overlapping
bigrams (a run of one character stays a unigram).  Running the very same
chain on documents and queries is what lets 物联网 find 物聯網.
"""

from __future__ import annotations

import functools
import re
import threading
import unicodedata

from ._whoosh import STOP_WORDS, porter_stem

# Han, kana, bopomofo, Hangul: text written without spaces, indexed as bigrams.
CJK_CHARS = (
    "\u3005\u3007\u3040-\u30ff\u3100-\u312f\u31a0-\u31bf\u31f0-\u31ff"
    "\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003ffff"
)
# Unicode 14 categories Cc (controls) and Cf (format: bidi, zero-width, BOM).
# tests/search_index/test_analysis.py checks these against unicodedata.
_CC = "\u0000-\u001f\u007f-\u009f"
_CF = (
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e"
    "\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U00013438\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
)
_SURROGATES_RE = re.compile("[\ud800-\udfff]")
_CONTROL_RE = re.compile("[%s\u2028\u2029]" % _CC)
_FORMAT_RE = re.compile("[%s]" % _CF)
# A CJK run, or a run of word characters that are neither "_" nor CJK.  A word may start with
# one letter and a hyphen (e-government, e-KYC: one word, so "e-government" never means just
# "government").
_TOKEN_RE = re.compile(
    "(?P<c>[%s]+)|(?P<w>(?:(?<![^\\W_])[^\\W\\d_%s]-(?=[^\\W\\d_]))?[^\\W_%s]+)"
    % (CJK_CHARS, CJK_CHARS, CJK_CHARS))
_CJK_RE = re.compile("[%s]" % CJK_CHARS)

MIN_WORD, MAX_WORD = 2, 40  # shorter/longer Latin tokens are noise
SPELL_MIN = 3  # words shorter than this are never spell-corrected

_converter = None
_converter_lock = threading.Lock()


def _opencc():
    global _converter
    if _converter is None:
        with _converter_lock:
            if _converter is None:
                import opencc

                _converter = opencc.OpenCC("s2hk")
    return _converter


def to_hk(text: str) -> str:
    """Simplified -> Hong Kong Traditional; cheap no-op for text without CJK."""
    if not text or not _CJK_RE.search(text):
        return text
    return _opencc().convert(text)


def clean(text: str) -> str:
    """Make arbitrary input safe to analyse: no lone surrogates, NFKC, no
    control/format characters (NUL, bidi overrides, zero-width...)."""
    if not isinstance(text, str):
        text = str(text)
    text = _SURROGATES_RE.sub("", text)
    text = unicodedata.normalize("NFKC", text)
    text = _CONTROL_RE.sub(" ", text)
    return _FORMAT_RE.sub("", text)


def fold(text: str) -> str:
    """The comparison form of cleaned text: casefolded, Traditional (HK)."""
    return to_hk(text.casefold())


def fold_many(texts: list[str]) -> list[str]:
    """fold() of many cleaned texts with one OpenCC call (each call costs ~20 µs of setup: the
    query vocabulary has thousands of names).  Cleaned text holds no newline to split on."""
    low = [t.casefold() for t in texts]
    cjk = [i for i, t in enumerate(low) if _CJK_RE.search(t)]
    batch = [i for i in cjk if "\n" not in low[i]]
    converted = _opencc().convert("\n".join(low[i] for i in batch)).split("\n") if batch else []
    if len(converted) != len(batch):  # never expected: convert one by one
        batch, converted = [], []
    for i, text in zip(batch, converted):
        low[i] = text
    for i in set(cjk) - set(batch):
        low[i] = to_hk(low[i])
    return low


def joined(word: str) -> str:
    """One word of the tokenizer without its hyphen: e-government -> egovernment."""
    return word.replace("-", "") if "-" in word else word


@functools.lru_cache(maxsize=100_000)
def word_term(word: str) -> str | None:
    """Index term for one casefolded non-CJK word, or None when not indexed."""
    word = joined(word)
    if not (MIN_WORD <= len(word) <= MAX_WORD) or word in STOP_WORDS:
        return None
    if word.isascii() and word.isalpha():
        return porter_stem(word)
    return word


@functools.lru_cache(maxsize=100_000)
def spell_word(word: str) -> bool:
    """Is this casefolded word part of the spelling vocabulary?"""
    return (
        SPELL_MIN <= len(word) <= MAX_WORD
        and word.isascii()
        and word.isalpha()
        and word not in STOP_WORDS
    )


def is_cjk_gram(token: str) -> bool:
    return bool(_CJK_RE.match(token))


def cjk_grams(run: str) -> list[str]:
    if len(run) == 1:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


def scan(folded: str):
    """Yield (kind, text, start, end): kind 'w' for a word, 'c' for a CJK run."""
    for m in _TOKEN_RE.finditer(folded):
        kind = "c" if m.lastgroup == "c" else "w"
        yield kind, m.group(), m.start(), m.end()


_WORD_INFO: dict[str, tuple] = {}  # casefolded word -> (term, spelling word or None, joined)


def _word_info(word: str) -> tuple:
    got = _WORD_INFO.get(word)
    if got is None:
        j = joined(word)
        term = word_term(word)
        got = (term, j if term and spell_word(j) else None, j)
        if len(_WORD_INFO) < 200_000:
            _WORD_INFO[word] = got
    return got


def tokens_of_folded(folded: str, words: set | None = None, forms: dict | None = None) -> list[str]:
    """Index tokens of folded text; adds spelling words to ``words`` and, to ``forms``, each
    word as written (hyphen joined) -> its index term."""
    out: list[str] = []
    append = out.append
    info = _WORD_INFO
    for run, word in _TOKEN_RE.findall(folded):  # findall: no match objects
        if word:
            got = info.get(word) or _word_info(word)
            term = got[0]
            if term:
                append(term)
                if words is not None and got[1]:
                    words.add(got[1])
                if forms is not None:
                    forms[got[2]] = term
        elif len(run) == 1:
            append(run)
        else:
            out.extend([run[i : i + 2] for i in range(len(run) - 1)])
    return out


# --- exact words: the stemmed index cannot tell "services" from "service" ---------------
# A document's exact-field tokens: every word it writes that stems to something else
# ("services"), and "~stem" for a stem it only reaches through such words (it says
# "services", never "servic" itself).  A typed word is then exact where its own token is
# present (a word that stems) or "~" + it is absent (a word that is its own stem).
NOT_LITERAL = "~"


def exact_tokens(forms: dict[str, str]) -> list[str]:
    variants = sorted(f for f, term in forms.items() if f != term)
    literal = {term for f, term in forms.items() if f == term}
    return variants + sorted({NOT_LITERAL + forms[f] for f in variants if forms[f] not in literal})


def exact_keys(text: str) -> list[tuple[str, bool]]:
    """Per Latin word of ``text`` (as typed): (exact-field token, must be present?)."""
    out = []
    for kind, tok, _s, _e in scan(fold(clean(text))):
        if kind == "w":
            term, _spelled, surface = _word_info(tok)
            if term and surface != term:
                out.append((surface, True))
            elif term:
                out.append((NOT_LITERAL + term, False))
    return out


def analyze(text: str) -> list[str]:
    """Index tokens, in order (their positions are list indexes)."""
    return tokens_of_folded(fold(clean(text)))


def analyze_folded(folded_texts, forms: dict | None = None) -> tuple[list[str], set[str]]:
    """analyze_fields() of texts already folded (fold_many of their clean())."""
    tokens: list[str] = []
    words: set[str] = set()
    for text in folded_texts:
        if text:
            tokens.extend(tokens_of_folded(text, words, forms))
    return tokens, words


_LINES: dict[str, tuple] = {}  # line -> (tokens, spelling words, forms), for repeated lines
MAX_LINES = 20_000


def analyze_fields(texts, forms: dict | None = None, by_line: bool = False) -> tuple[list[str], set[str]]:
    """Tokens of several texts joined in one field, plus their spelling words (and, into
    ``forms``, the words as written: see tokens_of_folded).  ``by_line``: the texts are lines
    from a fixed list (capability names, regions), analysed once each and remembered (a line
    break separates words anyway, so the tokens are the same)."""
    tokens: list[str] = []
    words: set[str] = set()
    for text in texts:
        if not text:
            continue
        if not by_line:
            tokens.extend(tokens_of_folded(fold(clean(text)), words, forms))
            continue
        for line in text.split("\n"):
            got = _LINES.get(line)
            if got is None:
                line_words: set[str] = set()
                line_forms: dict[str, str] = {}
                got = (tokens_of_folded(fold(clean(line)), line_words, line_forms), line_words, line_forms)
                if len(_LINES) < MAX_LINES:
                    _LINES[line] = got
            tokens.extend(got[0])
            words |= got[1]
            if forms is not None:
                forms.update(got[2])
    return tokens, words


# --- highlighting support: tokens with offsets into the ORIGINAL text --------

_char_cache: dict[str, str] = {}


def _fold_unit(unit: str) -> str:
    got = _char_cache.get(unit)
    if got is None:
        got = clean(unit).casefold()
        if len(_char_cache) < 50_000:
            _char_cache[unit] = got
    return got


def _folded_with_map(text: str):
    """Fold ``text`` keeping, per folded character, the original start and
    end offsets (None means the identity map)."""
    if text.isascii():
        return _CONTROL_RE.sub(" ", text.lower()), None
    if (
        not _SURROGATES_RE.search(text)
        and not _FORMAT_RE.search(text)
        and unicodedata.is_normalized("NFKC", text)
    ):
        low = _CONTROL_RE.sub(" ", text.casefold())
        if len(low) == len(text):
            hk = to_hk(low)
            if len(hk) == len(low):
                return hk, None
    # Slow path: fold one base character (+ combining marks) at a time.
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        folded = _fold_unit(text[i:j])
        pieces.append(folded)
        starts.extend([i] * len(folded))
        ends.extend([j] * len(folded))
        i = j
    low = "".join(pieces)
    hk = to_hk(low)
    if len(hk) != len(low):  # rare: convert char by char to keep the map
        hk = "".join(c if len(c2 := to_hk(c)) != 1 else c2 for c in low)
    return hk, (starts, ends)


def token_spans(text: str) -> list[tuple[str, int, int]]:
    """(index token, start, end) with start/end offsets into ``text`` itself."""
    folded, spans = _folded_with_map(text)
    out: list[tuple[str, int, int]] = []
    for kind, tok, s, e in scan(folded):
        if kind == "w":
            term = word_term(tok)
            if term:
                out.append((term, s, e))
        elif len(tok) == 1:
            out.append((tok, s, e))
        else:
            for k in range(len(tok) - 1):
                out.append((tok[k : k + 2], s + k, s + k + 2))
    if spans is not None:
        starts, ends = spans
        out = [(t, starts[s], ends[e - 1]) for t, s, e in out]
    return out
