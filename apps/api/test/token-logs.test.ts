/**
 * An API token never reaches the logs: the real server runs as its own process with the most
 * verbose logging (trace), an admin creates a token, it is used over HTTP and WebSocket and then
 * revoked, and neither the token nor its hash appears anywhere in what the process printed.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { createTRPCClient, createWSClient, wsLink } from '@trpc/client';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { hashToken } from '../src/auth/tokens.ts';
import { DEMO_PASSWORD } from '../src/demo.ts';
import type { AppRouter } from '../src/router.ts';
import { bearer, trpcHttp } from './http.ts';

const apiDir = path.resolve(import.meta.dirname, '..');
let server: ChildProcess | undefined;

afterAll(() => {
  server?.kill('SIGKILL');
});

describe('API tokens and the logs', () => {
  it('never logs a token or its hash, even at trace level', async () => {
    const output: string[] = [];
    server = spawn(path.join(apiDir, 'node_modules/.bin/tsx'), ['src/index.ts'], {
      cwd: apiDir,
      env: {
        ...process.env,
        DATABASE_URL: 'memory://',
        PORT: '0',
        LOG_LEVEL: 'trace',
        NODE_ENV: 'development',
        ITAM_WEB_DIST: '',
      },
    });
    server.stdout!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    server.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    const exited = new Promise<void>((resolve) => server!.on('exit', () => resolve()));
    await expect
      .poll(() => /running at (http:\/\/\S+)/.exec(output.join(''))?.[1], { timeout: 120_000, interval: 200 })
      .toBeDefined();
    const baseUrl = /running at (http:\/\/\S+)/.exec(output.join(''))![1]!.replace('localhost', '127.0.0.1');
    const http = trpcHttp(baseUrl);

    const login = await http.mutation('auth.login', { username: 'admin', password: DEMO_PASSWORD });
    const admin = bearer(login.data.token);
    const created = await http.mutation('tokens.create', { name: 'log-probe', role: 'read-only' }, admin);
    const token: string = created.data.token;
    expect(token).toMatch(/^itam_/);
    expect((await http.query('assets.list', { limit: 5 }, bearer(token))).status).toBe(200);
    expect(
      (await http.mutation('assets.create', { tag: 'LOG-1', name: 'x', type: 'other' }, bearer(token)))
        .status,
    ).toBe(403);

    const wsClient = createWSClient({
      url: `${baseUrl.replace(/^http/, 'ws')}/trpc`,
      // why: Node 20 has no global WebSocket; `ws` is the implementation the server uses too.
      WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
      connectionParams: { token },
      retryDelayMs: () => 60_000,
    });
    const client = createTRPCClient<AppRouter>({ links: [wsLink({ client: wsClient })] });
    let started!: () => void;
    const isStarted = new Promise<void>((resolve) => {
      started = resolve;
    });
    const subscription = client.events.onChange.subscribe({}, { onStarted: () => started() });
    await isStarted;
    await http.mutation('tokens.revoke', { id: created.data.apiToken.id }, admin);
    expect((await http.query('assets.list', {}, bearer(token))).error?.data?.reason).toBe('TOKEN_REVOKED');
    subscription.unsubscribe();
    await wsClient.close();

    server.kill('SIGTERM');
    await exited;
    server = undefined;
    const logs = output.join('');
    // The logs are there (requests at trace level), and the secret is not.
    expect(logs).toContain('"msg":"incoming request"');
    expect(logs).toContain('tokens.create');
    expect(logs).not.toContain(token);
    expect(logs).not.toContain(token.slice('itam_'.length));
    expect(logs).not.toContain(hashToken(token));
  }, 180_000);
});
