/**
 * Requests are checked against the OpenAPI document (express-openapi-validator): parameters,
 * query types (coerced from text), content type and bodies with closed objects. Security is
 * not its job (authenticate.ts runs first). With `validateResponses` (tests), answers are
 * checked too, so the document cannot drift from what the handlers send.
 */
import type { RequestHandler } from 'express';
import * as OpenApiValidator from 'express-openapi-validator';

export function validateRequests(document: Record<string, unknown>, options: { validateResponses: boolean }): RequestHandler[] {
  return OpenApiValidator.middleware({
    // The validator annotates what it is given; hand it its own copy.
    apiSpec: structuredClone(document) as unknown as Parameters<typeof OpenApiValidator.middleware>[0]['apiSpec'],
    validateRequests: { allowUnknownQueryParameters: false, coerceTypes: true, removeAdditional: false },
    validateResponses: options.validateResponses ? { removeAdditional: false } : false,
    validateSecurity: false,
    validateFormats: true,
    ignoreUndocumented: false,
    ignorePaths: (path: string) => !path.startsWith('/api/'),
  }) as unknown as RequestHandler[];
}
