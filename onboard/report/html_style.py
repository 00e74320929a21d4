"""The HTML guide's stylesheet: system fonts, a readable measure, quiet tables, dark mode.

Inlined in the page and allowed by its hash in the Content-Security-Policy, so it must stay a
constant: any change to it changes the hash, which `html.render` computes from this text.
"""

STYLE = """
:root { color-scheme: light dark; --fg: #1f2328; --muted: #59636e; --bg: #ffffff; --panel: #f6f8fa;
  --line: #d1d9e0; --link: #0969da; --code: #eff1f3; --box: #ddf4ff; --box-line: #54aeff;
  --cycle: #ffebe9; --cycle-line: #cf222e; --arrow: #59636e; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e6edf3; --muted: #9198a1; --bg: #0d1117; --panel: #151b23; --line: #3d444d;
    --link: #4493f8; --code: #262c36; --box: #0c2d6b; --box-line: #1f6feb; --cycle: #4c1a1e;
    --cycle-line: #f85149; --arrow: #9198a1; }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg);
  font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 72rem; margin: 0 auto; padding: 2rem 1.5rem 4rem; }
h1 { font-size: 2rem; margin: 0 0 .75rem; padding-bottom: .3rem; border-bottom: 1px solid var(--line); }
h2 { font-size: 1.45rem; margin: 2.4rem 0 .8rem; padding-bottom: .25rem; border-bottom: 1px solid var(--line); }
h3 { font-size: 1.1rem; margin: 1.6rem 0 .6rem; }
h1, h2, h3 { line-height: 1.25; overflow-wrap: anywhere; }
p, ul, ol { margin: 0 0 .9rem; }
li { margin: .15rem 0; overflow-wrap: anywhere; }
a { color: var(--link); text-decoration: none; }
a:hover { text-decoration: underline; }
blockquote { margin: 0 0 1rem; padding: .1rem 1rem; color: var(--muted); border-left: .25rem solid var(--line); }
code { font: 0.86em/1.4 ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace;
  background: var(--code); padding: .1em .35em; border-radius: 4px; overflow-wrap: break-word; }
pre { background: var(--panel); padding: .8rem 1rem; border-radius: 6px; overflow-x: auto; }
pre code { background: none; padding: 0; }
nav.contents { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: .6rem 1rem;
  line-height: 1.9; }
div.table { overflow-x: auto; margin: 0 0 1rem; }
table { border-collapse: collapse; font-size: .92rem; }
th, td { border: 1px solid var(--line); padding: .35rem .6rem; text-align: left; vertical-align: top; }
th { background: var(--panel); font-weight: 600; white-space: nowrap; }
tbody tr:nth-child(2n) { background: var(--panel); }
td code { white-space: normal; }
details { margin: 0 0 1rem; }
summary { cursor: pointer; color: var(--link); margin-bottom: .5rem; }
sub { color: var(--muted); }
figure.diagram { margin: 0 0 1.2rem; overflow-x: auto; border: 1px solid var(--line); border-radius: 6px;
  background: var(--panel); padding: .5rem; }
svg.diagram { display: block; max-width: 100%; height: auto; margin: 0 auto; }
svg.diagram text { font: 13px ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace;
  fill: var(--fg); text-anchor: middle; }
svg.diagram text.level { fill: var(--muted); text-anchor: start; font-size: 12px; }
svg.diagram text.weight { fill: var(--muted); font-size: 11px; text-anchor: start; }
svg.diagram .box rect { fill: var(--box); stroke: var(--box-line); stroke-width: 1.2; }
svg.diagram .box.cycle rect { fill: var(--cycle); stroke: var(--cycle-line); stroke-width: 2; }
svg.diagram path.arrow { fill: none; stroke: var(--arrow); stroke-width: 1.3; }
svg.diagram path.arrow.cycle { stroke: var(--cycle-line); stroke-width: 2; }
svg.diagram .arrow-head { fill: var(--arrow); }
svg.diagram .arrow-cycle-head { fill: var(--cycle-line); }
""".strip()
