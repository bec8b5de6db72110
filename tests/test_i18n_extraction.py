"""Every user-visible string reaches the catalogs.

Two independent readers of the source: Babel's own extractors (what `make i18n-extract` sees)
and Python's `ast` (which also sees calls Babel's tokenizer misses, e.g. inside an f-string on
Python 3.11 — how "Show the numbers" once stayed English on the Chinese dashboard). A msgid found
by either and missing from messages.pot, or untranslated in a catalog, fails the test.
"""
import ast
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
CATALOGS = ROOT / "directory" / "translations"
KEYWORDS = {"_": None, "gettext": None, "_l": None, "lazy_gettext": None, "N_": None,
            "ngettext": (1, 2), "lazy_ngettext": (1, 2)}


def _catalog(path: Path):
    with path.open("rb") as fh:
        return read_po(fh)


def _ids(catalog) -> set[str]:
    return {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}


def _babel_msgids() -> set[str]:
    method_map = [("directory/**.py", "python"), ("templates/**.html", "jinja2")]
    options = {"templates/**.html": {"extensions": "jinja2.ext.do"}}
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
            str(ROOT), method_map, options, keywords={k: v for k, v in KEYWORDS.items()}):
        found.add(message if isinstance(message, str) else message[0])
    return {m for m in found if m}


def _ast_msgids() -> dict[str, str]:
    """msgid → where, for every translation call with a literal first argument."""
    found = {}
    for path in sorted((ROOT / "directory").rglob("*.py")):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            first = node.args[0]
            if name in KEYWORDS and isinstance(first, ast.Constant) and isinstance(first.value, str):
                found.setdefault(first.value, f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_no_translation_call_hides_inside_an_f_string():
    hidden = []
    for path in sorted((ROOT / "directory").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for fstring in (n for n in ast.walk(tree) if isinstance(n, ast.JoinedStr)):
            for node in ast.walk(fstring):
                name = getattr(getattr(node, "func", None), "id", None)
                if isinstance(node, ast.Call) and name in KEYWORDS:
                    hidden.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert hidden == [], f"translation calls inside f-strings (Babel cannot extract them): {hidden}"


def test_every_python_string_is_in_the_catalog():
    known = _ids(_catalog(CATALOGS / "messages.pot"))
    missing = {msgid: where for msgid, where in _ast_msgids().items() if msgid not in known}
    assert missing == {}, f"{len(missing)} strings never extracted (run make i18n-update): {missing}"


def test_every_template_and_python_string_babel_sees_is_in_the_catalog():
    known = _ids(_catalog(CATALOGS / "messages.pot"))
    missing = sorted(_babel_msgids() - known)
    assert missing == [], f"{len(missing)} strings not in messages.pot (run make i18n-update): {missing[:20]}"


@pytest.mark.parametrize("locale", ["zh_Hant_HK", "zh_Hans_CN"])
def test_the_catalogs_hold_every_extracted_string(locale):
    catalog = _ids(_catalog(CATALOGS / locale / "LC_MESSAGES" / "messages.po"))
    missing = sorted((_babel_msgids() | set(_ast_msgids())) - catalog)
    assert missing == [], f"{len(missing)} strings missing from {locale}: {missing[:20]}"
