import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadBpmn } from '../../../engine/src/model/index.js';
import { createModdle, fromXml } from '../../../engine/src/model/moddle.js';
import { expect } from './expect.js';

/**
 * The OMG BPMN MIWG reference models (see the corpus README): interchange files from many
 * tools. They live in `shared/` beside the repository (where CI puts them), or wherever
 * TONGBAN_CORPUS_DIR points. A clone without them skips these tests — except under CI.
 */
const CORPUS = process.env.TONGBAN_CORPUS_DIR ?? fileURLToPath(new URL('../../../../shared/corpora/miwg', import.meta.url));
const present = existsSync(CORPUS);
const files = present ? readdirSync(CORPUS).filter((f) => f.endsWith('.bpmn')).sort() : [];

describe('model: MIWG reference corpus', () => {
  it('holds the reference models', function () {
    if (!present && !process.env.CI) this.skip(); // no corpus beside this clone
    expect(present, `MIWG corpus not found at ${CORPUS}`).to.equal(true);
    expect(files.length).to.be.above(20);
  });

  for (const file of files) {
    it(`${file}: parses, then compiles or reports well-formed problems`, async () => {
      const xml = readFileSync(path.join(CORPUS, file), 'utf8');
      const parsed = await fromXml(createModdle(), xml);
      expect(parsed.rootElement.$type).to.equal('bpmn:Definitions');

      const { problems, processes } = await loadBpmn(xml, { resource: file });
      expect(problems.length === 0 ? processes.length > 0 : processes.length === 0, 'compiles xor reports').to.equal(true);
      for (const p of problems) {
        expect(p.elementId, p.message).to.be.a('string');
        expect(p.elementId.length, p.message).to.be.above(0);
        expect(p.elementType.length, p.message).to.be.above(0);
        expect(p.message.length).to.be.above(0);
        expect(p.resource).to.equal(file);
      }
    });
  }
});
