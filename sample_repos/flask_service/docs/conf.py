# Sphinx configuration for the orderdesk docs.
import os
import sys

sys.path.insert(0, os.path.abspath("../src"))

project = "orderdesk"
copyright = "2021-2023, Fulfilment Platform Team"
author = "Fulfilment Platform Team"
release = "2.3.1"

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.viewcode",
]

templates_path = ["_templates"]
exclude_patterns = ["_build"]
html_theme = "sphinx_rtd_theme"
autodoc_mock_imports = ["boto3", "celery", "redis"]
