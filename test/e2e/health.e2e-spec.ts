import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApi, type TestApi } from '#testing';

describe('API health', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi();
  });

  afterAll(async () => {
    await api.close();
  });

  it('is live and ready when PostgreSQL and Redis answer, with a request id on every response', async () => {
    const live = await api.app.inject({ method: 'GET', url: '/health/live' });
    expect(live.statusCode).toBe(200);
    const ready = await api.app.inject({ method: 'GET', url: '/health/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({
      ready: true,
      checks: { postgres: true, broker: true },
      runtime: { database: 'server', queues: 'redis' },
    });
    expect(ready.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('keeps a well-formed incoming request id', async () => {
    const res = await api.app.inject({
      method: 'GET',
      url: '/health/live',
      headers: { 'x-request-id': 'gateway-req-12345' },
    });
    expect(res.headers['x-request-id']).toBe('gateway-req-12345');
  });

  it('logs one line per request, when it is answered', async () => {
    const res = await api.app.inject({ method: 'GET', url: '/health/live' });
    const requestId = res.headers['x-request-id'];
    const lines = api
      .logLines()
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((line) => line.reqId === requestId);
    expect(lines).toEqual([
      expect.objectContaining({ msg: 'request completed', res: { statusCode: 200 } }),
    ]);
  });

  it('gives the report of each check (terminus) at /health', async () => {
    const res = await api.app.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'ok',
      details: {
        postgres: { status: 'up' },
        broker: { status: 'up', backend: 'redis' },
        // The API produces jobs through the outbox and consumes none.
        queues: { status: 'up', consumed: [] },
      },
    });
  });
});
