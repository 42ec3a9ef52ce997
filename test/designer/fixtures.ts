/** Simple-builder chains used by the designer tests, and a moddle that knows `tongban:`. */
import { readFileSync } from 'node:fs';
import { BpmnModdle } from 'bpmn-moddle';
import type { SimpleProcess } from '../../designer/src/lib/simple-builder/index.js';

const descriptor: unknown = JSON.parse(readFileSync(new URL('../../engine/src/model/tongban.json', import.meta.url), 'utf8'));

/** bpmn-moddle with the `tongban:` package, as the designer's modeler has it. */
export function tongbanModdle(): BpmnModdle {
  return new BpmnModdle({ tongban: structuredClone(descriptor) as object });
}

/** Every node type, every approval mode, nested branches, empty branches, every operator. */
export function fullChain(): SimpleProcess {
  return {
    key: 'food_licence',
    name: '食品经营许可',
    startName: '申请提交',
    endName: '办结',
    nodes: [
      { type: 'approver', id: 'Accept', name: '窗口受理', mode: 'anySign', assignees: { users: [], groups: ['window:clerk'] } },
      { type: 'approver', id: 'Single', name: '科长审核', mode: 'anySign', assignees: { users: ['zhangsan'], groups: [] }, timeLimit: { workingDays: 3, action: 'remind' } },
      {
        type: 'condition',
        id: 'Amount',
        name: '按金额',
        branches: [
          {
            id: 'Flow_Big',
            name: '大额',
            condition: { kind: 'rules', combinator: 'and', rules: [{ field: 'amount', operator: 'gt', value: 100000 }, { field: 'applicant.type', operator: 'in', value: ['企业', '个体'] }] },
            nodes: [
              { type: 'approver', id: 'Joint', name: '局务会签', mode: 'allSign', assignees: { users: ['li', 'wang'], groups: ['market:leader'] }, timeLimit: { workingDays: 5, action: 'autoApprove' } },
              {
                type: 'parallel',
                id: 'Joint_Review',
                name: '并联审批',
                branches: [
                  { id: 'Flow_Fire', name: '消防', nodes: [{ type: 'handoff', id: 'Fire', name: '消防救援大队', topic: 'fire.review', timeLimit: { workingDays: 10, action: 'autoReject' } }] },
                  { id: 'Flow_Health', name: '卫健', nodes: [{ type: 'approver', id: 'Health', name: '卫健委', mode: 'sequential', assignees: { users: ['a', 'b', 'c'], groups: [] } }] },
                  { id: 'Flow_Nothing', name: '', nodes: [] },
                ],
              },
            ],
          },
          {
            id: 'Flow_Odd',
            name: '特殊',
            condition: { kind: 'rules', combinator: 'or', rules: [{ field: 'note', operator: 'contains', value: '加急 "特办"\\' }, { field: 'x', operator: 'empty' }, { field: 'y', operator: 'notEmpty' }, { field: 'z', operator: 'notIn', value: [1, 2.5, -3] }, { field: 'ok', operator: 'ne', value: true }, { field: 'n', operator: 'le', value: 0 }, { field: 'n2', operator: 'ge', value: 1 }, { field: 'n3', operator: 'lt', value: 2 }, { field: 's', operator: 'eq', value: '是' }] },
            nodes: [{ type: 'approver', id: 'Ratio', name: '专家评审', mode: 'ratio', passRatio: 0.6, assignees: { users: [], groups: [], expression: 'experts' } }],
          },
          { id: 'Flow_Hand', name: '手写条件', condition: { kind: 'feel', text: 'amount > 10 and (kind = "A" or kind = "B")' }, nodes: [] },
        ],
        defaultBranch: { id: 'Flow_Other', name: '其他情况', nodes: [{ type: 'cc', id: 'Notify', name: '抄送科室', recipients: { users: ['zhao'], groups: ['office:staff'] } }] },
      },
      { type: 'cc', id: 'Notify_Expr', name: '抄送申请人', recipients: { users: [], groups: [], expression: 'applicantId' } },
      { type: 'handoff', id: 'Certificate', name: '制证', topic: 'ecert.issue' },
    ],
  };
}

/** Only what the engine executes today: 或签 approvers, hand-offs, conditions, parallel branches. */
export function engineReadyChain(): SimpleProcess {
  return {
    key: 'ready',
    name: '可部署',
    startName: '申请提交',
    endName: '结束',
    nodes: [
      { type: 'approver', id: 'Accept', name: '受理', mode: 'anySign', assignees: { users: [], groups: ['window:clerk'] } },
      {
        type: 'condition',
        id: 'Kind',
        name: '类型',
        branches: [{ id: 'Flow_Company', name: '企业', condition: { kind: 'rules', combinator: 'and', rules: [{ field: 'kind', operator: 'eq', value: '企业' }] }, nodes: [{ type: 'handoff', id: 'Check', name: '核查', topic: 'credit.check' }] }],
        defaultBranch: { id: 'Flow_Person', name: '其他情况', nodes: [] },
      },
      {
        type: 'parallel',
        id: 'Both',
        name: '并联',
        branches: [
          { id: 'Flow_A', name: 'A', nodes: [{ type: 'approver', id: 'A', name: 'A 审核', mode: 'anySign', assignees: { users: ['u1', 'u2'], groups: [] } }] },
          { id: 'Flow_B', name: 'B', nodes: [{ type: 'approver', id: 'B', name: 'B 审核', mode: 'anySign', assignees: { users: ['u3'], groups: [] } }] },
        ],
      },
    ],
  };
}
