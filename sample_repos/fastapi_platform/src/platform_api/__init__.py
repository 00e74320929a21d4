"""Platform API: users and items service with admin tooling."""

__version__ = "0.9.0"
