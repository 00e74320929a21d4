def by_plan(frame):
    return frame.groupby("plan")


def by_region(frame):
    """Customers grouped by region."""
    return frame.groupby("region")
