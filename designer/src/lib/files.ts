/**
 * Files for materials, as the server accepts them (runtime-api files/content.ts): PDF, JPEG,
 * PNG and OFD up to 10 MiB. Browsers often give OFD (and sometimes others) no media type, so
 * the extension decides when the type is missing. Checked here only to answer at once; the
 * server checks the bytes and decides.
 */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
const BY_EXTENSION: Record<string, string> = { pdf: 'application/pdf', jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', ofd: 'application/ofd' };
export const ACCEPTED_TYPES = [...new Set(Object.values(BY_EXTENSION))];
/** For `<input accept>`. */
export const ACCEPT = [...Object.keys(BY_EXTENSION).map((e) => `.${e}`), ...ACCEPTED_TYPES].join(',');

/** The media type to upload a file as, or undefined when it is not accepted. */
export function uploadType(file: { name: string; type: string }): string | undefined {
  if (ACCEPTED_TYPES.includes(file.type)) return file.type;
  const ext = /\.([a-z0-9]+)$/i.exec(file.name)?.[1]?.toLowerCase();
  return ext ? BY_EXTENSION[ext] : undefined;
}

/** What is wrong with a file before sending it: 'type', 'size', 'empty', or undefined. */
export function fileProblem(file: { name: string; type: string; size: number }): 'type' | 'size' | 'empty' | undefined {
  if (!uploadType(file)) return 'type';
  if (file.size === 0) return 'empty';
  if (file.size > MAX_FILE_BYTES) return 'size';
  return undefined;
}

/** `file:<id>` → the id (what a form's file field keeps as `ref`). */
export function fileIdOf(ref: string): string | undefined {
  return ref.startsWith('file:') ? ref.slice(5) : undefined;
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Hands a downloaded file to the browser as a download with its name. */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Where a form's file fields send and fetch files (FormRenderer's `files`): a running case,
 * the online application, … Without one (the form designer's preview) files stay local names.
 */
export interface FileBinding {
  upload(file: File, contentType: string, materialId: string | undefined): Promise<{ name: string; ref: string }>;
  download?(ref: string, name: string): Promise<void>;
}
