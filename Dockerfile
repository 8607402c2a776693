# Production image: the API (Fastify + tRPC, run with tsx) serving the built web app.
# Build: docker build -t itam .   Run: see docker-compose.yml (needs DATABASE_URL, ITAM_SECRET,
# ITAM_ALLOWED_ORIGINS).
FROM node:20-bookworm-slim

ENV TURBO_TELEMETRY_DISABLED=1
# corepack does not work everywhere; install the pinned pnpm with npm.
RUN npm i -g pnpm@12.4.2

WORKDIR /app

# Download the dependencies first, from the lockfile alone, so that this layer stays cached
# until pnpm-lock.yaml (or pnpm-workspace.yaml) changes.
COPY pnpm-lock.yaml pnpm-workspace.yaml ./
RUN pnpm fetch

# The workspace (.dockerignore keeps node_modules, build output and local data out).
COPY . .
RUN pnpm install --frozen-lockfile --offline
RUN pnpm --filter @itam/web build

# Set after the install and build: NODE_ENV=production would make pnpm skip devDependencies.
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000
EXPOSE 3000

USER node
CMD ["pnpm", "--filter", "@itam/api", "start"]
