import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';

function configError(env: Record<string, string | undefined>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('loadConfig', () => {
  it('fills every default from an empty environment', () => {
    expect(loadConfig({})).toEqual({
      NODE_ENV: 'development',
      HOST: '127.0.0.1',
      PORT: 3000,
      ITAM_DATA_DIR: '.data/pglite',
      DATABASE_POOL_SIZE: 10,
      SESSION_TTL_HOURS: 720,
      ITAM_ALLOWED_ORIGINS: [],
      ITAM_COOKIE_SECURE: false,
      ITAM_TRUST_PROXY: false,
      ITAM_SECRET_PREVIOUS: [],
      ITAM_WEBHOOK_INTERVAL_MS: 1_000,
      ITAM_WEBHOOK_TIMEOUT_MS: 10_000,
      ITAM_WEBHOOK_MAX_ATTEMPTS: 8,
      ITAM_WEBHOOK_BACKOFF_BASE_MS: 10_000,
      ITAM_WEBHOOK_CONCURRENCY: 8,
      ITAM_NOTIFICATION_INTERVAL_SECONDS: 300,
      LOG_LEVEL: 'info',
    });
  });

  it.each([
    ['ITAM_WEBHOOK_TIMEOUT_MS', '0'],
    ['ITAM_WEBHOOK_MAX_ATTEMPTS', '1.5'],
    ['ITAM_WEBHOOK_BACKOFF_BASE_MS', 'soon'],
    ['ITAM_WEBHOOK_INTERVAL_MS', '-5'],
    ['ITAM_WEBHOOK_CONCURRENCY', '0'],
  ])('refuses %s=%s, naming it', (key, value) => {
    expect(configError({ [key]: value }).message).toContain(key);
  });

  it('reads the notification job interval in seconds; 0 turns it off; a negative or fractional one is refused', () => {
    expect(loadConfig({ ITAM_NOTIFICATION_INTERVAL_SECONDS: '60' }).ITAM_NOTIFICATION_INTERVAL_SECONDS).toBe(
      60,
    );
    expect(loadConfig({ ITAM_NOTIFICATION_INTERVAL_SECONDS: '0' }).ITAM_NOTIFICATION_INTERVAL_SECONDS).toBe(
      0,
    );
    for (const bad of ['-1', '1.5', 'often']) {
      expect(() => loadConfig({ ITAM_NOTIFICATION_INTERVAL_SECONDS: bad })).toThrow(
        /ITAM_NOTIFICATION_INTERVAL_SECONDS/,
      );
    }
  });

  it('reads the test settings and treats empty variables as unset', () => {
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      PORT: '0',
      DATABASE_URL: '',
      ITAM_ALLOWED_ORIGINS: 'https://a.example, https://b.example',
      ITAM_COOKIE_SECURE: 'yes',
    });
    expect(config).toMatchObject({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      PORT: 0,
      ITAM_ALLOWED_ORIGINS: ['https://a.example', 'https://b.example'],
      ITAM_COOKIE_SECURE: true,
    });
    expect(config.DATABASE_URL).toBeUndefined();
  });

  it.each(['abc', '-1', '65536', '80.5'])('refuses PORT=%s, naming PORT and the value', (port) => {
    const error = configError({ PORT: port });
    expect(error.message).toContain('PORT');
    expect(error.message).toContain(JSON.stringify(port));
  });

  it.each(['mysql://root@localhost/itam', 'http://127.0.0.1:5432/postgres', 'not a url'])(
    'refuses DATABASE_URL=%s, naming DATABASE_URL',
    (url) => {
      const error = configError({ DATABASE_URL: url });
      expect(error.message).toContain('DATABASE_URL');
    },
  );

  it('does not print a refused DATABASE_URL, which may hold a password', () => {
    const error = configError({ DATABASE_URL: 'mysql://root:hunter2@db/itam' });
    expect(error.message).not.toContain('hunter2');
  });

  it('accepts postgres:// and postgresql:// URLs and memory://', () => {
    for (const url of ['postgres://u@h:5432/d', 'postgresql://u@h/d', 'memory://']) {
      expect(loadConfig({ DATABASE_URL: url }).DATABASE_URL).toBe(url);
    }
  });

  it('names every bad variable at once', () => {
    const error = configError({ PORT: 'x', LOG_LEVEL: 'loud', ITAM_ALLOWED_ORIGINS: 'not-an-origin' });
    expect(error.message).toMatch(/PORT/);
    expect(error.message).toMatch(/LOG_LEVEL/);
    expect(error.message).toMatch(/ITAM_ALLOWED_ORIGINS/);
  });
});
