"""Saved-search alerts (issue 11 item 5): double opt-in, digests, one-click unsubscribe."""


def init_app(app) -> None:
    from directory.core import worker
    from directory.alerts.operations import send_due_alerts
    from directory.alerts.views import bp
    app.register_blueprint(bp, url_prefix="/alerts")
    worker.register("alerts", 600, send_due_alerts)
