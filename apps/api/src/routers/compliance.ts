import { loadComplianceInput } from '@itam/db';
import { ComplianceReport, computeCompliance, IsoDate, todayUtc } from '@itam/domain';
import { z } from 'zod';
import { allowedTo, router } from '../trpc.ts';

export const complianceRouter = router({
  /** Every finding, computed by the domain from what the database loads for it. */
  report: allowedTo('compliance.read')
    .input(z.strictObject({ today: IsoDate.optional() }).default({}))
    .output(ComplianceReport)
    .query(async ({ ctx, input }) => {
      const today = input.today ?? todayUtc();
      return computeCompliance(await loadComplianceInput(ctx.db, today));
    }),
});
