"""``python -m platform_api`` is the same as ``platform-admin``."""
from platform_api.cli import cli

cli(prog_name="platform-admin")
