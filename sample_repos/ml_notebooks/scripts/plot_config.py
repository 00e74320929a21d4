"""Shared matplotlib settings for the plotting scripts: imported, never run."""
import matplotlib

matplotlib.use("Agg")
STYLE = "seaborn-v0_8"
