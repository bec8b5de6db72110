"""The dashboard: the directory at a glance, as server-drawn charts with their numbers."""
from flask import render_template
from babel.dates import format_skeleton
from flask_babel import get_locale
from flask_babel import gettext as _

from directory import taxonomy
from directory.secretariat import charts
from directory.core.i18n import current_lang
from directory.secretariat import queries, stats
from directory.secretariat.labels import STATUS_LABELS
from directory.secretariat.views import bp


@bp.route("/dashboard")
def dashboard():
    lang = current_lang()
    counts = queries.status_counts()
    capabilities, regions = stats.capability_and_region_counts()
    weeks, activity = stats.weekly_activity()
    top, missing = stats.top_searches(), stats.top_searches(zero_results=True)
    status_rows = [(str(label), counts.get(status, 0)) for status, label in STATUS_LABELS.items()]
    # A CLDR skeleton, not a pattern: each locale orders day and month its own way (9月21日, Sep 21).
    week_labels = [format_skeleton("MMMd", week, locale=get_locale()) for week in weeks]
    figures = {
        "status": charts.bar_chart(
            "chart-status", _("Listings by status"), status_rows, label_header=_("Status"),
            value_header=_("Listings"),
            desc=_("%(total)d listings in all; %(live)d approved and published.",
                   total=sum(counts.values()), live=counts.get("approved", 0))),
        "capability": charts.bar_chart(
            "chart-capability", _("Published listings by capability"),
            [(taxonomy.capability_label(c, lang), capabilities.get(c, 0)) for c in taxonomy.CAPABILITIES],
            label_header=_("Capability"), value_header=_("Listings")),
        "region": charts.bar_chart(
            "chart-region", _("Published listings by region served"),
            [(taxonomy.region_label(r, lang), regions.get(r, 0)) for r in taxonomy.REGIONS],
            desc=_("A listing serving a country counts for the region the country belongs to."),
            label_header=_("Region"), value_header=_("Listings")),
        "activity": charts.line_chart(
            "chart-activity", _("Submissions and approvals per week"), week_labels,
            [(_("Submissions"), activity["listing.submit"]), (_("Approvals"), activity["listing.approve"])],
            desc=_("Weekly counts for the last %(n)d weeks, weeks starting on Monday (UTC).", n=stats.WEEKS),
            x_header=_("Week starting")),
        "searches": charts.bar_chart(
            "chart-searches", _("Most common searches"), top, label_header=_("Search words"),
            value_header=_("Searches"),
            desc=_("The %(n)d most frequent search words of the last %(days)d days.", n=stats.TOP,
                   days=stats.SEARCH_DAYS)),
        "missing": charts.bar_chart(
            "chart-missing", _("Searches that found nothing"), missing, label_header=_("Search words"),
            value_header=_("Searches"),
            desc=_("Search words of the last %(days)d days with no result: providers buyers are missing.",
                   days=stats.SEARCH_DAYS)),
    }
    from directory.alerts.operations import counts as alert_counts  # numbers only, never addresses
    return render_template("secretariat/dashboard.html", figures=figures, counts=counts, alerts=alert_counts())
