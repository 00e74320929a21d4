"""Parcel endpoints: register a parcel, dispatch it, health."""
from flask import Blueprint, jsonify, request

from parcelhub.services.parcels import register_parcel
from parcelhub.tasks import dispatch_parcel

bp = Blueprint("parcels", __name__)


@bp.route("/parcels/", methods=["POST"])
def create_parcel():
    """Register a parcel and store its label."""
    reference = register_parcel(request.get_json())
    return jsonify(reference=reference), 201


@bp.route("/parcels/<reference>/dispatch", methods=["POST"])
def dispatch(reference):
    """Queue the parcel for dispatch to its carrier."""
    dispatch_parcel.delay(reference)
    return jsonify(queued=reference), 202


@bp.route("/health")
def health():
    return jsonify(ok=True)
