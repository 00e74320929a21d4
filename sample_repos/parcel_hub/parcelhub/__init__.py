"""parcel-hub: parcel registration and dispatch."""
