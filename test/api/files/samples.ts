/** One valid request per file route, for the permission matrix and the generated error tests. */
import type { FILE_OPERATIONS } from '../../../runtime-api/src/files/openapi.js';
import type { Actor } from '../../../runtime-api/src/identity/roles.js';
import { type Harness, INSIDE_VILLAGE, OUTSIDE_VILLAGE } from '../support/harness.js';
import { idNumber } from '../cases/support/fixtures.js';
import { PDF, caseWithFile } from './support.js';

type Place = 'inside' | 'outside';
type Builder = (h: Harness, place: Place, actor: Actor) => Promise<{ path: string; body?: unknown; contentType?: string }>;
const regionOf = (place: Place) => (place === 'inside' ? INSIDE_VILLAGE : OUTSIDE_VILLAGE);

export const FILE_SAMPLES: Record<keyof typeof FILE_OPERATIONS, Builder> = {
  uploadFile: async () => ({ path: `/api/files?name=${encodeURIComponent('营业执照.pdf')}&materialId=m1`, body: PDF, contentType: 'application/pdf' }),
  uploadPublicFile: async () => ({ path: '/api/public/files?materialId=m1', body: PDF, contentType: 'application/pdf' }),
  uploadCaseFile: async (h, place) => {
    const { id } = await caseWithFile(h, regionOf(place), { file: false });
    return { path: `/api/cases/${id}/files?name=a.pdf&materialId=m1`, body: PDF, contentType: 'application/pdf' };
  },
  listCaseFiles: async (h, place) => ({ path: `/api/cases/${(await caseWithFile(h, regionOf(place))).id}/files` }),
  downloadCaseFile: async (h, place) => {
    const { id, fileId } = await caseWithFile(h, regionOf(place));
    return { path: `/api/cases/${id}/files/${fileId}` };
  },
  listPublicCaseFiles: async (h, place) => ({ path: '/api/public/case-files', body: { caseNo: (await caseWithFile(h, regionOf(place))).caseNo, idNumber: idNumber(1) } }),
  downloadPublicCaseFile: async (h, place) => {
    const { caseNo, fileId } = await caseWithFile(h, regionOf(place));
    return { path: `/api/public/case-files/${fileId}`, body: { caseNo, idNumber: idNumber(1) } };
  },
};
