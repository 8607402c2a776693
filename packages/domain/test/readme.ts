// Helpers for the tests that hold README.md to the code: a section by its heading, the one
// stateDiagram-v2 in it, and the edges of that diagram.
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';

export const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

/** The text under `## title`, up to the next `## ` heading. Fails when there is no such section. */
export function readmeSection(title: string): string {
  const start = README.indexOf(`\n## ${title}\n`);
  expect(start, `README section "${title}"`).toBeGreaterThanOrEqual(0);
  return README.slice(start + 1).split(/\n## /)[0]!;
}

/** The body of the one ```mermaid block that holds a stateDiagram-v2 in `markdown`. */
export function mermaidStateDiagram(markdown: string): string {
  const blocks = [...markdown.matchAll(/^```mermaid\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
  const diagrams = blocks.filter((b) => b.trimStart().startsWith('stateDiagram-v2'));
  expect(diagrams).toHaveLength(1);
  return diagrams[0]!;
}

/** Every `a --> b` edge (labels after `:` ignored), in order. Fails on any other non-blank line. */
export function edges(diagram: string): [string, string][] {
  const lines = diagram.split('\n').map((l) => l.trim());
  const body = lines.filter((l) => l !== '' && l !== 'stateDiagram-v2' && !l.startsWith('%%'));
  return body.map((line) => {
    const m = /^(\S+)\s*-->\s*(\S+?)\s*(?::.*)?$/.exec(line);
    expect(m, `not an edge: ${line}`).not.toBeNull();
    return [m![1]!, m![2]!];
  });
}
