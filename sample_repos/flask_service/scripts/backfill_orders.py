#!/usr/bin/env python3
"""Re-archive order payloads to S3 for orders created before the archive existed.

Usage: python scripts/backfill_orders.py --since 2021-01-01 [--dry-run]
"""
import argparse
import logging
from datetime import datetime

from orderdesk import storage
from orderdesk.db import session_scope
from orderdesk.models import OrderRecord

log = logging.getLogger("backfill")


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--since", required=True, type=lambda s: datetime.strptime(s, "%Y-%m-%d"))
    p.add_argument("--dry-run", action="store_true")
    p.add_argument("--batch-size", type=int, default=500)
    return p.parse_args(argv)


def backfill(since, dry_run=False, batch_size=500):
    done = 0
    with session_scope() as session:
        q = session.query(OrderRecord).filter(OrderRecord.created_at >= since)
        for record in q.yield_per(batch_size):
            payload = {"email": record.customer_email, "reference": record.reference, "backfilled": True}
            if not dry_run:
                storage.archive_payload(record.reference, payload)
            done += 1
            if done % batch_size == 0:
                log.info("%d orders processed", done)
    return done


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    args = parse_args()
    n = backfill(args.since, args.dry_run, args.batch_size)
    print(f"backfilled {n} orders{' (dry run)' if args.dry_run else ''}")
