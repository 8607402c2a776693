import { describe, expect, it } from 'vitest';
import { readmeSection } from '../../test/readme.ts';
import { ComplianceReport } from './report.ts';

/** The first column of the table in the README's Compliance section, without backticks. */
function findings(): string[] {
  return readmeSection('Compliance')
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .map((line) =>
      line
        .slice(1)
        .split('|')[0]!
        .trim()
        .replace(/^`(.*)`$/, '$1'),
    )
    .filter((cell) => cell !== 'Finding' && !/^-+$/.test(cell));
}

describe('the README compliance table', () => {
  it('has a row for every list of the report, in the order of ComplianceReport', () => {
    const lists = Object.keys(ComplianceReport.shape).filter((key) => key !== 'today');
    expect(findings()).toEqual(lists);
  });
});
