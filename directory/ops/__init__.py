"""Operations: what a production deployment needs around the app itself.

Behind a proxy (ProxyFix, only when DIRECTORY_PROXY_COUNT declares one), one JSON log line per
request with a request id, and `GET /healthz` for load balancers (CONTRACT §7).
"""
from werkzeug.middleware.proxy_fix import ProxyFix

from directory.ops import health, request_log


def init_app(app) -> None:
    request_log.init_app(app)
    proxies = int(app.config.get("PROXY_COUNT") or 0)
    if proxies > 0:
        # X-Forwarded-For and -Proto only: links come from BASE_URL, so X-Forwarded-Host is never
        # believed (a forged one must not change a link or pass the trusted-host check).
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=0, x_port=0,
                                x_prefix=0)
    health.init_app(app)
