/** The accept dialog's result for an immediate item (即办件): what it refuses to send, and what it sends. */
import { expect } from 'chai';
import { blankResult, missingForResult, resultOf } from '../../designer/src/lib/workbench/acceptance-result.js';

describe('designer: the result at acceptance (即办件)', () => {
  const licence = { certificateRequired: true };
  const service = { certificateRequired: false };

  it('asks for the certificate number to grant a licence, and for the reason to deny', () => {
    expect(missingForResult(blankResult(), licence)).to.deep.equal(['certificateNo']);
    expect(missingForResult({ ...blankResult(), certificateNo: '  ' }, licence)).to.deep.equal(['certificateNo']);
    expect(missingForResult({ ...blankResult(), certificateNo: 'JY1' }, licence)).to.deep.equal([]);
    expect(missingForResult(blankResult(), service)).to.deep.equal([]);
    expect(missingForResult({ ...blankResult(), decision: 'denied' }, service)).to.deep.equal(['note']);
    expect(missingForResult({ ...blankResult(), decision: 'denied', note: '名称重复' }, licence)).to.deep.equal([]);
  });

  it('sends the result trimmed, without blanks or the other decision’s fields', () => {
    expect(resultOf({ decision: 'granted', certificateNo: ' JY1 ', documentNo: '', note: 'left over' })).to.deep.equal({ decision: 'granted', certificateNo: 'JY1' });
    expect(resultOf({ decision: 'denied', certificateNo: 'JY1', documentNo: '文2', note: ' 名称重复 ' })).to.deep.equal({ decision: 'denied', documentNo: '文2', note: '名称重复' });
  });
});
