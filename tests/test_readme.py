"""The README's first paragraph (issue 21): what a newcomer reads first is prose, never a licence
comment, a centred HTML block of logos and badges, fenced code or a table of contents."""

from __future__ import annotations

import pytest

from onboard.model.readme import first_paragraph, title


@pytest.mark.parametrize("text, expected", [
    # an HTML block: from the tag to the line that closes it, however many lines and blank lines
    ('<div align="center">\n\n<img src="logo.png">\n\nThe logo caption\n\n</div>\n\nGizmo turns spreadsheets into reports.\n',
     "Gizmo turns spreadsheets into reports."),
    ('<p align="center">\n  <img src="logo.png">\n  The best thing ever\n</p>\n\nGizmo turns spreadsheets into reports.\n',
     "Gizmo turns spreadsheets into reports."),
    # a tag never closed ends its block at the next blank line, as CommonMark does
    ("<img src='x.png'>\ncaption\n\nGizmo is a tool.\n", "Gizmo is a tool."),
    # fenced code with its body
    ("```bash\npip install gizmo\n```\n\nGizmo is a tool.\n", "Gizmo is a tool."),
    # a bold line standing alone as a heading, then a table of contents
    ("# Gizmo\n\n**Table of contents**\n\n- [Install](#install)\n- [Use](#use)\n\nGizmo is a tool.\n", "Gizmo is a tool."),
    # a bold tagline of more than a few words is prose, read as plain text: links keep their text
    ("**Gizmo turns spreadsheets into [reports](https://x/r), fast.**\n", "Gizmo turns spreadsheets into reports, fast."),
    ("Use `gizmo run` on my_data_file, *now*. ![logo](l.png)\n", "Use gizmo run on my_data_file, now."),
    # a notice opened by a bold label is passed over; a bold name opening the description is not a notice
    ("**Update Nov 2025** Gizmo has a new cousin, [gadget](https://x).\n\n**Gizmo** turns data into reports.\n",
     "Gizmo turns data into reports."),
    ("__Note:__ moved to GitLab.\n", None),
    # a reStructuredText directive and its indented body
    ("Gizmo\n=====\n\n.. note::\n\n   Not yet stable.\n\nGizmo is a tool.\n", "Gizmo is a tool."),
    # a licence comment, a table
    ("<!-- Copyright 2020 Example Corp.\n     Licensed under Apache -->\n| a | b |\n|---|---|\n\nGizmo is a tool.\n", "Gizmo is a tool."),
    ("<div>\n</div>\n", None),
])
def test_the_first_paragraph_is_prose(text, expected):
    assert first_paragraph(text) == expected


def test_inline_html_inside_prose_is_kept_as_text():
    assert first_paragraph("Gizmo is <b>fast</b>.\n") == "Gizmo is <b>fast</b>."


@pytest.mark.parametrize(("text", "expected"), [
    ("<!-- a notice -->\n[![ci](https://x/badge.svg)](https://x)\n\n# Healthchecks\n\nCron monitoring.\n", "Healthchecks"),
    ("# **Parcel** hub #\n", "Parcel hub"),
    ("Parcel Hub\n==========\n\nRoutes parcels.\n", "Parcel Hub"),
    ("## Only a second-level heading\n\ntext\n", None),
    ("# <img src='logo.png'>\n", None),  # markup left: not a name
    ("# " + "a very long heading " * 5 + "\n", None),
    ("Some prose first.\n\n" + "\n" * 60 + "# Far below\n", None),
])
def test_the_readme_title_is_its_first_level_one_heading(text, expected):
    assert title(text) == expected


def test_a_repository_without_a_packaged_name_takes_its_readme_title(tmp_path):
    from onboard.config import merge
    from onboard.pipeline import analyse
    from onboard.settings import build

    (tmp_path / "README.md").write_text("[![build](https://ci/badge.svg)](https://ci)\n\n# Uptime Watch\n\nWatches cron jobs.\n")
    (tmp_path / "app.py").write_text('import requests\n\nrequests.get("https://example.com")\n')
    report = analyse(str(tmp_path), build(merge({}, {}), None))
    assert report.repo.name == "Uptime Watch"
    from onboard.report.markdown import render

    text = render(report)
    assert text.startswith("# Uptime Watch") and "HTTP APIs" in text and "http_api" not in text.split("## Dependencies")[0]
