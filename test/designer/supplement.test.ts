/** 补正 at the window: the open request's missing list, and what resubmission records as received. */
import { expect } from 'chai';
import { openSupplement, resubmittedMaterials } from '../../designer/src/lib/workbench/supplement.js';

describe('designer: resubmission after 补正', () => {
  const ended = { kind: 'supplement', endedAt: '2026-01-05T02:00:00Z', startedAt: '2026-01-04T02:00:00Z', reason: 'old', missingMaterials: [{ name: '旧材料' }] };
  const open = {
    kind: 'supplement',
    endedAt: null,
    startedAt: '2026-01-06T02:00:00Z',
    reason: '材料不全',
    missingMaterials: [{ name: '营业执照', materialId: 'businessLicence' }, { name: '场所平面图', reason: '未标注尺寸' }, { name: '  ' }],
  };

  it('reads the open request only, for a case in 补正', () => {
    const r = openSupplement({ status: 'supplement', suspensions: [ended, open] });
    expect(r).to.deep.equal({
      since: '2026-01-06T02:00:00Z',
      reason: '材料不全',
      missing: [{ name: '营业执照', materialId: 'businessLicence' }, { name: '场所平面图', reason: '未标注尺寸' }],
    });
    expect(openSupplement({ status: 'processing', suspensions: [open] })).to.equal(undefined);
    expect(openSupplement({ status: 'supplement', suspensions: [ended] })).to.equal(undefined);
    expect(openSupplement(undefined)).to.equal(undefined);
  });

  it('records only the ticked materials as received, keeping their catalogue ids', () => {
    const { missing } = openSupplement({ status: 'supplement', suspensions: [open] })!;
    expect(resubmittedMaterials(missing, new Set(['营业执照']))).to.deep.equal([{ name: '营业执照', materialId: 'businessLicence', copies: 1, form: 'paper' }]);
    expect(resubmittedMaterials(missing, new Set())).to.deep.equal([]);
  });
});
