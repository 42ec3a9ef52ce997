/** Supervision's part of the OpenAPI document (operations and schemas). */
import { REGION_CODE_PATTERN, REGION_LEVELS } from '../identity/regions.js';
import type { OperationSpec } from '../openapi/operations.js';

type Schema = Record<string, unknown>;
const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const ID_PATTERN = '^[^\\u0000-\\u001f\\u007f]+$';
const query = (name: string, description: string, schema: Schema = { type: 'string', minLength: 1, maxLength: 255, pattern: ID_PATTERN }, required = false): Schema => ({
  name, in: 'query', required, description, schema,
});
const PAGING: readonly Schema[] = [
  query('limit', 'Page size (default 50, at most 200)', { type: 'integer', minimum: 1, maximum: 200, default: 50 }),
  query('offset', 'Items to skip', { type: 'integer', minimum: 0, maximum: 1_000_000, default: 0 }),
];
const nullable = (type: string): Schema => ({ type: [type, 'null'] });
const dateTime: Schema = { type: 'string', format: 'date-time' };
const nullableDateTime: Schema = { type: ['string', 'null'], format: 'date-time' };
function object(properties: Record<string, Schema>, required: readonly string[] = Object.keys(properties)): Schema {
  return { type: 'object', properties, required: [...required], additionalProperties: false };
}
const page = (item: Schema): Schema => object({ items: { type: 'array', items: item }, total: { type: 'integer', minimum: 0 }, limit: { type: 'integer' }, offset: { type: 'integer' } });
const REGION_FILTER = query('regionCode', 'Only this region and below (within your own scope)', { type: 'string', pattern: REGION_CODE_PATTERN });
const DEPARTMENT_FILTER = query('departmentId', 'Implementing department');
const LOCAL_DATE: Schema = { type: 'string', format: 'date' };

export const SUPERVISION_OPERATIONS = {
  listCards: {
    tag: 'supervision',
    summary: 'Yellow and red cards in your regions, newest first',
    parameters: [
      query('level', 'Card level', { type: 'string', enum: ['yellow', 'red'] }),
      query('active', 'true: not revoked; false: revoked only', { type: 'boolean' }),
      query('caseId', 'Cards of one case'),
      DEPARTMENT_FILTER,
      REGION_FILTER,
      ...PAGING,
    ],
    responses: { 200: 'CardPage' },
  },
  runSupervisionScan: {
    tag: 'supervision',
    summary: 'Scan now: settle cases behind their process and issue the cards due (your regions only)',
    responses: { 200: 'ScanResult' },
  },
  getSupervisionMetrics: {
    tag: 'supervision',
    summary: '三率一数 and deadline figures per department or region over a period [from, to)',
    description: 'Dates are days in China (UTC+8); `to` is exclusive. See the runtime-api README for each formula.',
    parameters: [
      query('from', 'First day (YYYY-MM-DD)', LOCAL_DATE, true),
      query('to', 'Day after the last (YYYY-MM-DD)', LOCAL_DATE, true),
      query('groupBy', 'department (default) or region', { type: 'string', enum: ['department', 'region'] }),
      query('level', 'With groupBy=region: the level of the rows; each row rolls up its region and everything below it (default: one level below regionCode, or below your region)', {
        type: 'string',
        enum: [...REGION_LEVELS],
      }),
      DEPARTMENT_FILTER,
      REGION_FILTER,
    ],
    responses: { 200: 'SupervisionMetrics' },
  },
  listOverdueCases: {
    tag: 'supervision',
    summary: '超期办件: open cases past their promised deadline, most overdue first',
    parameters: [DEPARTMENT_FILTER, REGION_FILTER, ...PAGING],
    responses: { 200: 'OverduePage' },
  },
  listFollowUps: {
    tag: 'supervision',
    summary: 'Follow-ups of bad ratings (差评整改) in your regions',
    parameters: [query('status', 'open or resolved', { type: 'string', enum: ['open', 'resolved'] }), REGION_FILTER, ...PAGING],
    responses: { 200: 'FollowUpPage' },
  },
  getSupervisionSettings: { tag: 'supervision', summary: 'Card thresholds', responses: { 200: 'SupervisionSettings' } },
  updateSupervisionSettings: { tag: 'supervision', summary: 'Change the card thresholds', body: 'SupervisionSettingsChange', responses: { 200: 'SupervisionSettings' } },
} satisfies Record<string, OperationSpec>;

const METRICS: Schema = object({
  key: nullable('string'),
  submitted: { type: 'integer' },
  onlineCapable: { type: 'integer' },
  concluded: { type: 'integer' },
  concludedFullyOnline: { type: 'integer' },
  onSiteVisits: { type: 'integer' },
  ratings: { type: 'integer' },
  goodRatings: { type: 'integer' },
  overdue: { type: 'integer' },
  onlineDepthRate: nullable('number'),
  onlineConclusionRate: nullable('number'),
  satisfactionRate: nullable('number'),
  averageOnSiteVisits: nullable('number'),
  averageHandlingWorkingDays: nullable('number'),
});

export const SUPERVISION_SCHEMAS: Record<string, Schema> = {
  CardPage: page(ref('Card')),
  ScanResult: object({
    at: dateTime,
    settled: { type: 'integer' },
    checked: { type: 'integer' },
    issued: {
      type: 'array',
      items: object({ cardId: { type: 'string' }, caseId: { type: 'string' }, caseNo: { type: 'string' }, level: { type: 'string', enum: ['yellow', 'red'] }, taskId: nullable('string') }),
    },
  }),
  MetricsRow: METRICS,
  SupervisionMetrics: object({
    from: { type: 'string' },
    to: { type: 'string' },
    groupBy: { type: 'string', enum: ['department', 'region'] },
    level: { type: 'string', enum: [...REGION_LEVELS], description: 'groupBy=region: the level the rows roll up to' },
    groups: { type: 'array', items: ref('MetricsRow') },
    total: ref('MetricsRow'),
  }, ['from', 'to', 'groupBy', 'groups', 'total']),
  OverduePage: page(
    object({
      caseId: { type: 'string' },
      caseNo: { type: 'string' },
      itemName: { type: 'string' },
      regionCode: { type: 'string' },
      departmentId: { type: 'string' },
      status: { type: 'string' },
      promisedDueAt: dateTime,
      overdueWorkingDays: { type: 'integer' },
    }),
  ),
  FollowUpPage: page(
    object({
      caseId: { type: 'string' },
      caseNo: { type: 'string' },
      itemName: { type: 'string' },
      regionCode: { type: 'string' },
      departmentId: { type: 'string' },
      score: { type: 'integer' },
      comment: nullable('string'),
      ratedAt: dateTime,
      status: { type: 'string', enum: ['open', 'resolved'] },
      resolution: nullable('string'),
      resolvedBy: nullable('string'),
      resolvedAt: nullableDateTime,
    }),
  ),
  SupervisionSettings: object({
    yellowWorkingDays: { type: 'integer' },
    redOverdueWorkingDays: { type: 'integer' },
    updatedBy: nullable('string'),
    updatedAt: nullableDateTime,
  }),
  SupervisionSettingsChange: object({
    yellowWorkingDays: { type: 'integer', minimum: 0, maximum: 30, description: 'Yellow card when this many working days or fewer are left (0: on the last day)' },
    redOverdueWorkingDays: { type: 'integer', minimum: 0, maximum: 30, description: 'Red card when overdue by more than this many working days (0: as soon as overdue)' },
  }),
};
