from click.testing import CliRunner

from platform_api.cli import cli


def test_help_lists_groups():
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    assert "db" in result.output and "export" in result.output


def test_db_help_lists_seed_data():
    result = CliRunner().invoke(cli, ["db", "--help"])
    assert "seed-data" in result.output
