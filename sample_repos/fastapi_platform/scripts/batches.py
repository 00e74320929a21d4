"""Replay the outbox in batches; written for Python 3.12+ (PEP 695 generics, a `type` alias).

    python scripts/batches.py
"""
import os

type Batch[T] = list[T]


def chunks[T](items: list[T], size: int) -> list[Batch[T]]:
    """Split `items` into batches of `size`."""
    return [items[i:i + size] for i in range(0, len(items), size)]


if __name__ == "__main__":
    size = int(os.environ.get("PLATFORM_REPLAY_BATCH", "100"))
    print(chunks(list(range(1000)), size))
