import { describe, expect, it } from 'vitest';
import { edges, mermaidStateDiagram, readmeSection } from '../../test/readme.ts';
import { INITIAL_STAGES } from './schemas.ts';
import { ASSET_STAGES, isStage, TERMINAL_STAGES, TRANSITIONS } from './stages.ts';

const all = edges(mermaidStateDiagram(readmeSection('The hardware lifecycle')));
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
