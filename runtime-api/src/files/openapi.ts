/**
 * The files' part of the OpenAPI document. Uploads send the bytes as the request body with the
 * file's own media type (`body: FILE_BODY`), downloads answer them the same way; the name and
 * the material travel in the query. ID numbers of applicants travel in bodies, never in URLs.
 */
import type { OperationSpec } from '../openapi/operations.js';
import { MAX_FILE_BYTES } from './content.js';

/** Anonymous uploads per client address per 15 minutes: enough for any application's materials, not for filling the database. */
export const PUBLIC_UPLOADS_PER_WINDOW = 30;

type Schema = Record<string, unknown>;
/** `body` / response marker: the raw bytes of an allowed file type (openapi/document.ts). */
export const FILE_BODY = 'file';

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const PRINTABLE = '^[^\\u0000-\\u001f\\u007f]+$';
const idParam = (name: string, description: string): Schema => ({ name, in: 'path', required: true, description, schema: { type: 'string', minLength: 1, maxLength: 255, pattern: PRINTABLE } });
const CASE_ID = idParam('id', 'Case id (= its process instance id)');
const NAME: Schema = { name: 'name', in: 'query', required: false, description: 'The file name shown to people (a path is cut off); default: 材料.<type>', schema: { type: 'string', minLength: 1, maxLength: 200, pattern: PRINTABLE } };
const MATERIAL: Schema = { name: 'materialId', in: 'query', required: false, description: 'The item’s material this file provides (none: another document of the case)', schema: { type: 'string', minLength: 1, maxLength: 100, pattern: PRINTABLE } };
function object(properties: Record<string, Schema>, required: readonly string[] = Object.keys(properties)): Schema {
  return { type: 'object', properties, required: [...required], additionalProperties: false };
}
const nullableText: Schema = { type: ['string', 'null'] };
const LIMITS = `At most ${MAX_FILE_BYTES / 1024 / 1024} MiB (413); PDF, JPEG, PNG or OFD, checked against the bytes (415).`;

export const FILE_OPERATIONS = {
  uploadFile: {
    tag: 'files',
    summary: 'Upload a material’s file before submitting the case; refer to it in the form data as { name, ref }',
    description: `${LIMITS} The file stays unattached, visible to nobody, until a submission by the same uploader refers to it; unattached files are deleted after 24 hours.`,
    parameters: [NAME, MATERIAL],
    body: FILE_BODY,
    responses: { 201: 'StoredFile' },
  },
  uploadPublicFile: {
    tag: 'public',
    summary: 'For applicants applying online: upload a material’s file, then refer to it in the application’s form data',
    description: `${LIMITS} No account: the returned id is the only key to the file, and only an online application referring to it attaches it; unattached files are deleted after 24 hours. At most ${PUBLIC_UPLOADS_PER_WINDOW} uploads per address per 15 minutes (429).`,
    parameters: [NAME, MATERIAL],
    body: FILE_BODY,
    responses: { 201: 'PublicFile' },
  },
  uploadCaseFile: {
    tag: 'files',
    summary: 'Add a file to an open case, for one of its item’s materials (checked) or as another document',
    description: LIMITS,
    parameters: [CASE_ID, NAME, MATERIAL],
    body: FILE_BODY,
    responses: { 201: 'StoredFile' },
  },
  listCaseFiles: { tag: 'files', summary: 'The files of a case, in upload order (no content)', parameters: [CASE_ID], responses: { 200: 'StoredFileList' } },
  downloadCaseFile: {
    tag: 'files',
    summary: 'Download a file of a case',
    description: 'Answers the bytes with the stored media type, the file name as an attachment and `Repr-Digest: sha-256=:…:`.',
    parameters: [CASE_ID, idParam('fileId', 'File id')],
    responses: { 200: FILE_BODY },
  },
  listPublicCaseFiles: {
    tag: 'public',
    summary: 'For applicants: the files of their case — case number plus ID number',
    description: 'Unknown case and wrong number get the same 404. Rate-limited per address (429).',
    body: 'ProgressLookupRequest',
    responses: { 200: 'PublicFileList' },
  },
  downloadPublicCaseFile: {
    tag: 'public',
    summary: 'For applicants: download a file of their case — case number plus ID number',
    parameters: [idParam('id', 'File id')],
    body: 'ProgressLookupRequest',
    responses: { 200: FILE_BODY },
  },
} satisfies Record<string, OperationSpec>;

const FILE_FIELDS: Record<string, Schema> = {
  id: { type: 'string' },
  ref: { type: 'string', description: 'What a form’s file field keeps: file:<id>' },
  materialId: nullableText,
  name: { type: 'string' },
  contentType: { type: 'string' },
  size: { type: 'integer', minimum: 1 },
  sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' },
  uploadedAt: { type: 'string', format: 'date-time' },
};

export const FILE_SCHEMAS: Record<string, Schema> = {
  StoredFile: object({ ...FILE_FIELDS, caseId: nullableText, uploadedBy: { type: 'string' } }),
  StoredFileList: object({ items: { type: 'array', items: ref('StoredFile') } }),
  PublicFile: object(FILE_FIELDS),
  PublicFileList: object({ items: { type: 'array', items: ref('PublicFile') } }),
};
