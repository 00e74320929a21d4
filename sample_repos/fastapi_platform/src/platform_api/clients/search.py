"""A thin client for the search cluster's REST API."""
import httpx


class SearchClient:
    """Talks to the search cluster; one instance per process is enough."""

    def __init__(self, base_url, timeout=5.0):
        self._http = httpx.Client(base_url=base_url, timeout=timeout)

    def get(self, path, **params):
        response = self._http.get(path, params=params)
        response.raise_for_status()
        return response.json()

    def post(self, path, body):
        response = self._http.post(path, json=body)
        response.raise_for_status()
        return response.json()

    def reindex(self, index):
        # the cluster copies into a fresh index and swaps the alias itself
        return self.post("/_reindex", {"source": {"index": index}, "dest": {"index": index + "-new"}})

    def close(self):
        self._http.close()
