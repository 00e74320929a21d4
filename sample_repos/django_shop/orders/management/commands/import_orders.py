from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from orders.models import Customer, Order, OrderLine

from ._helpers import open_source, parse_price, read_rows


class Command(BaseCommand):
    help = "Import orders from the legacy storefront CSV export (local path or s3:// URL)."

    def add_arguments(self, parser):
        parser.add_argument("source")
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, **options):
        created = 0
        with open_source(options["source"]) as handle, transaction.atomic():
            for row in read_rows(handle):
                price = parse_price(row.get("price", ""))
                if price is None:
                    self.stderr.write("skipping %s: bad price" % row.get("order_ref"))
                    continue
                customer, _ = Customer.objects.get_or_create(
                    email=row["email"], defaults={"name": row.get("name", "")}
                )
                order, new = Order.objects.get_or_create(reference=row["order_ref"], customer=customer)
                OrderLine.objects.create(order=order, sku=row["sku"], quantity=int(row.get("qty") or 1), unit_price=price)
                created += new
            if options["dry_run"]:
                transaction.set_rollback(True)
        if not created and not options["dry_run"]:
            raise CommandError("nothing imported")
        self.stdout.write(self.style.SUCCESS("imported %d orders" % created))
