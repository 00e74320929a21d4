"""The results of one run, as the reporters receive them: plain values, no behaviour."""

from __future__ import annotations

from onboard.analyses.dependencies import Dependency
from onboard.analyses.diagram import Diagram
from onboard.analyses.doc_priorities import Priority, Wanted
from onboard.analyses.docs import DocsResult
from onboard.analyses.first_screen import FirstScreen
from onboard.analyses.entrypoints import EntryPoint
from onboard.analyses.env_vars import EnvReport
from onboard.analyses.flows import Flow
from onboard.analyses.usage import Usage
from onboard.analyses.reading import ReadingOrder
from onboard.analyses.structure import Structure
from onboard.graph import ImportGraph
from onboard.analyses.kind import Kind
from onboard.analyses.notebooks import Notebooks
from onboard.frozen import record
from onboard.resolve import CallGraph
from onboard.model.metadata import MetadataWarning
from onboard.model.repo import Repo
from onboard.parse.runner import ParseStats

SCHEMA_VERSION = 1


@record
class Report:
    """Everything the reporters show."""

    tool_version: str
    repo: Repo
    docs: DocsResult
    python_files: int
    stub_files: int
    python_lines: int
    graph: ImportGraph
    structure: Structure
    reading: ReadingOrder
    diagram: Diagram
    dependencies: tuple[Dependency, ...] = ()
    env: EnvReport = EnvReport((), ())
    usage: tuple[Usage, ...] = ()
    entry_points: tuple[EntryPoint, ...] = ()
    doc_priorities: tuple[Priority, ...] = ()  # undocumented modules, most met first
    docstrings_wanted: tuple[Wanted, ...] = ()  # entry points whose function has no docstring
    warnings: tuple[MetadataWarning, ...] = ()  # metadata, .gitignore and config problems
    parse_stats: ParseStats | None = None
    calls: CallGraph = CallGraph((), (), ())  # the program model's call graph
    kind: Kind = Kind("library", ())  # what kind of repository this is, with the evidence
    first_screen: FirstScreen | None = None  # the four answers the guide and the summary open with
    flows: tuple[Flow, ...] = ()  # what each way in reaches through the call graph
    notebooks: Notebooks = Notebooks()  # the Jupyter notebooks and what they feed
