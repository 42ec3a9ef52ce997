import { expect } from 'chai';
import en from '../../designer/src/i18n/en.js';
import toolsEn from '../../designer/src/i18n/tools.en.js';
import toolsZh from '../../designer/src/i18n/tools.zh-CN.js';
import zhCN from '../../designer/src/i18n/zh-CN.js';

describe('designer: i18n of lint, charts and builder history', () => {
  // tools.*.ts is spread into the message files first: a namespace of the same name further
  // down would silently replace it, and the page would show the keys.
  it('no later namespace replaces one of tools.*.ts', () => {
    for (const [merged, tools] of [[zhCN, toolsZh], [en, toolsEn]] as const) {
      for (const [ns, messages] of Object.entries(tools)) expect((merged as Record<string, unknown>)[ns], ns).to.deep.equal(messages);
    }
  });
});
