import { assetsRouter } from './routers/assets.ts';
import { authRouter } from './routers/auth.ts';
import { eventsRouter } from './routers/events.ts';
import { usersRouter } from './routers/users.ts';
import { router } from './trpc.ts';

export const appRouter = router({
  auth: authRouter,
  users: usersRouter,
  assets: assetsRouter,
  events: eventsRouter,
});

export type AppRouter = typeof appRouter;
