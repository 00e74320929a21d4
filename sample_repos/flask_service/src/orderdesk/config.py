"""Runtime configuration, read from the environment."""
import os


def _bool_env(name, default=False):
    value = os.getenv(name)
    if value is None:
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


class Config:
    """Base configuration shared by every environment."""

    SECRET_KEY = os.environ.get("ORDERDESK_SECRET_KEY", "dev-not-secret")
    DATABASE_URL = os.getenv("DATABASE_URL", "postgresql://orderdesk@localhost/orderdesk")
    REDIS_URL = os.getenv("REDIS_URL", "redis://localhost:6379/0")
    ORDERS_BUCKET = os.environ.get("ORDERS_BUCKET", "orderdesk-archive-dev")
    AWS_REGION = os.getenv("AWS_REGION", "eu-west-1")
    DEBUG = _bool_env("ORDERDESK_DEBUG")
    MAX_LINES_PER_ORDER = int(os.getenv("MAX_LINES_PER_ORDER", "200"))

    def __init__(self, **overrides):
        for key, value in overrides.items():
            setattr(self, key.upper(), value)

    def as_dict(self):
        return {k: getattr(self, k) for k in dir(self) if k.isupper()}


class TestingConfig(Config):
    TESTING = True
    DATABASE_URL = "sqlite://"
    ORDERS_BUCKET = "orderdesk-test"


class ProductionConfig(Config):
    """Production settings; refuses to start with the default secret."""

    def __init__(self, **overrides):
        super().__init__(**overrides)
        if self.SECRET_KEY == "dev-not-secret":
            raise RuntimeError("ORDERDESK_SECRET_KEY must be set in production")


def get_config(name=None):
    """Return a config instance for ``name`` (defaults to ``$ORDERDESK_ENV``)."""
    name = name or os.getenv("ORDERDESK_ENV", "development")
    return {
        "development": Config,
        "testing": TestingConfig,
        "production": ProductionConfig,
    }[name]()
