/**
 * Errors as the API reports them: always `{ "error": { "code", "message", "details" } }`.
 * `ApiError` is what handlers throw; `toApiError` turns anything else — engine errors, body
 * parser errors, OpenAPI validation errors, database constraint violations — into one, and is
 * the single place where engine error codes meet HTTP statuses.
 */
import { EngineError } from '@tongban/engine';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const notFound = (what: string, id: string) => new ApiError(404, 'NOT_FOUND', `${what} ${id} does not exist.`, { id });
export const notImplemented = (what: string, issue: string) =>
  new ApiError(501, 'NOT_IMPLEMENTED', `${what} is not available yet: it arrives with ${issue}.`, { issue });

/**
 * Engine error code → HTTP status. Keyed by string so that codes the engine adds later still
 * get an answer: `…_NOT_FOUND` → 404, anything else unknown → 422.
 */
const ENGINE_STATUS: Readonly<Record<string, number>> = {
  DEPLOYMENT_INVALID: 422,
  DEFINITION_NOT_FOUND: 404,
  INSTANCE_NOT_FOUND: 404,
  TASK_NOT_FOUND: 404,
  JOB_NOT_FOUND: 404,
  MESSAGE_NOT_CORRELATED: 404,
  INSTANCE_NOT_ACTIVE: 409,
  TASK_ALREADY_COMPLETED: 409,
  NO_OUTGOING_FLOW: 422,
  UNHANDLED_BPMN_ERROR: 422,
  EXPRESSION_FAILED: 422,
  HANDLER_FAILED: 422,
  INVALID_ARGUMENT: 400,
  INSTANCE_SUSPENDED: 409,
  COMMAND_NOT_ALLOWED: 409,
  TASK_NOT_PERMITTED: 403,
  NOTIFICATION_NOT_FOUND: 404,
};

export function engineStatus(code: string): number {
  return ENGINE_STATUS[code] ?? (code.endsWith('_NOT_FOUND') ? 404 : 422);
}

interface ValidatorError {
  status: number;
  message: string;
  errors?: Array<{ path?: string; message?: string; errorCode?: string }>;
}

function isValidatorError(err: unknown): err is ValidatorError {
  return typeof err === 'object' && err !== null && typeof (err as ValidatorError).status === 'number' && Array.isArray((err as ValidatorError).errors);
}

/** Turns any thrown value into an ApiError; `undefined` status 500 means "log it, it is a bug". */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof EngineError) {
    return new ApiError(engineStatus(err.code), err.code, err.message, err.details ?? {});
  }
  const parser = err as { type?: string; status?: number; expose?: boolean };
  if (parser.type === 'entity.parse.failed') return new ApiError(400, 'INVALID_JSON', 'The request body is not valid JSON.');
  if (parser.type === 'entity.too.large') return new ApiError(413, 'PAYLOAD_TOO_LARGE', 'The request body is too large.');
  if (parser.type === 'encoding.unsupported' || parser.type === 'charset.unsupported') {
    return new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', 'The request body encoding is not supported.');
  }
  if (isValidatorError(err)) {
    const status = err.status;
    const details = err.errors?.map((e) => ({ path: e.path, message: e.message }));
    if (status === 415) return new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', 'This route does not take a body of that type: JSON, or for uploads a PDF, JPEG, PNG or OFD file.', details);
    if (status === 404) return new ApiError(404, 'NOT_FOUND', 'No such API route.', details);
    if (status === 405) return new ApiError(405, 'METHOD_NOT_ALLOWED', 'This route does not accept that method.', details);
    if (status >= 400 && status < 500) return new ApiError(400, 'VALIDATION_FAILED', 'The request does not match the API description.', details);
    return new ApiError(500, 'INTERNAL', 'The response did not match the API description.');
  }
  const pg = err as { code?: string; constraint?: string };
  if (pg.code === '23505') return new ApiError(409, 'ALREADY_EXISTS', 'Something with that key already exists.', { constraint: pg.constraint });
  if (pg.code === '23503') {
    return new ApiError(409, 'IN_USE_OR_MISSING', 'A referenced record is missing, or the record is still in use.', { constraint: pg.constraint });
  }
  if (pg.code?.startsWith('22')) {
    // Data exceptions: a value PostgreSQL cannot store (NUL characters, numbers out of range, …).
    return new ApiError(400, 'VALIDATION_FAILED', 'A value in the request cannot be stored (for example, it contains a NUL character or is out of range).', {
      sqlState: pg.code,
    });
  }
  if (pg.code === '23514') return new ApiError(400, 'VALIDATION_FAILED', 'A value is out of range.', { constraint: pg.constraint });
  if (typeof parser.status === 'number' && parser.status >= 400 && parser.status < 500 && parser.expose) {
    return new ApiError(parser.status, 'BAD_REQUEST', 'The request could not be read.');
  }
  return new ApiError(500, 'INTERNAL', 'Something went wrong on the server; it has been logged.');
}

export function errorBody(error: ApiError): { error: { code: string; message: string; details: unknown } } {
  return { error: { code: error.code, message: error.message, details: error.details ?? {} } };
}
