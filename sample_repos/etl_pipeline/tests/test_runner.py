import datetime

import mock
import pytest

from etl import runner


def test_parser_requires_date():
    with pytest.raises(SystemExit):
        runner.build_parser().parse_args(["run", "orders"])


def test_parse_run_args():
    args = runner.build_parser().parse_args(["run", "orders", "--date", "2016-09-01", "--dry-run"])
    assert args.job == "orders"
    assert args.date == datetime.date(2016, 9, 1)
    assert args.dry_run


def test_list(capsys):
    assert runner.main(["list"]) == 0
    out = capsys.readouterr().out.split()
    assert out == ["orders", "customers", "partners"]


@mock.patch("etl.runner.run_job")
def test_all_runs_every_job(run_job):
    runner.main(["all", "--date", "2016-09-01"])
    assert [c[0][0] for c in run_job.call_args_list] == ["orders", "customers", "partners"]


def test_unknown_job():
    with pytest.raises(ValueError):
        with mock.patch.dict("sys.modules", {"etl.extract.postgres": mock.Mock(),
                                             "etl.extract.gcs": mock.Mock(),
                                             "etl.extract.sftp": mock.Mock(),
                                             "etl.load.bigquery": mock.Mock()}):
            runner.run_job("bogus", datetime.date(2016, 9, 1))
