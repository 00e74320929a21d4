import { JSDOM } from "jsdom";
import { readFileSync } from "node:fs";
const dom = new JSDOM("<!doctype html><html><body></body></html>");
globalThis.window = dom.window; globalThis.document = dom.window.document;
globalThis.DOMPurify = undefined;
const { default: mermaid } = await import("mermaid");
const text = readFileSync(0, "utf8");
const blocks = [...text.matchAll(/```mermaid\n([\s\S]*?)```/g)].map(m => m[1]);
if (!blocks.length) { console.log("no mermaid block"); process.exit(2); }
for (const b of blocks) {
  try { const r = await mermaid.parse(b); console.log("ok", JSON.stringify(r)); }
  catch (e) { console.log("PARSE ERROR", e.message); process.exit(1); }
}
