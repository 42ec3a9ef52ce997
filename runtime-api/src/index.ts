/**
 * @tongban/runtime-api — the Tongban HTTP server. See README.md.
 */
export { createServer, openServerDatabase, type RunningServer, type ServerOptions } from './server.js';
export { createApp } from './app.js';
export { loadConfig, ConfigError, type ServerConfig } from './config.js';
export type { AppContext } from './context.js';
export { ApiError } from './errors.js';
export { createDirectory, type Directory, type DirectoryUser } from './identity/directory.js';
export { ROLES, ACTORS, type Role, type Actor } from './identity/roles.js';
export { ROUTE_TABLE, type Route, type RouteSpec, type ScopeRule, type OperationId } from './routes/route-table.js';
export { buildOpenApiDocument } from './openapi/document.js';
export { migrateApi } from './store/migrations.js';
