/**
 * fetch with the session token and the server's error shape `{ error: { code, message, details } }`.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown,
    readonly body: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let token: string | undefined;
let onUnauthorized: (() => void) | undefined;

export function setToken(value: string | undefined): void {
  token = value;
}

/** Called when the server answers 401 to an authenticated request (the session ended). */
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

export async function request<T>(method: string, path: string, body?: unknown, accept: 'json' | 'text' = 'json'): Promise<T> {
  const headers: Record<string, string> = { Accept: accept === 'json' ? 'application/json' : 'application/xml, text/plain, */*' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
  let res: Response;
  try {
    res = await fetch(path, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  } catch (err) {
    throw new ApiError(0, 'NETWORK', (err as Error).message, undefined, undefined);
  }
  const text = await res.text();
  if (!res.ok) throw errorFrom(res, text);
  if (accept === 'text') return text as T;
  return (text ? JSON.parse(text) : undefined) as T;
}

function errorFrom(res: Response, text: string): ApiError {
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  const e = (parsed as { error?: { code?: string; message?: string; details?: unknown } } | undefined)?.error;
  if (res.status === 401 && token) onUnauthorized?.();
  return new ApiError(res.status, e?.code ?? `HTTP_${res.status}`, e?.message ?? (res.statusText || `HTTP ${res.status}`), e?.details, parsed);
}

async function send(method: string, path: string, init: { body?: BodyInit; contentType?: string }): Promise<Response> {
  const headers: Record<string, string> = {};
  if (init.contentType) headers['Content-Type'] = init.contentType;
  if (token) headers.Authorization = `Bearer ${token}`;
  let res: Response;
  try {
    res = await fetch(path, { method, headers, ...(init.body !== undefined ? { body: init.body } : {}) });
  } catch (err) {
    throw new ApiError(0, 'NETWORK', (err as Error).message, undefined, undefined);
  }
  if (!res.ok) throw errorFrom(res, await res.text());
  return res;
}

/** Sends raw bytes (a file upload) with their media type; answers the JSON reply. */
export async function upload<T>(path: string, body: Blob, contentType: string): Promise<T> {
  return (await (await send('POST', path, { body, contentType })).json()) as T;
}

/** A binary answer (a file download), with a JSON body when the route takes one (applicants' routes). */
export async function download(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Blob> {
  return (await send(method, path, body === undefined ? {} : { body: JSON.stringify(body), contentType: 'application/json' })).blob();
}
