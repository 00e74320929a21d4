import redis

from platform_api.config import settings

redis_client = redis.Redis.from_url(settings.REDIS_URL, decode_responses=True)


def cached_count(key, compute, ttl=60):
    value = redis_client.get(key)
    if value is None:
        value = compute()
        redis_client.setex(key, ttl, value)
    return int(value)
