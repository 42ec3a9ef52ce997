/**
 * The express application: operational endpoints, the OpenAPI document and docs, then the
 * `/api` pipeline (route → authentication → role → validation → region scope → handler), the
 * designer at `/`, and one error handler. `createApp` does no I/O; `createServer` wires it up.
 */
import express, { type Express } from 'express';
import helmet from 'helmet';
import swaggerUi from 'swagger-ui-express';
import type { AppContext } from './context.js';
import { ApiError, errorBody } from './errors.js';
import { authenticate, authorizeRole, resolveRoute } from './middleware/authenticate.js';
import { errorHandler } from './middleware/error-handler.js';
import { loginRateLimit } from './middleware/rate-limit.js';
import { requestLog } from './middleware/request-log.js';
import { validateRequests } from './middleware/validate-request.js';
// ── cases ── ── audit ──
import { auditTrail } from './audit/trail.js';
import { publicApplicationLimit, publicRateLimit } from './routes/public.js';
import { buildOpenApiDocument } from './openapi/document.js';
import { apiRouter } from './routes/index.js';
import { fileBodyParser, publicUploadLimit } from './routes/files.js';
import { ping } from './store/sql.js';
import { serveHome } from './web/home.js';

export function createApp(ctx: AppContext): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', ctx.config.trustProxy);
  app.use(requestLog(ctx.logger));
  app.use(
    helmet({
      contentSecurityPolicy: {
        // Forcing https breaks a plain-http development server on a LAN address.
        directives: ctx.config.production ? {} : { upgradeInsecureRequests: null },
      },
    }),
  );
  app.use(ctx.metrics.middleware);

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    try {
      await ping(ctx.knex);
      res.json({ status: 'ready', database: 'reachable' });
    } catch {
      res.status(503).json(errorBody(new ApiError(503, 'DATABASE_UNREACHABLE', 'The database does not answer.')));
    }
  });
  app.get('/metrics', async (_req, res) => {
    res.type(ctx.metrics.registry.contentType).send(await ctx.metrics.registry.metrics());
  });

  const document = buildOpenApiDocument();
  app.get('/api/openapi.json', (_req, res) => {
    res.json(document);
  });
  app.use('/api/docs', swaggerUi.serve, swaggerUi.setup(undefined, { swaggerOptions: { url: '/api/openapi.json', validatorUrl: null }, customSiteTitle: '通办 API' }));

  // ── audit ── every mutating request is on record before its answer leaves (audit/trail.ts)
  app.use('/api', auditTrail(ctx));
  app.post('/api/public/files', publicUploadLimit(ctx.config.loginRateLimit.windowMs)); // ── files ── anonymous uploads, counted before reading them
  app.use('/api', express.json({ limit: '10mb' }));
  app.use('/api', fileBodyParser()); // ── files ── uploads: the raw bytes of an accepted file type
  app.use('/api/auth/login', loginRateLimit(ctx.config.loginRateLimit));
  // ── cases ── applicants' lookups and ratings: failed attempts per address, as for sign-in
  app.post('/api/public/applications', publicApplicationLimit(ctx.config.publicApplicationLimit));
  app.use('/api/public', publicRateLimit(ctx.config.loginRateLimit));
  app.use('/api', resolveRoute, authenticate(ctx), authorizeRole);
  app.use(validateRequests(document, { validateResponses: ctx.config.validateResponses }));
  app.use(apiRouter(ctx));

  serveHome(app, ctx.config.designerDir);
  app.use(errorHandler(ctx.logger));
  return app;
}
