import { expect } from 'chai';
import { EngineError } from '../../../engine/src/index.js';
import { sql } from '../../../engine/src/store/index.js';
import type { NewNotification } from '../../../engine/src/store/index.js';
import { type TestEngine, testEngine } from '../../support/engine.js';
import { HOUR } from './support.js';

/**
 * CC (抄送) and reminder notices: written by `sql.insertNotifications` (as the runtime's unit
 * of work does), read and marked through the engine. A user sees notices addressed to them or
 * to one of their groups, and marks only those.
 */
describe('engine: notifications', function () {
  let t: TestEngine;
  let now: Date;
  const zhang = { userId: 'zhangsan', groups: ['审批科:科员'] };

  function notice(id: string, fields: Partial<NewNotification> & { createdAt: Date }): NewNotification {
    return {
      id,
      instanceId: 'inst-1',
      rootId: 'inst-1',
      taskId: null,
      elementId: null,
      kind: 'cc',
      recipientUser: null,
      recipientGroup: null,
      sender: null,
      comment: null,
      ...fields,
    };
  }

  before(async () => {
    t = await testEngine('notifications');
    now = t.clock.now();
    const at = (hours: number) => new Date(now.getTime() + hours * HOUR);
    await sql.insertNotifications(t.engine.database.knex, [
      notice('n-user', { createdAt: at(-5), recipientUser: 'zhangsan', sender: 'lisi', comment: '请阅', taskId: 'task-1', elementId: 'sign' }),
      notice('n-group', { createdAt: at(-4), recipientGroup: '审批科:科员', sender: 'lisi' }),
      notice('n-other-group', { createdAt: at(-3), recipientGroup: '窗口:受理员' }),
      notice('n-other-user', { createdAt: at(-2), recipientUser: 'wangwu' }),
      notice('n-reminder', { createdAt: at(-1), kind: 'reminder', recipientUser: 'zhangsan', instanceId: 'inst-2', rootId: 'inst-2' }),
      notice('n-both', { createdAt: at(-1), recipientUser: 'zhangsan', recipientGroup: '审批科:科员' }),
    ]);
  });
  after(() => t.close());

  const listed = async (query: Parameters<typeof t.engine.listNotifications>[0]) => (await t.engine.listNotifications(query)).map((n) => n.id);

  it('writes nothing for an empty batch', async () => {
    await sql.insertNotifications(t.engine.database.knex, []);
  });

  it('lists what is addressed to the user or their groups, newest first, each once', async () => {
    expect(await listed(zhang)).to.deep.equal(['n-reminder', 'n-both', 'n-group', 'n-user']);
    expect(await listed({ userId: 'zhangsan' })).to.deep.equal(['n-reminder', 'n-both', 'n-user']);
    expect(await listed({ userId: 'lisi', groups: ['审批科:科员'] })).to.deep.equal(['n-both', 'n-group']);
  });

  it('keeps every field', async () => {
    const [first] = (await t.engine.listNotifications({ userId: 'zhangsan', instanceId: 'inst-1' })).slice(-1);
    expect(first).to.deep.equal({
      id: 'n-user',
      instanceId: 'inst-1',
      rootId: 'inst-1',
      taskId: 'task-1',
      elementId: 'sign',
      kind: 'cc',
      recipientUser: 'zhangsan',
      recipientGroup: null,
      sender: 'lisi',
      comment: '请阅',
      createdAt: new Date(now.getTime() - 5 * HOUR),
      readAt: null,
    });
  });

  it('filters by instance and pages', async () => {
    expect(await listed({ ...zhang, instanceId: 'inst-2' })).to.deep.equal(['n-reminder']);
    expect(await listed({ ...zhang, limit: 2 })).to.deep.equal(['n-reminder', 'n-both']);
    expect(await listed({ ...zhang, limit: 2, offset: 2 })).to.deep.equal(['n-group', 'n-user']);
    expect(await listed({ ...zhang, limit: 2, offset: 4 })).to.deep.equal([]);
  });

  describe('read marks', () => {
    it('marks the user\'s own notice read at the engine clock, once', async () => {
      const marked = await t.engine.markNotificationRead('n-user', { userId: 'zhangsan' });
      expect(marked.readAt).to.deep.equal(now);
      t.clock.advance(HOUR);
      try {
        const again = await t.engine.markNotificationRead('n-user', { userId: 'zhangsan' });
        expect(again.readAt).to.deep.equal(now); // the first time stays
      } finally {
        t.clock.set(now);
      }
      expect(await listed({ ...zhang, unreadOnly: true })).to.deep.equal(['n-reminder', 'n-both', 'n-group']);
    });

    it('a member marks a group\'s notice read for the whole group', async () => {
      await t.engine.markNotificationRead('n-group', zhang);
      expect(await listed({ userId: 'lisi', groups: ['审批科:科员'], unreadOnly: true })).to.deep.equal(['n-both']);
    });

    it('refuses a notice addressed to someone else, and changes nothing', async () => {
      for (const [notificationId, reader] of [
        ['n-other-user', zhang],
        ['n-other-group', zhang],
        ['n-group', { userId: 'zhangsan' }], // not claiming the group
      ] as const) {
        try {
          await t.engine.markNotificationRead(notificationId, reader);
          expect.fail('expected a refusal');
        } catch (err) {
          expect(err).to.be.instanceOf(EngineError);
          expect((err as EngineError).code).to.equal('INVALID_ARGUMENT');
          expect((err as EngineError).message).to.match(new RegExp(`Notification ${notificationId} is not addressed to user zhangsan`));
        }
      }
      expect((await sql.getNotification(t.engine.database.knex, 'n-other-user'))!.readAt).to.equal(null);
      expect((await sql.getNotification(t.engine.database.knex, 'n-other-group'))!.readAt).to.equal(null);
    });

    it('refuses a notice that does not exist with NOTIFICATION_NOT_FOUND', async () => {
      try {
        await t.engine.markNotificationRead('n-missing', zhang);
        expect.fail('expected a refusal');
      } catch (err) {
        expect((err as EngineError).code).to.equal('NOTIFICATION_NOT_FOUND');
        expect((err as EngineError).message).to.equal('Notification n-missing does not exist.');
      }
    });
  });
});
