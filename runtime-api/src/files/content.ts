/**
 * What may be uploaded: the file types a government service accepts for materials, checked
 * against the bytes themselves (`file-type` reads the signature), so a renamed executable is
 * refused even when the client calls it a PDF. OFD (版式文档, GB/T 33190) is a ZIP container
 * whose root holds `OFD.xml`; `file-type` knows ZIP, so the declared type decides between
 * the two and the entry name is checked here.
 */
import { createHash } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import { ApiError } from '../errors.js';

/** 10 MiB: a scanned multi-page PDF at 200 dpi fits; anything larger belongs on paper or in a department system. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

export const FILE_TYPES = {
  'application/pdf': 'PDF',
  'image/jpeg': 'JPEG',
  'image/png': 'PNG',
  'application/ofd': 'OFD',
} as const;
const EXTENSIONS: Record<FileType, string> = { 'application/pdf': 'pdf', 'image/jpeg': 'jpg', 'image/png': 'png', 'application/ofd': 'ofd' };
export type FileType = keyof typeof FILE_TYPES;

export function isFileType(value: string): value is FileType {
  return Object.hasOwn(FILE_TYPES, value);
}

const allowedList = Object.values(FILE_TYPES).join('、');

/** The declared media type without parameters, lower case. */
export function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0]!.trim().toLowerCase();
}

/** Refuses anything but a non-empty body of an allowed type whose bytes are of that type. */
export async function checkContent(declared: string, body: unknown): Promise<{ type: FileType; bytes: Buffer; sha256: string }> {
  if (!isFileType(declared)) {
    throw new ApiError(415, 'FILE_TYPE_NOT_ALLOWED', `Files of type ${declared || '(none)'} are not accepted; upload ${allowedList}.`, { contentType: declared, allowed: Object.keys(FILE_TYPES) });
  }
  if (!Buffer.isBuffer(body) || body.length === 0) throw new ApiError(400, 'FILE_EMPTY', 'The file is empty: send its bytes as the request body.');
  const detected = await fileTypeFromBuffer(body);
  const matches = declared === 'application/ofd' ? detected?.mime === 'application/zip' && body.includes('OFD.xml') : detected?.mime === declared;
  if (!matches) {
    throw new ApiError(415, 'FILE_CONTENT_MISMATCH', `The file is not a ${FILE_TYPES[declared]} file (its content says ${detected?.mime ?? 'unknown'}).`, { declared, detected: detected?.mime ?? null });
  }
  return { type: declared, bytes: body, sha256: createHash('sha256').update(body).digest('hex') };
}

/** A file name as people see it: no path, no control characters (OpenAPI), at most 200 characters; default 材料.<ext>. */
export function cleanFileName(name: string | undefined, type: FileType): string {
  if (name === undefined) return `材料.${EXTENSIONS[type]}`;
  const base = name.split(/[\\/]/).pop()!.trim();
  if (!base || base === '.' || base === '..') throw new ApiError(400, 'VALIDATION_FAILED', 'The file name is empty.', [{ path: '/query/name', message: 'empty' }]);
  return base;
}
