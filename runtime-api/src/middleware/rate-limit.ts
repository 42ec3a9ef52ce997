/** Rate limit on login: a fixed number of attempts per client address per window, then 429. */
import { rateLimit } from 'express-rate-limit';
import { ApiError, errorBody } from '../errors.js';

export function loginRateLimit(options: { max: number; windowMs: number }) {
  return rateLimit({
    windowMs: options.windowMs,
    limit: options.max,
    standardHeaders: 'draft-8',
    // Count failures only: a brute force fails every time, a busy office signs in many people.
    skipSuccessfulRequests: true,
    legacyHeaders: false,
    handler(_req, res) {
      const minutes = Math.ceil(options.windowMs / 60000);
      res
        .status(429)
        .json(errorBody(new ApiError(429, 'TOO_MANY_ATTEMPTS', `Too many sign-in attempts; try again in ${minutes} minutes.`, { retryAfterMinutes: minutes })));
    },
  });
}
