"""The Belt and Road service-provider directory: create_app() is the application factory."""
import os

from flask import Flask

from . import config as cfg
from .extensions import babel, csrf, db, limiter, migrate


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True,
                template_folder=os.path.join(os.path.dirname(__file__), os.pardir, "templates"),
                static_folder="static")
    from .requests import CleanRequest
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

    from . import i18n, ops, security, web
    ops.init_app(app)  # first: its request log wraps everything below
    i18n.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale)
    security.init_app(app)
    web.init_app(app)

    from .auth.sessions import init_app as init_sessions
    init_sessions(app)

    from .api.views import bp as api_bp
    from .auth.views import bp as auth_bp
    from .members.views import bp as members_bp
    # Modules that add routes to a role's blueprint, so no views file grows past a few hundred lines.
    from .members import reconfirm  # noqa: F401
    from .public import enquiries  # noqa: F401
    from .secretariat import data_views, mail_views  # noqa: F401
    from .public.views import bp as public_bp
    from .secretariat.views import bp as secretariat_bp
    app.register_blueprint(public_bp)
    app.register_blueprint(auth_bp, url_prefix="/account")
    app.register_blueprint(members_bp, url_prefix="/members")
    app.register_blueprint(secretariat_bp, url_prefix="/secretariat")
    app.register_blueprint(api_bp, url_prefix="/api/v1")

    from . import cli, search
    cli.init_app(app)
    search.init_app(app)
    from . import alerts, mail, worker
    mail.init_app(app)  # `mail deliver`, SMTP URL checked at start-up
    alerts.init_app(app)  # /alerts routes, the worker's digest task
    worker.init_app(app)  # `worker run`
    return app
