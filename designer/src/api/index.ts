/**
 * Every REST call the designer makes, in one place: when a route moves on the server, this is
 * the one line to change.
 */
import type { ValidationProblem } from '@/lib/problems';
import { problemsFrom } from '@/lib/problems';
import { ApiError, request } from './client';

export { ApiError, setToken, setUnauthorizedHandler } from './client';

export const ROUTES = {
  login: '/api/auth/login',
  me: '/api/me',
  regions: '/api/regions',
  definitions: '/api/definitions',
  definitionXml: (id: string) => `/api/definitions/${encodeURIComponent(id)}/xml`,
  deployments: '/api/deployments',
  /** Dry-run validation (no deployment). */
  validate: '/api/deployments/validate',
} as const;

export interface User {
  id: string;
  username: string;
  displayName: string;
  roles: string[];
  /** null: every region (administrators). */
  regionCode: string | null;
  departmentId: string | null;
}

export interface Region {
  code: string;
  name: string;
}

export interface DefinitionSummary {
  id: string;
  key: string;
  version: number;
  name: string | null;
  resource: string;
  createdAt: string;
}

export interface Resource {
  name: string;
  xml: string;
}

export interface DeploymentResult {
  deploymentId: string;
  definitions: (DefinitionSummary & { isNew?: boolean })[];
}

export function login(username: string, password: string): Promise<{ token: string; user: User }> {
  return request('POST', ROUTES.login, { username, password });
}

export function me(): Promise<User> {
  return request('GET', ROUTES.me);
}

/** Regions at and below `under` (all when absent). */
export function listRegions(under?: string | null): Promise<Region[]> {
  const q = under ? `?under=${encodeURIComponent(under)}` : '';
  return request<Region[] | { items: Region[] }>('GET', `${ROUTES.regions}${q}`).then((r) => (Array.isArray(r) ? r : r.items));
}

export function listDefinitions(): Promise<DefinitionSummary[]> {
  return request<DefinitionSummary[] | { items: DefinitionSummary[] }>('GET', ROUTES.definitions).then((r) => (Array.isArray(r) ? r : r.items));
}

export function definitionXml(id: string): Promise<string> {
  return request('GET', ROUTES.definitionXml(id), undefined, 'text');
}

export async function validate(resources: Resource[]): Promise<ValidationProblem[]> {
  return problemsFrom(await request('POST', ROUTES.validate, { resources }));
}

/** Deploys; a 422 comes back as `{ problems }` instead of an exception. */
export async function deploy(name: string, resources: Resource[]): Promise<{ result?: DeploymentResult; problems: ValidationProblem[] }> {
  try {
    return { result: await request<DeploymentResult>('POST', ROUTES.deployments, { name, resources }), problems: [] };
  } catch (err) {
    if (err instanceof ApiError && err.status === 422) {
      const problems = problemsFrom(err.body);
      if (problems.length > 0) return { problems };
    }
    throw err;
  }
}
