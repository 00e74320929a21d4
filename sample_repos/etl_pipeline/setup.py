#!/usr/bin/env python
# -*- coding: utf-8 -*-
import io
import os

from setuptools import find_packages, setup

here = os.path.abspath(os.path.dirname(__file__))

with io.open(os.path.join(here, "README.rst"), encoding="utf-8") as f:
    long_description = f.read()

setup(
    name="nightly-etl",
    version="0.9.4",
    description="Nightly extract/transform/load jobs for the analytics warehouse",
    long_description=long_description,
    author="Data Engineering",
    author_email="data-eng@example.com",
    url="https://git.example.com/data/nightly-etl",
    license="Proprietary",
    packages=find_packages(exclude=["tests"]),
    include_package_data=True,
    install_requires=[
        "pandas>=0.18,<0.25",
        "sqlalchemy>=1.0",
        "psycopg2>=2.6",
        "google-cloud-bigquery>=0.22",
        "google-cloud-storage>=0.22",
        "paramiko>=1.16",
        "six",
    ],
    extras_require={
        "test": ["pytest", "mock"],
        "archive": ["boto3", "tornado"],
    },
    scripts=["bin/run-nightly"],
    entry_points="""
[console_scripts]
etl-run = etl.runner:main
etl-archive = etl.archive.admin_cli:cli

[gui_scripts]
etl-monitor = etl.monitor:main
""",
    python_requires=">=2.7",
    zip_safe=False,
    classifiers=[
        "Programming Language :: Python :: 2.7",
        "Programming Language :: Python :: 3.5",
        "Private :: Do Not Upload",
    ],
)
