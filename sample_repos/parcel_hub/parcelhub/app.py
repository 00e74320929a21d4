"""The Flask application factory."""
from flask import Flask

from parcelhub.web.routes import bp


def create_app():
    """Build the application with every blueprint registered."""
    app = Flask(__name__)
    app.register_blueprint(bp, url_prefix="/api")
    return app
