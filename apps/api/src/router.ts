import { assetsRouter } from './routers/assets.ts';
import { assignmentsRouter } from './routers/assignments.ts';
import { authRouter } from './routers/auth.ts';
import { complianceRouter } from './routers/compliance.ts';
import { eventsRouter } from './routers/events.ts';
import { licensesRouter } from './routers/licenses.ts';
import { maintenanceRouter } from './routers/maintenance.ts';
import { meRouter } from './routers/me.ts';
import { notificationsRouter } from './routers/notifications.ts';
import { tokensRouter } from './routers/tokens.ts';
import { usersRouter } from './routers/users.ts';
import { webhooksRouter } from './routers/webhooks.ts';
import { router } from './trpc.ts';

export const appRouter = router({
  auth: authRouter,
  users: usersRouter,
  assets: assetsRouter,
  events: eventsRouter,
  assignments: assignmentsRouter,
  licenses: licensesRouter,
  maintenance: maintenanceRouter,
  compliance: complianceRouter,
  me: meRouter,
  webhooks: webhooksRouter,
  notifications: notificationsRouter,
  tokens: tokensRouter,
});

export type AppRouter = typeof appRouter;
