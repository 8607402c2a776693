import { Asset, type AssetDetail, page } from '@itam/domain';
import { initTRPC } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { schemaOf, sync } from '../src/parse.ts';
import { sampleAsset } from './samples.ts';

const { warrantyEnded: _, ...asset }: AssetDetail = sampleAsset;

describe('sync output parser', () => {
  const t = initTRPC.create();
  const caller = (data: unknown) =>
    t.createCallerFactory(
      t.router({
        one: t.procedure.output(sync(page(Asset))).query(() => data as never),
      }),
    )({});

  it('strips what the schema does not name, at every depth, as zod does', async () => {
    const leaky = { ...asset, passwordHash: 'x', holder: { ...asset.holder, sessionToken: 'y' } };
    const result = await caller({ items: [leaky], nextCursor: null }).one();
    expect(result.items[0]).toEqual(asset);
    expect(JSON.stringify(result)).not.toMatch(/passwordHash|sessionToken/);
  });

  it('fails the call when the shape is wrong', async () => {
    await expect(caller({ items: [{ ...asset, stage: 'nowhere' }], nextCursor: null }).one()).rejects.toThrow(
      /Output validation failed/,
    );
  });

  it('keeps the zod schema reachable for the OpenAPI document', () => {
    const schema = z.object({ ok: z.literal(true) });
    expect(schemaOf(sync(schema))).toBe(schema);
    expect(schemaOf(schema)).toBe(schema);
  });
});
