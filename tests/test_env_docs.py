"""Which names a repository's prose pages document as environment variables (pages written to a
temporary repository, the whole analysis run on it)."""

from __future__ import annotations

import textwrap

from onboard.config import merge
from onboard.model.prose_env import prose_env
from onboard.pipeline import analyse
from onboard.settings import build


def env_report(tmp_path, files: dict[str, str]):
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(textwrap.dedent(text))
    return analyse(str(tmp_path), build(merge({}, {}), None)).env


CODE = {"app/__init__.py": '"""The app."""\nimport os\n\nLEVEL = os.getenv("APP_LOG_LEVEL", "INFO")\nSECRET = os.environ["APP_SECRET"]\n'}


def test_settings_pages_and_code_words_are_not_variables(tmp_path):
    env = env_report(tmp_path, {**CODE, "docs/account/configuration.rst": """\
        Configuration
        =============

        Available settings:

        ``ACCOUNT_ADAPTER`` (default: ``"allauth.account.adapter.DefaultAccountAdapter"``)
          Specifies the adapter class to use, allowing you to alter certain
          default behaviour. Set ``ACCOUNT_EMAIL_REQUIRED=False`` to allow empty addresses.

        Whitespace is an implicit ``AND``; use ``OR`` for either, and ``GET`` or ``POST`` requests.
        Set ``APP_LOG_LEVEL`` to ``DEBUG`` for more output.
        """})
    assert env.documented_unread == ()
    by_name = {v.name: v for v in env.variables}
    # a name the code reads is documented by any mention in code form
    assert by_name["APP_LOG_LEVEL"].documented_in == ("docs/account/configuration.rst",)
    assert by_name["APP_SECRET"].documented_in == ()


def test_a_table_under_an_environment_variables_heading_documents_variables(tmp_path):
    env = env_report(tmp_path, {**CODE, "docs/deploy.md": """\
        # Deploying

        ## Environment variables

        | Name | Meaning |
        | --- | --- |
        | `DATABASE_URL` | where the data lives |
        | `PORT` | the port to listen on, `HTTP` only |
        | `APP_` | the prefix of every other setting |

        ### Database

        Use `DATABASE_POOL_SIZE` connections.

        ## Settings

        `SOME_DJANGO_SETTING` is a setting, not a variable.
        """})
    # the subsection stays in the section; a prefix, a single word and the next section do not count
    assert env.documented_unread == (("DATABASE_POOL_SIZE", ("docs/deploy.md",)), ("DATABASE_URL", ("docs/deploy.md",)))


def test_the_way_a_name_is_written_declares_it(tmp_path):
    env = env_report(tmp_path, {**CODE, "docs/usage.rst": """\
        Usage
        -----

        Run it::

            $ export WORKER_COUNT=4
            CACHE_DIR=/var/cache/app app serve
            docker run -e QUEUE_NAME=jobs app

        The cache lives in ``$XDG_CACHE_HOME/app``; in settings, ``os.environ.get("SENTRY_DSN")``.

        .. envvar:: APP_HOME

           Where the app keeps its files.

        The proxy follows :envvar:`HTTPS_PROXY`.
        """})
    assert [name for name, _ in env.documented_unread] == [
        "APP_HOME", "CACHE_DIR", "HTTPS_PROXY", "QUEUE_NAME", "SENTRY_DSN", "WORKER_COUNT", "XDG_CACHE_HOME"]


def test_a_paragraph_that_says_environment_variable_and_the_list_it_introduces(tmp_path):
    env = env_report(tmp_path, {**CODE, "docs/auth.md": """\
        Options can be passed through environment variables: set `FLOWER_BASIC_AUTH` to `foo:bar`.
        All options are prefixed with `FLOWER_`.

        The following environment variables are optional:

        - `OAUTH_DOMAIN` sets the domain,
          for example `example.com`.

        - `OAUTH_GROUPS` restricts the groups.

        An unrelated paragraph names `UNRELATED_SETTING`.
        """})
    assert [name for name, _ in env.documented_unread] == ["FLOWER_BASIC_AUTH", "OAUTH_DOMAIN", "OAUTH_GROUPS"]


def test_readmes_document_read_variables_but_list_none_as_unread(tmp_path):
    env = env_report(tmp_path, {**CODE, "README.md": "```bash\nexport APP_SECRET=x\nexport FLASK_APP=app\n```\n",
                                "docs/README.md": "Set the `HTTP_PROXY` environment variable.\n"})
    assert env.documented_unread == ()
    assert {v.name: v.documented_in for v in env.variables}["APP_SECRET"] == ("README.md",)


def test_code_fences_and_rst_titles_do_not_confuse_the_sections():
    page = textwrap.dedent("""\
        Environment variables
        ~~~~~~~~~~~~~~~~~~~~~

        ```bash
        # the settings below
        ```

        | `INSIDE_SECTION` | still in the section: the comment in the fence is not a heading |

        Other
        ~~~~~

        `OUTSIDE_SECTION` is not.
        """)
    mentioned, declared = prose_env(page)
    assert declared == {"INSIDE_SECTION"} and mentioned == {"INSIDE_SECTION", "OUTSIDE_SECTION"}


def test_what_precedes_a_name_on_a_long_line_is_read_near_it():
    # `NAME=` sets a variable at the start of a line or after `&&`, `;`, `env`, `-e`; only the
    # few hundred characters before it are looked at, so a megabyte-long line stays cheap
    long = "x" * 5000
    _, declared = prose_env(f"{long} && API_TOKEN=1 run\n{long} SOME_SETTING=2\n   $ DEBUG_LEVEL=3 run\n")
    assert declared == {"API_TOKEN", "DEBUG_LEVEL"}
    mentioned, declared = prose_env("xFOO_BAR=1 and `QUOTED_NAME` and ${BRACED_NAME}\n")
    assert mentioned == {"QUOTED_NAME", "BRACED_NAME"} and declared == {"BRACED_NAME"}


def test_environment_variable_is_recognised_in_any_case_at_a_word_start_only():
    # the words are matched in lower-cased text and must start a word: "ENV VARS", "Envvar" say
    # so; "devenv var" and "prevenv_var" do not
    for heading, says in (("ENV VARS", True), ("Envvar list", True), ("Environment Variables", True),
                          ("devenv var", False), ("prevenv_var list", False)):
        _, declared = prose_env(f"{heading}\n{'=' * len(heading)}\n\n| `SOME_NAME` | a value |\n")
        assert (declared == {"SOME_NAME"}) is says, heading
