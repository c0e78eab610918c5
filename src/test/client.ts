import http from 'node:http';
/** A small HTTP client for API tests: keeps its session cookie like a browser, or sends a bearer token. */
export interface TestResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
  text: string;
}

export class TestClient {
  cookie: string | null = null;
  /** The operator console's session cookie (skit_operator), sent everywhere: the server must ignore it outside /api/operator. */
  operatorCookie: string | null = null;
  token: string | null = null;
  /** Sent as Origin on writes, as a browser would. */
  origin: string | null;

  constructor(readonly baseUrl: string) {
    this.origin = baseUrl;
  }

  withToken(token: string): TestClient {
    const c = new TestClient(this.baseUrl);
    c.token = token;
    return c;
  }

  async request<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<TestResponse<T>> {
    const h: Record<string, string> = { ...headers };
    if (body !== undefined && !(body instanceof FormData) && typeof body !== 'string') h['content-type'] ??= 'application/json';
    const cookies = [this.cookie, this.operatorCookie].filter(Boolean).join('; ');
    if (cookies) h.cookie = cookies;
    if (this.token) h.authorization = `Bearer ${this.token}`;
    if (this.origin && method !== 'GET' && !('origin' in h)) h.origin = this.origin;
    const res = await fetch(this.baseUrl + path, {
      method,
      headers: h,
      body: body === undefined ? undefined : body instanceof FormData || typeof body === 'string' ? body : JSON.stringify(body),
      redirect: 'manual',
    });
    const setCookie = res.headers.getSetCookie?.() ?? [];
    for (const c of setCookie) {
      const [pair] = c.split(';');
      if (!pair) continue;
      const [name, value] = pair.split('=');
      if (name === 'skit_session') this.cookie = value ? `skit_session=${value}` : null;
      if (name === 'skit_operator') this.operatorCookie = value ? `skit_operator=${value}` : null;
    }
    // An event stream (GET /api/stream) never ends: its status and headers are the answer.
    if ((res.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
      await res.body?.cancel();
      return { status: res.status, body: '' as T, headers: res.headers, text: '' };
    }
    const text = await res.text();
    let parsed: any = text;
    if ((res.headers.get('content-type') ?? '').includes('json') && text) parsed = JSON.parse(text);
    return { status: res.status, body: parsed, headers: res.headers, text };
  }

  get<T = any>(path: string, headers?: Record<string, string>) {
    return this.request<T>('GET', path, undefined, headers);
  }
  post<T = any>(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>('POST', path, body ?? {}, headers);
  }
  patch<T = any>(path: string, body?: unknown) {
    return this.request<T>('PATCH', path, body ?? {});
  }
  put<T = any>(path: string, body?: unknown) {
    return this.request<T>('PUT', path, body ?? {});
  }
  delete<T = any>(path: string) {
    return this.request<T>('DELETE', path);
  }
}

/**
 * One JSON request from another client address: Linux routes all of 127/8 to
 * loopback, so binding 127.0.0.2 makes the server see a second machine
 * (without trusting X-Forwarded-For).
 */
export function requestFrom<T = any>(localAddress: string, baseUrl: string, method: string, path: string, body?: unknown): Promise<TestResponse<T>> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const url = new URL(path, baseUrl);
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method, localAddress, headers: payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {} },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const headers = new Headers();
          for (const [name, value] of Object.entries(res.headers)) if (value !== undefined) headers.set(name, [value].flat().join(', '));
          const json = (res.headers['content-type'] ?? '').includes('json') && text;
          resolve({ status: res.statusCode ?? 0, body: json ? JSON.parse(text) : text, headers, text });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}
