"""The Markdown first screen: what it is, how to run it, what it touches, where to start reading,
in about 25 lines under the title; every line is detailed further down the guide."""

from __future__ import annotations

from onboard.analyses.first_screen import FirstScreen, Way
from onboard.report.mdtable import where
from onboard.report.text import category, md, md_code


def _way(way: Way) -> str:
    runs = f", runs {md_code(way.runs)}" if way.runs and way.kind != "library" else f": {md(way.runs)}" if way.runs else ""
    plural = way.kind + ("es" if way.kind.endswith("s") else "s")
    many = f" (one of {way.of_its_kind} {md(plural)})" if way.of_its_kind > 1 and way.kind != "library" else ""
    at = f" ({where(way.path, way.line)})" if way.path else ""
    return f"1. {md_code(way.command)}: {md(way.kind)}{runs}{many}{at}"


_NAMES = {"scripts": "collection of scripts", "ML research": "ML research repository", "monorepo": "monorepo of several projects"}


def _a(kind: str) -> str:
    """`a web service`, `an application`, `an ML research repository`, in bold."""
    name = _NAMES.get(kind, kind)
    return ("an" if name[:1].lower() in "aeio" or name.startswith("ML") else "a") + f" **{md(name)}**"


def first_screen(screen: FirstScreen | None) -> list[str]:
    """The lines of the first screen, a rule after them; nothing when there is no screen."""
    if screen is None:
        return []
    kind = _a(screen.kind) + (f" ({md('; '.join(screen.evidence))})" if screen.evidence else "")
    what = f"{md(screen.what)}{'' if screen.what[-1:] in '.!?…' else '.'} " if screen.what else ""
    out = [f"**What it is**: {what}{kind[0].upper()}{kind[1:]}." if what else f"**What it is**: {kind}.", ""]
    if screen.ways:
        out += ["**How to run it**:", ""] + [_way(w) for w in screen.ways] + [""]
    if screen.touches:
        out += ["**What it touches**:", ""]
        out += [f"- {md(category(t.category))}: {md_code(t.label)}" + (f", configured by {', '.join(md_code(v) for v in t.variables)}" if t.variables else "")
                + (" (only in optional integrations)" if t.optional else "") for t in screen.touches]
        if screen.services > len(screen.touches):
            out.append(f"- and {screen.services - len(screen.touches)} more under [What it touches](#what-it-touches)")
        out.append("")
    if screen.reading:
        out += ["**Where to start reading**:", ""] + [f"1. {md_code(module)}: {md(why)}" for module, why in screen.reading] + [""]
    return out + ["---", ""]
