"""Saved-search alerts (issue 11 item 5): double opt-in, digests, one-click unsubscribe."""


def init_app(app) -> None:
    from .. import worker
    from .operations import send_due_alerts
    from .views import bp
    app.register_blueprint(bp, url_prefix="/alerts")
    worker.register("alerts", 600, send_due_alerts)
