"""Settings, read from ``PLATFORM_*`` environment variables (and a ``.env`` file in dev)."""
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PLATFORM_", env_file=".env", extra="ignore")

    # where the internal endpoints are mounted; differs per deployment (see README)
    API_V1_STR: str = "/api/v1"
    DATABASE_URL: str = "postgresql+psycopg://platform:platform@localhost:5432/platform"
    REDIS_URL: str = "redis://localhost:6379/0"
    SEARCH_URL: str = "http://localhost:9200"
    CORS_ORIGINS: list[str] = ["http://localhost:3000"]
    ADMIN_TOKEN: str = ""


settings = Settings()
