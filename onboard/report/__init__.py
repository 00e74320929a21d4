"""Reporters: each formats a `Report` as text and returns it. None computes, writes or exits."""
