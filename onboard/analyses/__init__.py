"""Analyses: pure functions over the repository model that return sorted, plain results."""
