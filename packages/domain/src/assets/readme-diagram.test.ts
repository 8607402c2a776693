import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { INITIAL_STAGES } from './schemas.ts';
import { ASSET_STAGES, isStage, TERMINAL_STAGES, TRANSITIONS } from './stages.ts';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** The body of the one ```mermaid block that holds a stateDiagram-v2. */
function mermaidStateDiagram(markdown: string): string {
  const blocks = [...markdown.matchAll(/^```mermaid\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
  const diagrams = blocks.filter((b) => b.trimStart().startsWith('stateDiagram-v2'));
  expect(diagrams).toHaveLength(1);
  return diagrams[0]!;
}

/** Every `a --> b` edge (labels after `:` ignored), in order. Fails on any other non-blank line. */
function edges(diagram: string): [string, string][] {
  const lines = diagram.split('\n').map((l) => l.trim());
  const body = lines.filter((l) => l !== '' && l !== 'stateDiagram-v2' && !l.startsWith('%%'));
  return body.map((line) => {
    const m = /^(\S+)\s*-->\s*(\S+?)\s*(?::.*)?$/.exec(line);
    expect(m, `not an edge: ${line}`).not.toBeNull();
    return [m![1]!, m![2]!];
  });
}

const all = edges(mermaidStateDiagram(README));
const stageEdges = all.filter(([a, b]) => a !== '[*]' && b !== '[*]');

describe('the README lifecycle diagram', () => {
  it('names only known stages', () => {
    for (const [from, to] of stageEdges) {
      expect(isStage(from), from).toBe(true);
      expect(isStage(to), to).toBe(true);
    }
  });

  it('has exactly the edges of TRANSITIONS, each once', () => {
    const drawn = stageEdges.map(([a, b]) => `${a} --> ${b}`);
    const table = ASSET_STAGES.flatMap((from) => TRANSITIONS[from].map((to) => `${from} --> ${to}`));
    expect(new Set(drawn).size).toBe(drawn.length);
    expect([...drawn].sort()).toEqual([...table].sort());
  });

  it('groups the edges by stage, in the order of TRANSITIONS', () => {
    for (const stage of ASSET_STAGES) {
      const drawn = stageEdges.filter(([from]) => from === stage).map(([, to]) => to);
      expect(drawn, stage).toEqual(TRANSITIONS[stage]);
    }
  });

  it('starts at the initial stages and ends at the terminal ones', () => {
    expect(all.filter(([a]) => a === '[*]').map(([, b]) => b)).toEqual([...INITIAL_STAGES]);
    expect(all.filter(([, b]) => b === '[*]').map(([a]) => a)).toEqual([...TERMINAL_STAGES]);
  });
});
