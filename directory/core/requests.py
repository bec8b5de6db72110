"""The input boundary: every URL argument and form value arrives without control characters.

NUL and the other C0 controls (TAB, CR and LF excepted) are never meaningful in a form field or a
query, PostgreSQL refuses NUL in text columns, and log lines and CSV cells are safer without
them. Cleaning them here, where Werkzeug builds request.args and request.form, covers every view,
form and API parameter at once. Uploaded files (request.files) are untouched.
"""
import re
from urllib.parse import quote_from_bytes

from flask import Request
from werkzeug.datastructures import ImmutableMultiDict, MultiDict

_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean(value):
    return _CONTROLS.sub("", value) if isinstance(value, str) else value


def _pairs(mapping):
    if isinstance(mapping, MultiDict):
        return mapping.items(multi=True)
    if isinstance(mapping, dict):
        return ((k, v) for k, values in mapping.items()
                for v in (values if isinstance(values, (list, tuple)) else [values]))
    return mapping


class CleanMultiDict(ImmutableMultiDict):
    def __init__(self, mapping=None):
        if mapping is not None:
            mapping = [(clean(k), clean(v)) for k, v in _pairs(mapping)]
        super().__init__(mapping)


_ASCII = "".join(chr(c) for c in range(32, 127))


class CleanRequest(Request):
    parameter_storage_class = CleanMultiDict

    def __init__(self, environ, *args, **kwargs):
        # A raw byte over 0x7f in the query string (WSGI hands it over as latin-1) is percent-
        # encoded, as a browser would have sent it: Werkzeug decodes raw bytes as strict UTF-8
        # and every page answered 500; percent-decoding replaces what is not UTF-8.
        query = environ.get("QUERY_STRING", "")
        if not query.isascii():
            environ["QUERY_STRING"] = quote_from_bytes(query.encode("latin-1", "replace"), safe=_ASCII)
        super().__init__(environ, *args, **kwargs)
