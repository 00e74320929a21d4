import uuid

from flask import Blueprint, abort, jsonify, request

from orderdesk import storage
from orderdesk.db import session_scope
from orderdesk.models import Order, OrderRecord

bp = Blueprint("orders", __name__)


def _new_reference():
    return uuid.uuid4().hex[:12].upper()


@bp.route("/", methods=["POST"])
def create_order():
    """Accept a new order from the storefront.

    Returns 201 with the order reference, or 409 if the same
    ``Idempotency-Key`` header was already seen.
    """
    payload = request.get_json(force=True)
    idem = request.headers.get("Idempotency-Key")
    if idem and not storage.claim_idempotency_key(idem):
        abort(409)

    order = Order(_new_reference(), payload["email"], payload.get("lines", []))
    storage.archive_payload(order.reference, payload)
    with session_scope() as session:
        session.add(order.to_record())

    from orderdesk.tasks import fulfil_order

    fulfil_order.delay(order.reference)
    return jsonify(reference=order.reference, total=str(order.total)), 201


@bp.route("/<reference>", methods=["GET"])
def get_order(reference):
    with session_scope() as session:
        record = session.query(OrderRecord).filter_by(reference=reference).one_or_none()
        if record is None:
            abort(404)
        return jsonify(reference=record.reference, status=record.status, total=str(record.total))


@bp.route("/<reference>/cancel", methods=["POST"])
def cancel_order(reference):
    with session_scope() as session:
        record = session.query(OrderRecord).filter_by(reference=reference).one_or_none()
        if record is None:
            abort(404)
        if record.status == "shipped":
            return jsonify(error="already shipped"), 422
        record.status = "cancelled"
    return "", 204
