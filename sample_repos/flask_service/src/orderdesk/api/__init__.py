from orderdesk.api.health import bp as health_bp
from orderdesk.api.orders import bp as orders_bp


def register_blueprints(app):
    """Attach all API blueprints to ``app``."""
    app.register_blueprint(health_bp)
    app.register_blueprint(orders_bp, url_prefix="/api/v1/orders")
