/**
 * Requests that Node's HTTP parser refuses before Fastify sees them get the one
 * error shape too (found by src/server/fuzz.test.ts: a 1 MB query string got
 * Fastify's own `{"error":"Request Header Fields Too Large",...}`).
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test/harness.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

/** Sends raw bytes and returns the whole answer (the server closes the connection). */
function raw(bytes: string): Promise<string> {
  const { hostname, port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = net.connect(Number(port), hostname, () => socket.end(bytes));
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

const parse = (answer: string) => {
  const [head, text] = answer.split('\r\n\r\n');
  return { statusLine: head!.split('\r\n')[0], head: head!, body: JSON.parse(text!) };
};

describe('requests the HTTP parser refuses', () => {
  it('answers a URL over the header limit with 431 HEADERS_TOO_LARGE in the error shape', async () => {
    const res = await fetch(`${server.url}/api/crm/contacts?q=${'A'.repeat(100_000)}`);
    expect(res.status).toBe(431);
    expect(res.headers.get('content-type')).toContain('application/json');
    const body = await res.json();
    expect(body).toEqual({ error: { code: 'HEADERS_TOO_LARGE', message: 'The request headers are larger than the server accepts' } });
  });

  it('answers a request that is not HTTP with 400 BAD_REQUEST in the error shape', async () => {
    const { statusLine, head, body } = parse(await raw('GET /api/me HTTP/1.1\r\nHost: x\r\nBad Header Line\r\n\r\n'));
    expect(statusLine).toBe('HTTP/1.1 400 Bad Request');
    expect(head).toMatch(/content-type: application\/json/i);
    expect(body).toEqual({ error: { code: 'BAD_REQUEST', message: 'The request is not valid HTTP' } });
  });
});
