import { expect } from 'chai';
import { EngineError } from '../../../engine/src/index.js';
import { type TestEngine, testEngine } from '../../support/engine.js';

/** Bad inbox and notification queries are refused before any SQL, with a sentence naming the field. */
describe('engine: inbox and notification queries are validated', function () {
  let t: TestEngine;
  before(async () => {
    t = await testEngine('inbox_validation');
  });
  after(() => t.close());

  async function refused(work: () => Promise<unknown>, pattern: RegExp, code = 'INVALID_ARGUMENT'): Promise<void> {
    try {
      await work();
    } catch (err) {
      expect(err).to.be.instanceOf(EngineError);
      expect((err as EngineError).code).to.equal(code);
      expect((err as EngineError).message).to.match(pattern);
      return;
    }
    expect.fail(`expected refusal matching ${pattern}`);
  }

  const bad: [string, Record<string, unknown>, RegExp][] = [
    ['no user', {}, /userId is required/],
    ['an empty user', { userId: '  ' }, /userId must be a non-empty string/],
    ['a user that is not a string', { userId: 7 }, /userId must be a non-empty string.*got 7/],
    ['groups that are not an array', { userId: 'u', groups: '审批科:科员' }, /groups must be an array/],
    ['an empty group', { userId: 'u', groups: ['审批科:科员', ''] }, /groups\[1\] must be a non-empty group id/],
    ['too many groups', { userId: 'u', groups: Array.from({ length: 1001 }, (_, k) => `g${k}`) }, /at most 1000 groups/],
    ['an unknown scope', { userId: 'u', scope: 'everything' }, /scope must be one of mine, candidate, all, got "everything"/],
    ['an unknown sort', { userId: 'u', sort: 'name' }, /sort must be one of dueAt, createdAt, priority/],
    ['an unknown direction', { userId: 'u', direction: 'up' }, /direction must be one of asc, desc/],
    ['a limit of 0', { userId: 'u', limit: 0 }, /limit must be a whole number from 1 to 200, got 0/],
    ['a limit over 200', { userId: 'u', limit: 201 }, /limit must be a whole number from 1 to 200/],
    ['a fractional limit', { userId: 'u', limit: 1.5 }, /limit must be a whole number/],
    ['a limit given as text', { userId: 'u', limit: '20' }, /limit must be a whole number.*got "20"/],
    ['a negative offset', { userId: 'u', offset: -1 }, /offset must be a whole number from 0 to 100000/],
    ['a due date given as text', { userId: 'u', dueBefore: '2026-03-01' }, /dueBefore must be a valid Date/],
    ['an invalid Date', { userId: 'u', dueAfter: new Date('not a date') }, /dueAfter must be a valid Date, got an invalid date/],
    ['an empty due window', { userId: 'u', dueAfter: new Date('2026-03-02'), dueBefore: new Date('2026-03-01') }, /dueAfter .* must be earlier than dueBefore/],
    ['overdue as text', { userId: 'u', overdue: 'yes' }, /overdue must be true or false/],
    ['an empty process key', { userId: 'u', processKey: '' }, /processKey must be a non-empty string/],
    ['an unknown field', { userId: 'u', assignee: 'u' }, /unknown field "assignee"/],
  ];

  for (const [what, query, pattern] of bad) {
    it(`inbox refuses ${what}`, () => refused(() => t.engine.inbox(query as never), pattern));
  }

  it('inbox refuses a query that is not an object', async () => {
    await refused(() => t.engine.inbox(null as never), /Inbox query must be an object, got null/);
    await refused(() => t.engine.inbox(['u'] as never), /must be an object, got an array/);
  });

  it('names the field in the error details', async () => {
    try {
      await t.engine.inbox({ userId: 'u', limit: 500 });
      expect.fail('expected a refusal');
    } catch (err) {
      expect((err as EngineError).details).to.deep.equal({ field: 'limit' });
    }
  });

  it('counts refuse what the inbox refuses, and fields they do not take', async () => {
    await refused(() => t.engine.inboxCounts({} as never), /Inbox counts: userId is required/);
    await refused(() => t.engine.inboxCounts({ userId: 'u', scope: 'mine' } as never), /unknown field "scope"/);
  });

  it('notification queries are checked the same way', async () => {
    await refused(() => t.engine.listNotifications({} as never), /Notification query: userId is required/);
    await refused(() => t.engine.listNotifications({ userId: 'u', unreadOnly: 1 } as never), /unreadOnly must be true or false/);
    await refused(() => t.engine.listNotifications({ userId: 'u', limit: 1000 }), /limit must be a whole number from 1 to 200/);
    await refused(() => t.engine.markNotificationRead('', { userId: 'u' }), /notification id must be a non-empty string/);
    await refused(() => t.engine.markNotificationRead('n1', {} as never), /Marking a notification read: userId is required/);
  });

  it('accepts every field at once', async () => {
    const page = await t.engine.inbox({
      userId: 'u',
      groups: ['审批科:科员', '审批科:科员'],
      scope: 'candidate',
      processKey: 'p',
      businessKey: 'b',
      elementId: 'e',
      dueAfter: new Date('2026-01-01'),
      dueBefore: new Date('2026-12-31'),
      overdue: false,
      sort: 'priority',
      direction: 'asc',
      limit: 200,
      offset: 100_000,
    });
    expect(page).to.deep.equal({ tasks: [], total: 0 });
  });
});
