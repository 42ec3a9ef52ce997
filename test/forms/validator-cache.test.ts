import { expect } from 'chai';
import { acceptSubmission, clearFormCache, compileForm, formCacheKey, onFormCompiled, validateForm } from '@tongban/forms';
import { businessForm, submittedCase } from './fixtures.js';

describe('forms validator cache', () => {
  let compiled: string[] = [];
  let unsubscribe: () => void = () => undefined;
  beforeEach(() => {
    clearFormCache();
    compiled = [];
    unsubscribe = onFormCompiled((e) => compiled.push(e.key));
  });
  afterEach(() => unsubscribe());

  it('compiles a versioned form once and reuses the same validator', () => {
    const form = businessForm();
    const first = compileForm(form);
    for (let i = 0; i < 5; i++) validateForm(form, submittedCase());
    acceptSubmission(form, {}, 'applicant', {}, submittedCase());
    expect(compileForm(businessForm()).validate).to.equal(first.validate);
    expect(compiled).to.deep.equal(['gtgsh-sldj@1']);
  });

  it('compiles a new version separately', () => {
    validateForm(businessForm(), {});
    validateForm(businessForm({ version: 2 }), {});
    validateForm(businessForm({ version: 2 }), {});
    expect(compiled).to.deep.equal(['gtgsh-sldj@1', 'gtgsh-sldj@2']);
  });

  it('keys drafts without a version by a hash of the schema, insensitive to key order', () => {
    const draft = businessForm({ version: undefined });
    const reordered = { ...draft, schema: Object.fromEntries(Object.entries(draft.schema).reverse()) };
    expect(formCacheKey(draft)).to.match(/^gtgsh-sldj#[0-9a-f]{64}$/);
    expect(formCacheKey(reordered)).to.equal(formCacheKey(draft));
    validateForm(draft, {});
    validateForm(reordered, {});
    expect(compiled).to.have.length(1);

    const edited = businessForm({ version: undefined });
    edited.schema.description = 'edited';
    validateForm(edited, {});
    expect(compiled).to.have.length(2);
  });

  it('stops reporting after unsubscribe', () => {
    unsubscribe();
    validateForm(businessForm(), {});
    expect(compiled).to.deep.equal([]);
  });
});
