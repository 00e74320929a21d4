"""Flask application factory."""
import logging

from flask import Flask, jsonify

from orderdesk.config import get_config


def create_app(config_name=None):
    """Build and configure the Flask application.

    Blueprints are registered here rather than at import time so that tests
    can create several apps with different configs.
    """
    app = Flask(__name__)
    app.config.from_object(get_config(config_name))

    from orderdesk.api import register_blueprints

    register_blueprints(app)
    _configure_logging(app)

    @app.route("/")
    def index():
        return jsonify(service="orderdesk", status="ok")

    @app.route("/version")
    def version():
        from orderdesk import __version__

        return jsonify(version=__version__)

    @app.errorhandler(404)
    def not_found(error):
        return jsonify(error="not found"), 404

    return app


def _configure_logging(app):
    level = logging.DEBUG if app.config.get("DEBUG") else logging.INFO
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
