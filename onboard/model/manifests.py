"""Kubernetes manifests and Helm templates: what each container of a workload runs.

What it finds: in the YAML files discovery walked (compose files aside), every document whose
`kind` is a workload (`knowledge.WORKLOAD_POD_SPECS`: Deployment, StatefulSet, DaemonSet,
ReplicaSet, Job, CronJob, Pod) and, in its pod template, each container's `command:` and `args:`,
joined as the container runs them. Each is a `RunCommand` of kind "container" named
"<Kind> <container name>", at the line of its `command:` (else `args:`) key.

Helm templates are not YAML. A line that is only a template action (`{{- if .Values.x }}`,
`{{- include "labels" . | nindent 4 }}`), or lies inside a multi-line one, is blanked, and every
other `{{ ... }}` is replaced by a placeholder, so the rest parses with its line numbers; the
placeholders are shown as written in the command. A command made of template text only
(`command: {{ toYaml .Values.command }}`) says nothing and is left out, and a file the safe
loader still rejects is skipped.

Limits: files over 1 MiB, and files that do not mention `containers:` and `command:` or
`args:`, are not parsed; the YAML is composed (nodes with their lines), never constructed into
objects, and only the few keys above are followed; init containers are setup, not the way the
workload runs, and are left out.
"""

from __future__ import annotations

import os
import re

from onboard.fs import Unreadable, read_regular
from onboard.knowledge import WORKLOAD_POD_SPECS
from onboard.model.run_files import RunCommand, joined_words

_LIMIT = 1024 * 1024
_ACTION = re.compile(r"\{\{.*?\}\}")
_PLACEHOLDER = re.compile(r"onboardtpl(\d+)x")


def _untemplated(text: str) -> tuple[str, list[str]]:
    """The text with Helm's template actions out of the way, same lines, and the actions replaced inline."""
    out, actions, inside = [], [], False
    for line in text.splitlines():
        if inside or (line.strip().startswith("{{") and _ACTION.sub("", line).strip() == ""):
            inside = inside and "}}" not in line
            out.append("")
            continue
        if "{{" in _ACTION.sub("", line):  # an action that goes on over the next lines
            inside = True
            out.append("")
            continue

        def placeholder(match: re.Match) -> str:
            actions.append(match.group(0))
            return f"onboardtpl{len(actions) - 1}x"

        out.append(_ACTION.sub(placeholder, line))
    return "\n".join(out), actions


def _mapping(node) -> dict:
    """A mapping node's scalar keys -> (key node, value node); {} for anything else."""
    import yaml

    if not isinstance(node, yaml.MappingNode):
        return {}
    return {k.value: (k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode) and isinstance(k.value, str)}


def _words(node) -> list[str] | None:
    """A command or args value as words: a list of scalars, or one scalar; None for anything else.
    A word written over several lines (a `|` script for `sh -c`) is shown on one, as compose's are."""
    import yaml

    if isinstance(node, yaml.ScalarNode):
        nodes = [node]
    elif isinstance(node, yaml.SequenceNode) and all(isinstance(n, yaml.ScalarNode) for n in node.value):
        nodes = node.value
    else:
        return None
    return [" ".join(line.strip() for line in str(n.value).splitlines() if line.strip()) for n in nodes]


def _containers(document) -> tuple[str, list]:
    """The workload's kind and its containers' mapping nodes."""
    import yaml

    top = _mapping(document)
    kind = top.get("kind", (None, None))[1]
    kind = kind.value if isinstance(kind, yaml.ScalarNode) else None
    path = WORKLOAD_POD_SPECS.get(kind) if isinstance(kind, str) else None
    node = document if path is not None else None
    for key in path or ():
        node = _mapping(node).get(key, (None, None))[1]
    containers = _mapping(node).get("containers", (None, None))[1]
    return kind or "", containers.value if isinstance(containers, yaml.SequenceNode) else []


def _command(rel: str, kind: str, container, actions: list[str]) -> RunCommand | None:
    import yaml

    fields = _mapping(container)
    words, line = [], None
    for key in ("command", "args"):
        if key in fields:
            found = _words(fields[key][1])
            if found is None:
                return None
            words += found
            line = line or fields[key][0].start_mark.line + 1
    if not words or not "".join(_PLACEHOLDER.sub("", w) for w in words).strip():
        return None  # nothing, or only template text
    restore = lambda text: _PLACEHOLDER.sub(lambda m: actions[int(m.group(1))] if int(m.group(1)) < len(actions) else m.group(0), text)
    name_node = fields.get("name", (None, None))[1]
    name = restore(str(name_node.value)) if isinstance(name_node, yaml.ScalarNode) else ""
    return RunCommand("container", f"{kind} {name}".strip(), joined_words([restore(w) for w in words])[:300], rel, line)


def manifest_commands(root: str, files: tuple[str, ...] | list[str]) -> tuple[RunCommand, ...]:
    """The container commands of the Kubernetes workloads among `files` (repo-relative YAML
    paths; compose files among them are skipped by what they hold), sorted by file and line."""
    import yaml  # in each function that needs it, not above: a run without a manifest does not pay its 10 ms import

    root = os.path.realpath(root)
    found = []
    for rel in files:
        if not rel.lower().endswith((".yaml", ".yml")):
            continue
        data = read_regular(os.path.join(root, rel), _LIMIT, root)
        if isinstance(data, Unreadable) or b"containers:" not in data or not (b"command:" in data or b"args:" in data):
            continue
        text, actions = _untemplated(data.decode("utf-8", "replace"))
        try:
            documents = list(yaml.compose_all(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)))
        except (yaml.YAMLError, RecursionError, ValueError):
            continue
        for document in documents:
            kind, containers = _containers(document)
            found += [c for c in (_command(rel, kind, container, actions) for container in containers) if c is not None]
    return tuple(sorted(found, key=lambda c: (c.path, c.line or 0, c.name)))
