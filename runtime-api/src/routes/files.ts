/**
 * Files of cases (申请材料的电子件): uploads (raw body, the file's own media type), listings and
 * downloads, for staff by the case's region (route table) and for applicants by case number
 * plus ID number. The audit log notes each upload with its digest.
 */
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { noteAudit } from '../audit/trail.js';
import { requireCase } from '../cases/common.js';
import { caseForApplicant } from '../cases/progress.js';
import { ONLINE_APPLICANT } from '../cases/submit.js';
import type { AppContext } from '../context.js';
import { principalOf } from '../context.js';
import { rateLimit } from 'express-rate-limit';
import { ApiError, errorBody } from '../errors.js';
import { PUBLIC_UPLOADS_PER_WINDOW } from '../files/openapi.js';
import { FILE_TYPES, MAX_FILE_BYTES, mediaType } from '../files/content.js';
import { fileJson, publicFileJson, storeUpload } from '../files/files.js';
import { type FileRow, fileContent, getFile, listCaseFiles } from '../files/store.js';
import { type HandlerFactory, param, queryText } from './handler.js';

/** Reads an upload's bytes (only for the accepted media types); a body over the limit is 413 naming it. */
export function fileBodyParser(): RequestHandler[] {
  const tooLarge = (err: unknown, _req: Request, _res: Response, next: NextFunction) => {
    if ((err as { type?: string }).type === 'entity.too.large') {
      return next(new ApiError(413, 'FILE_TOO_LARGE', `The file is larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB.`, { maxBytes: MAX_FILE_BYTES }));
    }
    next(err);
  };
  return [express.raw({ type: Object.keys(FILE_TYPES), limit: MAX_FILE_BYTES }), tooLarge as unknown as RequestHandler];
}

/** Anonymous uploads per address (every upload counts, not only failures). */
export function publicUploadLimit(windowMs: number): RequestHandler {
  return rateLimit({
    windowMs,
    limit: PUBLIC_UPLOADS_PER_WINDOW,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler(_req, res) {
      res.status(429).json(errorBody(new ApiError(429, 'TOO_MANY_UPLOADS', `Too many uploads from this address; try again in ${Math.ceil(windowMs / 60000)} minutes.`)));
    },
  });
}

const fileNotFound = (id: string) => new ApiError(404, 'FILE_NOT_FOUND', `File ${id} does not exist in this case.`, { id });

async function sendFile(ctx: AppContext, res: Response, file: FileRow): Promise<void> {
  const content = await fileContent(ctx.knex, file.id);
  if (!content) throw fileNotFound(file.id);
  res.attachment(file.name); // Content-Disposition with an ASCII fallback and the UTF-8 name (RFC 6266)
  res.type(file.contentType);
  res.set({
    'Cache-Control': 'private, no-store',
    ETag: `"${file.sha256}"`,
    'Repr-Digest': `sha-256=:${Buffer.from(file.sha256, 'hex').toString('base64')}:`,
  });
  res.send(content);
}

/** The file, if it belongs to this case (a file of another case is not found here). */
async function caseFile(ctx: AppContext, caseId: string, fileId: string): Promise<FileRow> {
  const file = await getFile(ctx.knex, fileId);
  if (!file || file.caseId !== caseId) throw fileNotFound(fileId);
  return file;
}

function uploadOf(req: Request) {
  const [name, materialId] = [queryText(req, 'name'), queryText(req, 'materialId')];
  return { contentType: mediaType(req.headers['content-type']), body: req.body as unknown, ...(name !== undefined ? { name } : {}), ...(materialId !== undefined ? { materialId } : {}) };
}

export const fileHandlers: HandlerFactory = (ctx) => ({
  async uploadFile(req, res) {
    const file = await storeUpload(ctx, principalOf(res).id, uploadOf(req));
    noteAudit(res, { targetId: file.id, summary: { name: file.name, size: file.size, sha256: file.sha256, materialId: file.materialId } });
    res.status(201).json(fileJson(file));
  },

  async uploadCaseFile(req, res) {
    const target = await requireCase(ctx, param(req, 'id'));
    const file = await storeUpload(ctx, principalOf(res).id, uploadOf(req), target);
    noteAudit(res, { targetId: target.id, regionCode: target.regionCode, summary: { caseNo: target.caseNo, fileId: file.id, name: file.name, size: file.size, sha256: file.sha256, materialId: file.materialId } });
    res.location(`/api/cases/${target.id}/files/${file.id}`);
    res.status(201).json(fileJson(file));
  },

  async listCaseFiles(req, res) {
    const found = await requireCase(ctx, param(req, 'id'));
    res.json({ items: (await listCaseFiles(ctx.knex, found.id)).map(fileJson) });
  },

  async downloadCaseFile(req, res) {
    const found = await requireCase(ctx, param(req, 'id'));
    await sendFile(ctx, res, await caseFile(ctx, found.id, param(req, 'fileId')));
  },

  // The online application's uploads: the applicant has no account, so the file's random id is its key.
  async uploadPublicFile(req, res) {
    const file = await storeUpload(ctx, ONLINE_APPLICANT.id, uploadOf(req));
    noteAudit(res, { targetId: file.id, summary: { name: file.name, size: file.size, sha256: file.sha256, materialId: file.materialId } });
    res.status(201).json(publicFileJson(file));
  },

  async listPublicCaseFiles(req, res) {
    const { caseNo, idNumber } = req.body as { caseNo: string; idNumber: string };
    const found = await caseForApplicant(ctx, caseNo, idNumber);
    noteAudit(res, { targetId: found.id, regionCode: found.regionCode });
    res.json({ items: (await listCaseFiles(ctx.knex, found.id)).map(publicFileJson) });
  },

  async downloadPublicCaseFile(req, res) {
    const { caseNo, idNumber } = req.body as { caseNo: string; idNumber: string };
    const found = await caseForApplicant(ctx, caseNo, idNumber);
    noteAudit(res, { targetId: found.id, regionCode: found.regionCode, summary: { fileId: param(req, 'id') } });
    await sendFile(ctx, res, await caseFile(ctx, found.id, param(req, 'id')));
  },
});
