/**
 * The last middleware: whatever went wrong becomes `{ error: { code, message, details } }` with
 * the right status. Client mistakes are 4xx; only real bugs are 500, logged with their stack
 * (the stack never leaves the server).
 */
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { errorBody, toApiError } from '../errors.js';

export function errorHandler(logger: Logger) {
  return (err: unknown, req: Request, res: Response, next: NextFunction): void => {
    if (res.headersSent) return next(err);
    const error = toApiError(err);
    if (error.status >= 500) ((req as Request & { log?: Logger }).log ?? logger).error({ err }, 'request failed');
    res.status(error.status).json(errorBody(error));
  };
}

