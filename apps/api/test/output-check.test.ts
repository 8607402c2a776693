/**
 * The compiled output check never accepts what zod refuses, strips what zod strips, and is really
 * used for the outputs that carry many objects (pages of assets).
 */
import { Asset, AssetDetail, page } from '@itam/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { compileOutputCheck, NOT_SURE } from '../src/output-check.ts';
import { schemaOf } from '../src/parse.ts';
import { appRouter } from '../src/router.ts';
import { sampleAsset } from './samples.ts';

const asset = sampleAsset;

const Page = page(AssetDetail);
const pageCheck = compileOutputCheck(Page)!;

/** Values that are wrong for some field of an asset, in the ways data goes wrong. */
const wrong = fc.constantFrom<unknown>(
  undefined,
  null,
  '',
  'not-a-uuid',
  '2024-02-30',
  '2024-01-02 10:00:00',
  '2024-01-02T10:00:00',
  'laptopish',
  Number.NaN,
  Number.POSITIVE_INFINITY,
  -1,
  0,
  true,
  [],
  {},
  { id: 'x' },
  12345678901234567890n,
);
const keys = Object.keys(asset) as (keyof AssetDetail)[];

describe('compiled output check', () => {
  it('is compiled for pages of assets and for one asset', () => {
    expect(pageCheck).toBeTypeOf('function');
    expect(compileOutputCheck(Asset)).toBeTypeOf('function');
  });

  it('answers what zod answers for a valid page, stripping unknown keys at every depth', () => {
    const leaky = {
      items: [{ ...asset, passwordHash: 'x', holder: { ...asset.holder, token: 'y' } }, asset],
      nextCursor: 'abc',
      debug: true,
    };
    const checked = pageCheck(leaky);
    expect(checked).not.toBe(NOT_SURE);
    expect(checked).toEqual(Page.parse(leaky));
    expect(JSON.stringify(checked)).toBe(JSON.stringify(Page.parse(leaky)));
    expect(JSON.stringify(checked)).not.toMatch(/passwordHash|token|debug/);
  });

  it('answers a page with nothing to strip as it is, and anything else as zod orders it', () => {
    const clean = { items: [asset, { ...asset, id: crypto.randomUUID() }], nextCursor: null };
    expect(pageCheck(clean)).toBe(clean);

    const { id, ...rest } = asset;
    const reordered = { items: [asset, { ...rest, id }], nextCursor: null };
    const checked = pageCheck(reordered) as typeof clean;
    expect(checked).not.toBe(reordered);
    expect(checked.items[0]).toBe(asset);
    expect(JSON.stringify(checked)).toBe(JSON.stringify(Page.parse(reordered)));

    const leakyHolder = { items: [{ ...asset, holder: { ...asset.holder, token: 't' } }], nextCursor: null };
    expect(JSON.stringify(pageCheck(leakyHolder))).toBe(JSON.stringify(Page.parse(leakyHolder)));
    expect(leakyHolder.items[0]!.holder.token).toBe('t'); // the input is never changed
  });

  it('never accepts a value zod refuses, and agrees with zod on what it accepts', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...keys), wrong, fc.boolean()), { maxLength: 3 }),
        fc.boolean(),
        (changes, asHolder) => {
          const item: Record<string, unknown> = { ...asset };
          for (const [key, value, remove] of changes) {
            if (remove) delete item[key];
            else if (asHolder && key === 'holder') item.holder = { ...asset.holder, id: value };
            else item[key] = value;
          }
          const value = { items: [asset, item], nextCursor: null };
          const checked = pageCheck(value);
          const zod = Page.safeParse(value);
          if (checked !== NOT_SURE) {
            expect(zod.success).toBe(true);
            expect(checked).toEqual(zod.data);
            expect(JSON.stringify(checked)).toBe(JSON.stringify(zod.data));
          }
          if (zod.success) expect(checked).toEqual(zod.data);
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('leaves to zod what it does not know (unions, refinements, strict objects, URL formats)', () => {
    expect(compileOutputCheck(z.union([z.string(), z.number()]))).toBeUndefined();
    expect(compileOutputCheck(z.string().refine((s) => s.length > 0))).toBeUndefined();
    expect(compileOutputCheck(z.strictObject({ a: z.string() }))).toBeUndefined();
    expect(compileOutputCheck(z.object({ home: z.url() }))).toBeUndefined();
    expect(compileOutputCheck(z.object({ at: z.date() }))).toBeUndefined();
  });

  it('checks numbers and lengths as zod does', () => {
    const schema = z.object({ n: z.number().int().min(0).max(10), s: z.string().min(2).max(3) });
    const check = compileOutputCheck(schema)!;
    for (const value of [
      { n: 0, s: 'ab' },
      { n: 10, s: 'abc' },
      { n: -1, s: 'ab' },
      { n: 11, s: 'ab' },
      { n: 1.5, s: 'ab' },
      { n: 1, s: 'a' },
      { n: 1, s: 'abcd' },
    ]) {
      const zod = schema.safeParse(value);
      expect(check(value) !== NOT_SURE).toBe(zod.success);
    }
  });

  it('is compiled for most of the API’s outputs, the asset pages among them', () => {
    const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { output?: unknown } }>;
    const outputs = Object.entries(procedures).filter(([, p]) => p._def.output !== undefined);
    const compiled = outputs.filter(([, p]) => compileOutputCheck(schemaOf(p._def.output)) !== undefined);
    expect(compiled.length / outputs.length).toBeGreaterThan(0.5);
    expect(compiled.map(([path]) => path)).toEqual(expect.arrayContaining(['assets.list', 'assets.get']));
  });
});
