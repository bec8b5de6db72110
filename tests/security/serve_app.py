"""Serve the app from DIRECTORY_* environment on 127.0.0.1:PORT (werkzeug, threaded).

Started by live_server.Server as its own process so tests can kill it with SIGKILL.
"""
import logging
import sys

from werkzeug.serving import run_simple

from directory import create_app

app = create_app()
logging.getLogger("werkzeug").setLevel(logging.WARNING)
run_simple("127.0.0.1", int(sys.argv[1]), app, threaded=True, use_reloader=False, use_debugger=False)
