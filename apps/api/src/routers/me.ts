import { listAssets, listAssignments, listSeatsOfUser } from '@itam/db';
import { Asset, Assignment, License, LicenseDetail, licenseDetail, Seat, todayUtc } from '@itam/domain';
import { z } from 'zod';
import { sync } from '../parse.ts';
import { allowedTo, router } from '../trpc.ts';

const Holdings = z.object({
  assets: z.array(Asset),
  assignments: z.array(Assignment),
  seats: z.array(z.object({ seat: Seat, license: LicenseDetail })),
});

export const meRouter = router({
  /**
   * What the caller holds: assets with their assignments, and license seats (never keys), each
   * license with where it stands against its expiry on the server's calendar day.
   */
  holdings: allowedTo('holdings.read')
    .output(sync(Holdings))
    .query(async ({ ctx }) => {
      const userId = ctx.actor.id;
      const today = todayUtc();
      const [assets, assignments, seats] = await Promise.all([
        listAssets(ctx.db, { holderId: userId, sort: 'tag', limit: 200 }),
        listAssignments(ctx.db, { userId, state: 'open', limit: 200, today }),
        listSeatsOfUser(ctx.db, userId),
      ]);
      return {
        assets: assets.items,
        assignments: assignments.items,
        seats: seats.map(({ seat, license }) => ({
          seat,
          license: licenseDetail(License.parse(license.license), today),
        })),
      };
    }),
});
