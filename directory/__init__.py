"""The Belt and Road service-provider directory: create_app() is the application factory."""
import os

from flask import Flask

from directory.core import config as cfg
from directory.core.extensions import babel, csrf, db, limiter, migrate


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True,
                template_folder=os.path.join(os.path.dirname(__file__), os.pardir, "templates"),
                static_folder="static")
    from directory.core.requests import CleanRequest
    app.request_class = CleanRequest  # control characters never reach views, forms or the database
    os.makedirs(app.instance_path, exist_ok=True)
    app.config["INSTANCE_PATH"] = app.instance_path
    app.config.update(cfg.defaults(app.instance_path))
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.update(cfg.from_environment())
    else:
        app.config.update(test_config)
    cfg.finalise(app.config)
    app.json.ensure_ascii = False  # Chinese stays readable in API answers (still valid UTF-8 JSON)

    db.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(os.path.dirname(__file__), "migrations"))
    csrf.init_app(app)
    limiter.init_app(app)

    from directory import ops
    from directory.core import i18n
    from directory.core import security
    from directory.core import web
    ops.init_app(app)  # first: its request log wraps everything below
    i18n.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale)
    security.init_app(app)
    web.init_app(app)

    from directory.accounts.sessions import init_app as init_sessions
    init_sessions(app)

    from directory.api.views import bp as api_bp
    from directory.auth.views import bp as auth_bp
    from directory.members.views import bp as members_bp
    # Each blueprint's views.py imports the modules that add routes to it (one way, everywhere).
    from directory.public.views import bp as public_bp
    from directory.secretariat.views import bp as secretariat_bp
    app.register_blueprint(public_bp)
    app.register_blueprint(auth_bp, url_prefix="/account")
    app.register_blueprint(members_bp, url_prefix="/members")
    app.register_blueprint(secretariat_bp, url_prefix="/secretariat")
    app.register_blueprint(api_bp, url_prefix="/api/v1")

    _add_commands(app)
    from directory.search import service as search
    search.init_app(app)
    from directory import alerts
    from directory.core import mail
    from directory.core import worker
    mail.init_app(app)  # `mail deliver`, SMTP URL checked at start-up
    alerts.init_app(app)  # /alerts routes, the worker's digest task
    worker.init_app(app)  # `worker run`
    return app


def _add_commands(app: Flask) -> None:
    """The command-line groups (CONTRACT §3), each defined in its feature package."""
    from directory.accounts.cli import users_cli
    from directory.alerts.cli import alerts_cli  # send the saved-search digests
    from directory.demo_data.cli import demo_cli
    from directory.listings.cli import listings_cli  # import, export, remind-stale (secretariat work)
    from directory.ops.backup_cli import backup_cli
    from directory.search.cli import search_cli
    for group in (demo_cli, users_cli, search_cli, listings_cli, backup_cli, alerts_cli):
        app.cli.add_command(group)
