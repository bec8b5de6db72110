"""The importer's messages: English templates, marked for translation, formatted per error.

Kept apart from the parser so the wording (and its Chinese) can change without touching the
rules. `N_` only marks a string for `pybabel extract`; translation happens when a page or the
command line shows the message, with that reader's gettext.
"""
from collections.abc import Callable


def N_(text: str) -> str:  # noqa: N802 - the conventional name for "mark, translate later"
    return text


#: English message templates, one per error code.  ``{placeholders}`` come from ``params``.
MESSAGES: dict[str, str] = {
    "encoding": N_("The file is not UTF-8 text (first invalid byte at offset {offset}). "
                "Save it as “CSV UTF-8”."),
    "empty": N_("The file is empty; the first line must be the header row."),
    "bad_header": N_("The header row does not match the expected columns. "
                  "Missing columns: {missing}. Unexpected columns: {unexpected}. "
                  "First difference at column {position}: found “{found}”, expected “{expected}”."),
    "csv_syntax": N_("This record is not valid CSV ({detail}); check the quotes."),
    "column_count": N_("This record has {found} fields; {expected} are expected."),
    "required": N_("A value is required."),
    "name_required": N_("At least one of company_name_en and company_name_zh is required."),
    "br_format": N_("“{value}” is not a Business Registration number: 8 digits are expected."),
    "year": N_("“{value}” is not a year between {min} and {max}."),
    "staff_size": N_("“{value}” is not a staff size; use one of {allowed}."),
    "website": N_("“{value}” is not a website address; it must start with http:// or https://."),
    "email": N_("“{value}” is not a valid e-mail address."),
    "phone": N_("“{value}” is not a valid phone number."),
    "unknown_capability": N_("“{value}” is not a known capability code."),
    "unknown_region": N_("“{value}” is neither a region code nor an ISO country code."),
    "consent": N_("“{value}” is not a consent answer; use Y or N."),
    "rule": N_("“{value}” is not accepted here: the member's form refuses it."),
    "too_long": N_("The text has {length} characters; at most {max} are allowed."),
    "one_line": N_("The text must be on one line."),
    "duplicate_br_in_file": N_("Business Registration number {value} already appears on line "
                            "{first_line}."),
    "duplicate_listing_id_in_file": N_("Listing id {value} already appears on line {first_line}."),
}

#: Templates that put an error in its place (also translatable).
LOCATION_MESSAGES: dict[str, str] = {
    "line_column": N_("Line {line}, column {column}: {message}"),
    "line": N_("Line {line}: {message}"),
    "file": N_("{message}"),
}


class _Defaulting(dict):
    def __missing__(self, key):
        return "{" + key + "}"


def render(template: str, params: dict) -> str:
    return template.format_map(_Defaulting(params))


def format_error(err, gettext: Callable[[str], str] = lambda s: s) -> str:
    """The error's message, translated by *gettext* (looked up by ``err.code``)."""
    template = MESSAGES.get(err.code)
    if template is None:
        return err.message
    return render(gettext(template), err.params)


def format_report(report, gettext: Callable[[str], str] = lambda s: s) -> list[str]:
    """One translated line per error, each naming its line and column."""
    lines = []
    for err in report.errors:
        key = "line_column" if err.column else ("line" if err.line else "file")
        lines.append(render(gettext(LOCATION_MESSAGES[key]),
                            {"line": err.line, "column": err.column, "message": format_error(err, gettext)}))
    return lines
