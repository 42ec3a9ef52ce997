/** Catalogue import and export: JSON, and Excel in the departments' column layout. */
import { principalOf, scopeOf } from '../context.js';
import { ApiError } from '../errors.js';
import { writeWorkbook, readWorkbook } from '../catalog/excel.js';
import { exportItems, formById, importItems, type ImportRow } from '../catalog/exchange.js';
import * as store from '../catalog/store.js';
import { XLSX_TYPE } from '../openapi/document.js';
import { itemFilter } from './catalog.js';
import type { HandlerFactory } from './handler.js';

export const catalogExchangeHandlers: HandlerFactory = (ctx) => ({
  async exportCatalogue(req, res) {
    const items = await exportItems(ctx.knex, itemFilter(req, scopeOf(res)));
    res.json({ format: 'tongban-catalogue', version: 1, items });
  },

  async exportCatalogueXlsx(req, res) {
    const items = await exportItems(ctx.knex, itemFilter(req, scopeOf(res)));
    const stamp = new Date().toISOString().slice(0, 10);
    res.type(XLSX_TYPE).attachment(`catalogue-${stamp}.xlsx`).send(await writeWorkbook(items));
  },

  async importCatalogue(req, res) {
    const body = req.body as { items?: unknown[]; xlsxBase64?: string };
    let rows: ImportRow[];
    if (body.xlsxBase64 !== undefined) {
      if (!/^[A-Za-z0-9+/=\s]+$/.test(body.xlsxBase64)) throw new ApiError(400, 'VALIDATION_FAILED', 'xlsxBase64 is not base64.', [{ path: '/body/xlsxBase64', message: 'not base64' }]);
      rows = await readWorkbook(Buffer.from(body.xlsxBase64, 'base64'), {
        latestData: async (implCode) => {
          const item = await store.findItem(ctx.knex, implCode);
          return item && (await store.latestVersion(ctx.knex, item.id))?.data;
        },
        form: (formId) => formById(ctx.knex, formId),
      });
    } else {
      rows = (body.items ?? []).map((input, i) => ({ row: i + 1, input }));
    }
    const partial = (req.query as Record<string, unknown>).partial;
    const report = await importItems(ctx, rows, { scope: scopeOf(res), userId: principalOf(res).id, partial: partial === true || partial === 'true' });
    res.json(report);
  },
});
