/**
 * The OpenAPI 3.1 document, served at `/api/openapi.json`, browsable at `/api/docs`, and the
 * contract requests are validated against. Built from the route table (method, path, roles,
 * region rule, 501s) and `operations.ts` (inputs and outputs): one source for each fact.
 */
import { ROUTE_TABLE, type Route } from '../routes/route-table.js';
import { OPERATIONS } from './operations.js';
import { SCHEMAS } from './schemas.js';
import { FILE_TYPES } from '../files/content.js';
import { FILE_BODY } from '../files/openapi.js';

type Json = Record<string, unknown>;
/** Uploads and downloads: the bytes, as one of the accepted file types. */
const FILE_CONTENT: Json = Object.fromEntries(Object.keys(FILE_TYPES).map((type) => [type, { schema: { type: 'string', format: 'binary' } }]));
// ── catalogue ──
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const ERROR_RESPONSES: Readonly<Record<number, string>> = {
  400: 'The request does not match this document (VALIDATION_FAILED, INVALID_JSON)',
  401: 'No valid token or API key (UNAUTHENTICATED); at sign-in, wrong username or password (INVALID_CREDENTIALS)',
  403: 'Your roles or regions do not allow this (FORBIDDEN, OUTSIDE_REGION)',
  404: 'No such object (NOT_FOUND, *_NOT_FOUND)',
  409: 'Conflicts with the current state (TASK_ALREADY_COMPLETED, INSTANCE_NOT_ACTIVE, ALREADY_EXISTS)',
  413: 'The file is too large (FILE_TOO_LARGE)',
  415: 'Not an accepted file type, or the bytes are not of the declared type (UNSUPPORTED_MEDIA_TYPE, FILE_TYPE_NOT_ALLOWED, FILE_CONTENT_MISMATCH)',
  422: 'Understood but refused by the engine (DEPLOYMENT_INVALID, NO_OUTGOING_FLOW, EXPRESSION_FAILED, …)',
  429: 'Too many attempts (TOO_MANY_ATTEMPTS)',
  501: 'Not built yet; the message names the issue that brings it (NOT_IMPLEMENTED)',
};

function errorStatuses(route: Route): number[] {
  const statuses = [400, 401];
  statuses.push(route.roles === 'public' ? 429 : 403);
  if (route.method !== 'get' || route.path.includes('{')) statuses.push(404);
  if (route.method !== 'get') statuses.push(409, 422);
  if (route.later) statuses.push(501);
  if (OPERATIONS[route.operationId].body === FILE_BODY) statuses.push(413, 415);
  return statuses.sort((a, b) => a - b);
}

function operation(route: Route): Json {
  const spec = OPERATIONS[route.operationId];
  const responses: Json = {};
  for (const [status, schema] of Object.entries(spec.responses)) {
    responses[status] =
      schema === null
        ? { description: 'Done' }
        : schema === 'xml'
          ? { description: 'BPMN 2.0 XML', content: { 'application/xml': { schema: { type: 'string' } } } }
          : schema === 'xlsx' // ── catalogue ── an Excel workbook
            ? { description: 'Excel workbook', content: { [XLSX_TYPE]: { schema: { type: 'string', format: 'binary' } } } }
            : schema === FILE_BODY
              ? { description: 'The file’s bytes', content: FILE_CONTENT }
              : { description: 'Success', content: { 'application/json': { schema: { $ref: `#/components/schemas/${schema}` } } } };
  }
  for (const status of errorStatuses(route)) {
    responses[String(status)] = {
      description: ERROR_RESPONSES[status],
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    };
  }
  const roles = route.roles === 'public' ? 'anyone' : route.roles.join(', ');
  const description = [
    spec.description,
    `**Roles:** ${roles}. **Region scope:** ${route.scope}.`,
    route.later ? `**Not built yet** — answers 501 until ${route.later}.` : undefined,
  ]
    .filter(Boolean)
    .join('\n\n');
  return {
    operationId: route.operationId,
    summary: spec.summary,
    description,
    tags: [spec.tag],
    ...(spec.parameters ? { parameters: spec.parameters } : {}),
    ...(spec.body === FILE_BODY
      ? { requestBody: { required: true, description: 'The file’s bytes, sent with its own media type', content: FILE_CONTENT } }
      : spec.body
      ? { requestBody: { required: true, content: { 'application/json': { schema: { $ref: `#/components/schemas/${spec.body}` } } } } }
      : route.method === 'post' || route.method === 'put' || route.method === 'patch'
        ? { requestBody: { required: false, content: { 'application/json': { schema: { $ref: '#/components/schemas/Empty' } } } } }
        : {}),
    responses,
    security: route.roles === 'public' ? [] : route.roles.includes('adapter') ? [{ bearerAuth: [] }, { apiKey: [] }] : [{ bearerAuth: [] }],
    'x-roles': route.roles,
    'x-region-scope': route.scope,
    ...(route.later ? { 'x-not-implemented-until': route.later } : {}),
  };
}

export function buildOpenApiDocument(): Json {
  const paths: Record<string, Json> = {};
  for (const route of ROUTE_TABLE) (paths[route.path] ??= {})[route.method] = operation(route);
  return {
    openapi: '3.1.0',
    info: {
      title: 'Tongban (通办) runtime API',
      version: '0.1.0',
      description:
        'REST API of the Tongban workflow engine. Sign in with POST /api/auth/login and send the token as ' +
        '`Authorization: Bearer <token>`; department systems send an API key as `X-Api-Key`. Every error is ' +
        '`{ "error": { "code", "message", "details" } }`. A role held in a region reaches that region and every region below it.',
    },
    servers: [{ url: '/' }],
    tags: ['identity', 'deployments', 'definitions', 'instances', 'history', 'tasks', 'messages', 'jobs', 'admin', 'catalogue', 'files'].map((name) => ({ name })),
    paths,
    components: {
      schemas: SCHEMAS,
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        apiKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key' },
      },
    },
  };
}
