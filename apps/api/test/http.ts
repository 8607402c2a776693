/**
 * Plain `fetch` against a running server, speaking tRPC's HTTP format by hand (no client
 * library between the test and the wire): POST with a JSON body for mutations, GET with
 * `?input=<JSON>` for queries, one procedure per request.
 */
export interface TrpcHttpResponse {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body, or undefined when it is not JSON. */
  body: any;
  /** `result.data` of a success. */
  data: any;
  /** `error` of a failure: `{ message, code, data: { code, httpStatus, reason, details, ... } }`. */
  error: any;
}

export interface TrpcHttp {
  query(path: string, input?: unknown, headers?: Record<string, string>): Promise<TrpcHttpResponse>;
  mutation(path: string, input?: unknown, headers?: Record<string, string>): Promise<TrpcHttpResponse>;
  /** Anything else: a raw body, another method or content type. `path` is relative to `/trpc/`. */
  send(path: string, init: RequestInit): Promise<TrpcHttpResponse>;
  /** Every response body this client has received, for checks such as "no hash ever leaves". */
  readonly bodies: readonly string[];
}

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

export function trpcHttp(baseUrl: string): TrpcHttp {
  const bodies: string[] = [];
  async function send(path: string, init: RequestInit): Promise<TrpcHttpResponse> {
    const response = await fetch(`${baseUrl}/trpc/${path}`, init);
    const text = await response.text();
    bodies.push(text);
    let body: any;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    return {
      status: response.status,
      headers: response.headers,
      text,
      body,
      data: body?.result?.data,
      error: body?.error,
    };
  }
  return {
    bodies,
    send,
    query(path, input, headers = {}) {
      const search = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;
      return send(`${path}${search}`, { method: 'GET', headers });
    },
    mutation(path, input, headers = {}) {
      return send(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: input === undefined ? '' : JSON.stringify(input),
      });
    },
  };
}
