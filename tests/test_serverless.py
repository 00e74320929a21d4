"""Lambda handlers from serverless.yml and SAM/CloudFormation templates, read as YAML text."""

from __future__ import annotations

import json

from onboard.model.run_files import RunCommand
from onboard.model.serverless import handler_files, load_yaml, serverless_handlers

SERVERLESS_YML = """\
service: users-api
frameworkVersion: '3'

provider:
  name: aws
  runtime: python3.11
  region: ${opt:region, 'eu-west-1'}

custom:
  defaults: &defaults
    timeout: 30

functions:
  getUser:
    handler: src/handlers/users.get
    events:
      - http:
          path: users/{id}
          method: get
      - http: POST /users
  nightly:
    handler: jobs.cleanup.run
    <<: *defaults
    events:
      - schedule: rate(5 minutes)
      - schedule:
          rate:
            - cron(0 3 * * ? *)
  worker:
    handler: src/worker.handle
    events:
      - sqs:
          arn: arn:aws:sqs:eu-west-1:123456789012:orders
  container:
    image: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:latest
  thumbnails:
    runtime: nodejs18.x
    handler: index.handler
  evil:
    handler: !!python/object/apply:os.system ["echo owned"]
"""

TEMPLATE_YAML = """\
AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Description: users service

Globals:
  Function:
    Timeout: 10
    Runtime: python3.12
    CodeUri: src/
    Handler: app.lambda_handler

Resources:
  UsersFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: users/
      Handler: app.handler
      Environment:
        Variables:
          TABLE: !Ref UsersTable
      Events:
        GetUsers:
          Type: Api
          Properties:
            Path: /users
            Method: get
        Queue:
          Type: SQS
          Properties:
            Queue: !GetAtt Queue.Arn
  DefaultFunction:
    Type: AWS::Serverless::Function
    Properties:
      Description: !Sub "${AWS::StackName} default"
      Events:
        Nightly:
          Type: Schedule
          Properties:
            Schedule: rate(1 day)
  ImageFunction:
    Type: AWS::Serverless::Function
    Properties:
      PackageType: Image
      Handler: !If [IsProd, app.prod, app.dev]
  Raw:
    Type: AWS::Lambda::Function
    Properties:
      Handler: index.main
      Runtime: python3.12
      Code: lambda/
      Role: !GetAtt Role.Arn
  FromS3:
    Type: AWS::Lambda::Function
    Properties:
      Handler: handler.main
      Code:
        S3Bucket: !Ref Bucket
        S3Key: code.zip
  UsersTable:
    Type: AWS::DynamoDB::Table
Outputs:
  Api:
    Value: !Sub "https://${ServerlessRestApi}.execute-api.${AWS::Region}.amazonaws.com/"
"""


def handlers(root) -> tuple[list[tuple[str, str, str, int]], tuple]:
    found, problems = serverless_handlers(str(root))
    assert all(isinstance(c, RunCommand) and c.kind == "lambda_handler" for c in found)
    return [(c.path, c.name, c.command, c.line) for c in found], problems


def test_serverless_functions(tmp_path):
    (tmp_path / "serverless.yml").write_text(SERVERLESS_YML)
    assert handlers(tmp_path) == ([
        ("serverless.yml", "getUser", "src/handlers/users.get  # http get users/{id}, http POST /users", 15),
        ("serverless.yml", "nightly", "jobs.cleanup.run  # schedule rate(5 minutes), schedule cron(0 3 * * ? *)", 22),
        ("serverless.yml", "worker", "src/worker.handle  # sqs", 30),
    ], ())


def test_sam_template_with_globals_and_intrinsic_tags(tmp_path):
    (tmp_path / "template.yaml").write_text(TEMPLATE_YAML)
    assert handlers(tmp_path) == ([
        ("template.yaml", "UsersFunction", "users/app.handler  # api get /users, sqs", 17),
        ("template.yaml", "DefaultFunction", "src/app.lambda_handler  # schedule rate(1 day)", 31),  # Globals: the resource's line
        ("template.yaml", "Raw", "lambda/index.main", 48),
        ("template.yaml", "FromS3", "handler.main", 55),
    ], ())


def test_cloudformation_json_template(tmp_path):
    template = {"Resources": {"Fn": {"Type": "AWS::Lambda::Function", "Properties": {"Runtime": "python3.12", "Handler": "api.app.main", "Code": "./build/"}}}}
    (tmp_path / "template.json").write_text(json.dumps(template, indent="\t"))
    assert handlers(tmp_path) == ([("template.json", "Fn", "build/api.app.main", 7)], ())


def test_a_billion_laughs_stays_small(tmp_path):
    bomb = ['lol0: &lol0 ["lol"]'] + [f"lol{i}: &lol{i} [" + ", ".join([f"*lol{i - 1}"] * 10) + "]" for i in range(1, 10)]
    (tmp_path / "serverless.yml").write_text("\n".join(bomb) + "\nfunctions:\n  boom:\n    handler: app.main\n    events: *lol9\n")
    assert handlers(tmp_path) == ([("serverless.yml", "boom", "app.main", 13)], ())
    assert load_yaml("\n".join(bomb))["lol9"][0][0][0][0][0][0][0][0][0] == ["lol"]  # shared, not copied


def test_problems_are_values(tmp_path):
    (tmp_path / "serverless.yml").write_text("functions:\n  a:\n    handler: x.y\n  - broken\n")
    (tmp_path / "serverless.yaml").write_bytes(b"functions:\n  \xff\xfe: \x80\n")
    (tmp_path / "template.yml").write_text("{% if prod %}\nname: [unclosed\n")  # not CloudFormation: not ours to report
    (tmp_path / "template.yaml").write_text("Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties: [\n")
    found, problems = handlers(tmp_path)
    assert found == []
    assert [(path, line) for path, line, _ in problems] == [("serverless.yaml", None), ("serverless.yml", 4), ("template.yaml", 5)]
    assert problems[0][2] == "not UTF-8 text; not read" and problems[1][2].startswith("not valid YAML: ")


def test_a_symlink_out_of_the_root_is_reported_not_read(tmp_path):
    (tmp_path / "elsewhere.yml").write_text("functions:\n  a:\n    handler: secret.main\n")
    (tmp_path / "repo").mkdir()
    (tmp_path / "repo" / "serverless.yml").symlink_to(tmp_path / "elsewhere.yml")
    found, problems = handlers(tmp_path / "repo")
    assert found == [] and [(p, line) for p, line, _ in problems] == [("serverless.yml", None)]
    assert "symbolic link" in problems[0][2]
    assert serverless_handlers(str(tmp_path / "missing")) == ((), ())


def test_handler_files():
    assert handler_files("src/handlers/users.get") == (("src/handlers/users.py", "src/handlers/users/__init__.py"), "get")
    assert handler_files("app.handler") == (("app.py", "app/__init__.py"), "handler")
    assert handler_files("jobs.cleanup.run  # schedule rate(5 minutes)") == (("jobs/cleanup.py", "jobs/cleanup/__init__.py"), "run")
    assert handler_files("./lambda/index.main") == (("lambda/index.py", "lambda/index/__init__.py"), "main")
    assert handler_files("../outside.main") == ((), "main")
    assert handler_files("nodot") == ((), "")
    assert handler_files("") == ((), "")


def test_load_yaml_builds_plain_data_only():
    assert load_yaml("a: !Ref Bucket\nb: !GetAtt [Fn, Arn]\nc: !If {x: 1}\nd: !Sub '${X}'\n") == {"a": "Bucket", "b": ["Fn", "Arn"], "c": {"x": 1}, "d": "${X}"}
    assert load_yaml('x: !!python/object/apply:os.system ["echo owned"]') is None
    assert load_yaml("a: [unclosed") is None
    assert load_yaml("[" * 100_000) is None


def test_excluded_folders_are_not_read(tmp_path):
    (tmp_path / "fixtures" / "svc").mkdir(parents=True)
    (tmp_path / "fixtures" / "svc" / "serverless.yml").write_text("functions:\n  a:\n    handler: h.run\n")
    assert [c.name for c in serverless_handlers(str(tmp_path))[0]] == ["a"]
    assert serverless_handlers(str(tmp_path), ("fixtures",))[0] == ()


def test_pyyaml_is_imported_only_by_a_run_that_reads_yaml(tmp_path):
    """Its import costs about 10 ms and most runs read no YAML file: the pipeline does not import
    it up front, and the readers still find what a YAML file declares."""
    import subprocess
    import sys

    (tmp_path / "serverless.yml").write_text("provider:\n  runtime: python3.12\nfunctions:\n  hello:\n    handler: app.main\n")
    script = ("import sys\nimport onboard.cli, onboard.pipeline\nassert 'yaml' not in sys.modules\n"
              "from onboard.model.serverless import serverless_handlers\n"
              "print([c.command for c in serverless_handlers(sys.argv[1])[0]], 'yaml' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["['app.main']", "True"]
