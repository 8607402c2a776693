import { loadComplianceInput, loadOverviewInput } from '@itam/db';
import {
  ComplianceReport,
  computeCompliance,
  computeOverview,
  IsoDate,
  Overview,
  todayUtc,
} from '@itam/domain';
import { z } from 'zod';
import { sync } from '../parse.ts';
import { allowedTo, router } from '../trpc.ts';

export const complianceRouter = router({
  /** Every finding, computed by the domain from what the database loads for it. */
  report: allowedTo('compliance.read')
    .input(sync(z.strictObject({ today: IsoDate.optional() }).default({})))
    .output(sync(ComplianceReport))
    .query(async ({ ctx, input }) => {
      const today = input.today ?? todayUtc();
      return computeCompliance(await loadComplianceInput(ctx.db, today));
    }),

  /** The staff overview: inventory counts, expiries by month, top seats, maintenance due, and the report. */
  overview: allowedTo('compliance.read')
    .input(sync(z.strictObject({ today: IsoDate.optional() }).default({})))
    .output(sync(Overview))
    .query(async ({ ctx, input }) => {
      const today = input.today ?? todayUtc();
      return computeOverview(await loadOverviewInput(ctx.db, today));
    }),
});
