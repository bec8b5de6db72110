"""The input boundary: every URL argument and form value arrives without control characters.

NUL and the other C0 controls (TAB, CR and LF excepted) are never meaningful in a form field or a
query, PostgreSQL refuses NUL in text columns, and log lines and CSV cells are safer without
them. Cleaning them here, where Werkzeug builds request.args and request.form, covers every view,
form and API parameter at once. Uploaded files (request.files) are untouched.
"""
import re

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


class CleanRequest(Request):
    parameter_storage_class = CleanMultiDict
