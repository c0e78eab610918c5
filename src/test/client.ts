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
