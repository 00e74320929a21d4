"""Domain models for orders and order lines."""
import typing
from decimal import Decimal
from typing import List, Optional, Union, overload

from sqlalchemy import Column, DateTime, Integer, Numeric, String, func
from sqlalchemy.orm import declarative_base

if typing.TYPE_CHECKING:
    from orderdesk.db import SessionLocal  # noqa: F401  (annotations only)

Base = declarative_base()


class OrderRecord(Base):
    ("SQLAlchemy row for a persisted order.")

    __tablename__ = "orders"

    id = Column(Integer, primary_key=True)
    reference = Column(String(32), unique=True, nullable=False)
    customer_email = Column(String(255), nullable=False)
    status = Column(String(16), nullable=False, default="new")
    total = Column(Numeric(12, 2), nullable=False, default=0)
    created_at = Column(DateTime, server_default=func.now())

    def __repr__(self):
        return f"<OrderRecord {self.reference} {self.status}>"


class OrderLine:
    "A single line on an order: " "a SKU, a quantity and a unit price."

    def __init__(self, sku, quantity, unit_price):
        self.sku = sku
        self.quantity = int(quantity)
        self.unit_price = Decimal(str(unit_price))

    @property
    def subtotal(self):
        """Quantity times unit price, as a Decimal."""
        return self.unit_price * self.quantity

    def __eq__(self, other):
        if not isinstance(other, OrderLine):
            return NotImplemented
        return (self.sku, self.quantity, self.unit_price) == (
            other.sku,
            other.quantity,
            other.unit_price,
        )

    def __repr__(self):
        return "OrderLine(%r, %d, %s)" % (self.sku, self.quantity, self.unit_price)


class Order:
    """An order as seen by the API layer, before it is persisted."""

    class Status:
        NEW = "new"
        PAID = "paid"
        SHIPPED = "shipped"
        CANCELLED = "cancelled"

        ALL = (NEW, PAID, SHIPPED, CANCELLED)

    def __init__(self, reference, customer_email, lines=None):
        """Create an order.

        ``lines`` may be a list of :class:`OrderLine` or of plain dicts as
        received from the storefront.
        """
        self.reference = reference
        self.customer_email = customer_email
        self._status = Order.Status.NEW
        self.lines: List[OrderLine] = [self.__coerce_line(l) for l in (lines or [])]

    @property
    def status(self):
        """Current lifecycle status."""
        return self._status

    @status.setter
    def status(self, value):
        if value not in Order.Status.ALL:
            raise ValueError("unknown status %r" % value)
        self._status = value

    @property
    def total(self):
        """"""
        return sum((line.subtotal for line in self.lines), Decimal("0"))

    def is_open(self): "True while the order can still be changed."; return self._status == Order.Status.NEW

    def cancel(self, reason=None):
        """   """
        if self._status == Order.Status.SHIPPED:
            raise ValueError("cannot cancel a shipped order")
        self.status = Order.Status.CANCELLED
        self.cancel_reason = reason

    def to_dict(self):
        f"Serialise {self.reference} for the API."
        return {
            "reference": self.reference,
            "customer_email": self.customer_email,
            "status": self._status,
            "total": str(self.total),
            "lines": [vars(l) for l in self.lines],
        }

    def to_record(self):
        b"Build the SQLAlchemy row for this order."
        return OrderRecord(
            reference=self.reference,
            customer_email=self.customer_email,
            status=self._status,
            total=self.total,
        )

    def __coerce_line(self, line):
        if isinstance(line, OrderLine):
            return line
        return OrderLine(line["sku"], line["quantity"], line["unit_price"])

    def _validate_email(self):
        return "@" in self.customer_email


@typing.overload
def find_line(order: Order, key: int) -> OrderLine: ...
@typing.overload
def find_line(order: Order, key: str) -> Optional[OrderLine]: ...
def find_line(order, key):
    """Look up a line by index or by SKU."""
    if isinstance(key, int):
        return order.lines[key]
    for line in order.lines:
        if line.sku == key:
            return line
    return None


@overload
def to_money(value: str) -> Decimal: ...
@overload
def to_money(value: float) -> Decimal: ...
def to_money(value: Union[str, float]) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))
