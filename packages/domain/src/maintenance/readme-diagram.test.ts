import { describe, expect, it } from 'vitest';
import { edges, mermaidStateDiagram, readmeSection } from '../../test/readme.ts';
import { MAINTENANCE_STATUSES, MAINTENANCE_TRANSITIONS, type MaintenanceStatus } from './rules.ts';

const all = edges(mermaidStateDiagram(readmeSection('Maintenance')));
const statusEdges = all.filter(([a, b]) => a !== '[*]' && b !== '[*]');
const isStatus = (s: string): s is MaintenanceStatus =>
  (MAINTENANCE_STATUSES as readonly string[]).includes(s);

describe('the README maintenance diagram', () => {
  it('names only known statuses', () => {
    for (const [from, to] of statusEdges) {
      expect(isStatus(from), from).toBe(true);
      expect(isStatus(to), to).toBe(true);
    }
  });

  it('has exactly the edges of MAINTENANCE_TRANSITIONS, each once, grouped in table order', () => {
    const drawn = statusEdges.map(([a, b]) => `${a} --> ${b}`);
    const table = MAINTENANCE_STATUSES.flatMap((from) =>
      MAINTENANCE_TRANSITIONS[from].map((to) => `${from} --> ${to}`),
    );
    expect(drawn).toEqual(table);
  });

  it('starts at scheduled, which is how maintenance is created, and ends at the final statuses', () => {
    expect(all.filter(([a]) => a === '[*]').map(([, b]) => b)).toEqual(['scheduled']);
    const final = MAINTENANCE_STATUSES.filter((s) => MAINTENANCE_TRANSITIONS[s].length === 0);
    expect(final).toEqual(['completed', 'cancelled']);
    expect(all.filter(([, b]) => b === '[*]').map(([a]) => a)).toEqual(final);
  });

  it('labels each edge with the action that takes it', () => {
    const section = readmeSection('Maintenance');
    expect(section).toContain('scheduled --> in_progress : start');
    expect(section).toContain('in_progress --> completed : complete');
    expect(section).toMatch(/scheduled --> cancelled : cancel\b/);
    expect(section).toMatch(/in_progress --> cancelled : cancel\b/);
  });
});
