"""Which warehouse ships an order.

Nothing to do with URL routing: this is the fulfilment rule book.
"""

# postcode area prefixes each warehouse serves first
_SERVES = {
    "LON": ("E", "EC", "N", "NW", "SE", "SW", "W", "WC"),
    "MAN": ("M", "L", "LS", "S", "B"),
    "EDI": ("EH", "G", "AB", "DD"),
}

_STRATEGIES = {}


def strategy(name):
    def register(func):
        _STRATEGIES[name] = func
        return func

    return register


@strategy("nearest")
def _nearest(order, warehouses):
    postcode = getattr(order.customer, "postcode", "") or ""
    for code in warehouses:
        if postcode.upper().startswith(_SERVES.get(code, ())):
            return code
    return None


@strategy("first")
def _first(order, warehouses):
    return warehouses[0] if warehouses else None


def route(order, warehouses, how="nearest"):
    """Return the warehouse code for `order`, trying `how` then the first one."""
    for name in (how, "first"):
        code = _STRATEGIES[name](order, warehouses)
        if code:
            return code
    raise LookupError("no warehouse for order %s" % order.reference)
