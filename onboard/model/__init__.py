"""The model stage: the repository as modules, packages, scopes and packaging metadata."""
