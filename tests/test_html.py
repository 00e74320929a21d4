"""The HTML guide (`--format html`): one self-contained page, the Markdown guide's sections in the
same order, nothing from the repository able to add a tag, an attribute, a link or a script, and
the same bytes on every run. `hostile_guide_repo` is shared with the browser test."""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser

from click.testing import CliRunner

from conftest import SAMPLES
from onboard.cli import main

BASE = "https://git.example.com/org/repo/blob/main/"
PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "</script><script>document.title='pwned'</script>",
    "# A heading from a docstring",
    "```html",
    "{{ 7*7 }} ${7*7} <% 7*7 %>",
    '<a href="javascript:alert(1)">click</a> &amp; &lt;',
    "<svg onload=alert(1)><style>*{display:none}</style>",
    "![x](https://evil.example/pixel.png)",
]
# what onboard itself writes: the page skeleton, Markdown's output, the SVG diagram
ALLOWED_TAGS = {"html", "head", "meta", "title", "style", "body", "main", "nav", "h1", "h2", "h3", "hr", "p", "ul", "ol", "li",
                "blockquote", "strong", "em", "code", "pre", "a", "div", "table", "thead", "tbody", "tr", "th", "td",
                "details", "summary", "sub", "figure", "svg", "defs", "marker", "path", "g", "rect", "text"}
ALLOWED_ATTRS = {"charset", "http-equiv", "content", "name", "lang", "id", "class", "href", "start", "xmlns", "role",
                 "aria-label", "width", "height", "viewbox", "refx", "refy", "markerunits", "markerwidth", "markerheight",
                 "orient", "d", "marker-end", "x", "y", "rx"}


def hostile_guide_repo(root):
    """A small package whose every name, docstring, README line and metadata field is hostile."""
    (root / "evil").mkdir(parents=True)
    modules = [f"m{i}" for i in range(len(PAYLOADS))]
    for name, payload in zip(modules, PAYLOADS):
        body = f'"""{payload}\n\n# Heading\n```\nfence\n```\n"""\n\n\ndef run():\n    """{payload}"""\n'
        (root / "evil" / f"{name}.py").write_text(body, encoding="utf-8")
    (root / "evil" / "__init__.py").write_text('"""<script>alert("init")</script>"""\n')
    (root / "evil" / "__main__.py").write_text(
        "import os\n" + "".join(f"from evil import {m}\n" for m in modules)
        + "X = os.environ['<script>alert(2)</script>']\n")
    (root / "broken <img src=x onerror=alert(3)>.py").write_text("def (:\n")
    (root / "pyproject.toml").write_text(
        '[project]\nname = "evil<script>alert(4)</script>"\nversion = "1<img src=x onerror=alert(5)>"\n'
        'description = "[x](javascript:alert(6)) </script>"\n'
        '[project.scripts]\n"<img src=x onerror=alert(7)>" = "evil.m0:run"\n', encoding="utf-8")
    (root / "README.md").write_text("# Title\n\n<script>alert(8)</script> {{ 7*7 }} [x](javascript:alert(9))\n", encoding="utf-8")
    return root


class Tags(HTMLParser):
    """Every start tag with its attributes, and the text of `<style>`."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.style = ""
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.style += data


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def page(repo, out, *extra) -> str:
    result = run(repo, "-o", out, "-f", "html", "-f", "markdown", "--no-cache", *extra)
    assert result.exit_code == 0, result.output
    return (out / "onboard.html").read_text(encoding="utf-8")


def test_hostile_text_adds_no_tag_attribute_link_or_script(tmp_path):
    repo = hostile_guide_repo(tmp_path / "repo")
    text = page(repo, tmp_path / "out", "--source-url", BASE)
    assert "<script" not in text.lower() and "<img" not in text.lower() and "<svg onload" not in text.lower()
    parser = Tags()
    parser.feed(text)
    for tag, attrs in parser.tags:
        assert tag in ALLOWED_TAGS, tag
        assert set(attrs) <= ALLOWED_ATTRS, (tag, attrs)
        assert not any(k.startswith("on") for k in attrs)
        if "href" in attrs:
            assert attrs["href"].startswith(("#", BASE)), attrs["href"]
    assert sum(tag == "h1" for tag, _ in parser.tags) == 1  # a docstring's "# heading" is not one
    assert sum(tag == "style" for tag, _ in parser.tags) == 1
    assert "{{ 7*7 }}" in text and not re.search(r"\b49\b", text.split("</style>")[1])  # shown as text, never evaluated
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text  # shown, escaped
    assert 'href="javascript' not in text.lower()


def test_policy_forbids_scripts_and_allows_only_the_hashed_stylesheet(tmp_path):
    text = page(SAMPLES / "flask_service", tmp_path)
    parser = Tags()
    parser.feed(text)
    policy = next(a["content"] for t, a in parser.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["default-src"] == "'none'" and directives["script-src"] == "'none'"
    digest = base64.b64encode(hashlib.sha256(parser.style.encode("utf-8")).digest()).decode()
    assert directives["style-src"] == f"'sha256-{digest}'"
    assert not re.search(r"\s(src|srcset|style|on\w+)=", text)  # nothing fetched, no inline style attributes
    assert not re.search(r"href=\"(?!#)", text)  # without --source-url, only links within the page


def test_same_sections_in_the_same_order_as_the_markdown(tmp_path):
    text = page(SAMPLES / "flask_service", tmp_path)
    markdown = (tmp_path / "onboard.md").read_text(encoding="utf-8")
    md_headings = re.findall(r"^##+ (.+)$", markdown, re.M)
    html_headings = [re.sub(r"<[^>]+>", "", h) for h in re.findall(r"<h[23] id=\"[^\"]+\">(.+?)</h[23]>", text)]
    assert html_headings == [h.replace("`", "") for h in md_headings]
    for anchor in re.findall(r'<a href="#([^"]+)"', text):  # the contents line's links all land
        assert f'id="{anchor}"' in text
    assert text.count("<svg") == 1 and "```mermaid" not in text and "flowchart" not in text


def test_source_url_links_in_the_page(tmp_path):
    text = page(SAMPLES / "flask_service", tmp_path, "--source-url", BASE)
    assert f'<a href="{BASE}src/orderdesk/cli.py#L42"><code>src/orderdesk/cli.py:42</code></a>' in text


def test_byte_identical_across_runs(tmp_path):
    repo = hostile_guide_repo(tmp_path / "repo")
    first = page(repo, tmp_path / "a")
    second = page(repo, tmp_path / "b")
    assert first == second
