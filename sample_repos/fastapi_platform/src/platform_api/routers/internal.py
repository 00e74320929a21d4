"""Endpoints for other services inside the VPC (search indexer, dashboards)."""
from fastapi import APIRouter, BackgroundTasks

from platform_api.clients.search import SearchClient
from platform_api.config import settings

router = APIRouter(prefix="/internal", tags=["internal"], include_in_schema=False)
search = SearchClient(settings.SEARCH_URL)


@router.get("/search-health")
def search_health():
    return search.get("/_cluster/health")


@router.post("/reindex", status_code=202)
def reindex(background: BackgroundTasks):
    """Rebuild the items index in the background."""
    background.add_task(search.reindex, "items")
    return {"accepted": True}
