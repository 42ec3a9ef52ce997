/**
 * The cases' part of the OpenAPI document (operations and schemas), spread into
 * `openapi/operations.ts` and `openapi/schemas.ts`. Request bodies are closed objects; the
 * applicant's ID number and credit code are checked for their check digits by the handler
 * (422 APPLICANT_INVALID with Chinese messages), not by a pattern here.
 */
import { REGION_CODE_PATTERN } from '../identity/regions.js';
import type { OperationSpec } from '../openapi/operations.js';
import { CASE_STATUSES, CHANNELS, DECISIONS, SPECIAL_PROCEDURES } from './model.js';

type Schema = Record<string, unknown>;
const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const ID_PATTERN = '^[^\\u0000-\\u001f\\u007f]+$';
const idParam: Schema = { name: 'id', in: 'path', required: true, description: 'Case id (= its process instance id)', schema: { type: 'string', minLength: 1, maxLength: 255, pattern: ID_PATTERN } };
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
const text = (maxLength: number, extra: Schema = {}): Schema => ({ type: 'string', minLength: 1, maxLength, ...extra });
const anyObject: Schema = { type: 'object', additionalProperties: true };
function object(properties: Record<string, Schema>, required: readonly string[] = Object.keys(properties)): Schema {
  return { type: 'object', properties, required: [...required], additionalProperties: false };
}
const page = (item: string): Schema =>
  object({ items: { type: 'array', items: ref(item) }, total: { type: 'integer', minimum: 0 }, limit: { type: 'integer' }, offset: { type: 'integer' } });

const REGION: Schema = { type: 'string', pattern: REGION_CODE_PATTERN };
const STATUS: Schema = { type: 'string', enum: [...CASE_STATUSES], description: 'submitted 待受理, accepted 已受理, refused 不予受理, supplement 补正, processing 办理中, concluded 办结, withdrawn 退件' };
const LIMIT: Schema = object({ value: { type: 'integer', minimum: 0 }, unit: { type: 'string', enum: ['workingDays', 'calendarDays'] } });
const NULLABLE_OBJECT: Schema = { type: ['object', 'null'] };
/** Uploads to attach (besides those the form data's file fields refer to): the submitter's own, not yet attached. */
const FILE_REFS: Schema = { type: 'array', items: { type: 'string', pattern: '^file:[0-9a-f-]{36}$' }, maxItems: 100, uniqueItems: true, description: 'Files uploaded before submitting (`file:<id>`), attached to the new case with their materials' };

export const CASE_OPERATIONS = {
  createCase: {
    tag: 'cases',
    summary: '收件: submit a case for a published item (window, online hall, village agent point)',
    description:
      'Numbers the case (region + item code + date + serial), starts the item’s pinned process version and writes the case in the same transaction. ' +
      '`regionCode` is where the case belongs (within the item’s region); API keys default to their department’s region.',
    body: 'CaseSubmission',
    responses: { 201: 'Case' },
  },
  listCases: {
    tag: 'cases',
    summary: 'Cases in your regions, newest first',
    parameters: [
      query('status', 'Status', STATUS),
      query('caseNo', 'Case number'),
      query('itemId', 'Item id'),
      query('channel', 'Channel', { type: 'string', enum: [...CHANNELS] }),
      query('departmentId', 'Implementing department'),
      query('regionCode', 'Only this region and below (within your own scope)', REGION),
      ...PAGING,
    ],
    responses: { 200: 'CasePage' },
  },
  getCase: { tag: 'cases', summary: 'One case: status, deadlines, clock stops, open steps, cards, rating, timeline', parameters: [idParam], responses: { 200: 'Case' } },
  getCaseReceipt: { tag: 'cases', summary: '回执: the receipt printed for the applicant', parameters: [idParam], responses: { 200: 'CaseReceipt' } },
  acceptCase: {
    tag: 'cases',
    summary: '受理: accept the application; the promised deadline starts',
    description:
      'Completes the process’s `accept` task (outcome approve, `accepted` = true) when it has one. An immediate item (即办件) concludes here and takes its `result`: ' +
      '422 CERTIFICATE_NO_REQUIRED when granting an item of type 01 行政许可 or 07 行政确认 without `certificateNo`, DECISION_REASON_REQUIRED when denying without `note`; ' +
      'any other case refuses a `result` (422 RESULT_NOT_AT_ACCEPTANCE).',
    parameters: [idParam],
    body: 'AcceptCaseRequest',
    responses: { 200: 'Case' },
  },
  refuseCase: { tag: 'cases', summary: '不予受理: refuse the application, with the reason', parameters: [idParam], body: 'ReasonRequest', responses: { 200: 'Case' } },
  requestSupplement: {
    tag: 'cases',
    summary: '补正: list the missing materials; the clock stops until they are resubmitted',
    parameters: [idParam],
    body: 'SupplementRequest',
    responses: { 200: 'Case' },
  },
  resubmitCase: { tag: 'cases', summary: '补齐补正: the materials arrived; the clock restarts and the deadlines move', parameters: [idParam], body: 'ResubmitRequest', responses: { 200: 'Case' } },
  startSpecialProcedure: {
    tag: 'cases',
    summary: '特别程序: start a hearing, testing or expert review; the clock stops',
    parameters: [idParam],
    body: 'SpecialProcedureRequest',
    responses: { 200: 'Case' },
  },
  endSpecialProcedure: { tag: 'cases', summary: 'End the special procedure; the clock restarts and the deadlines move', parameters: [idParam], body: 'EndSpecialProcedureRequest', responses: { 200: 'Case' } },
  getCaseTaskForm: {
    tag: 'cases',
    summary: 'The form as one open step of the case may see it (hidden fields removed, read-only marked)',
    description: 'Without `taskId`: the form as the applicant’s step sees it (what was submitted).',
    parameters: [idParam, query('taskId', 'An open task of this case')],
    responses: { 200: 'StepForm' },
  },
  completeCaseTask: {
    tag: 'cases',
    summary: '办理: complete an open step of the case with form data; field permissions are enforced',
    description: 'Read-only changes are refused (422 FORM_FIELD_READONLY; invalid data 422 FORM_INVALID); hidden fields keep their values. Give `result` with the last step: the decision and document numbers.',
    parameters: [idParam],
    body: 'CompleteCaseTaskRequest',
    responses: { 200: 'Case' },
  },
  recordMemberResult: {
    tag: 'cases',
    summary: '一件事: record a member’s result (certificate or document number; the decision while the member has not concluded)',
    description: '409 NOT_A_BUNDLE_CASE for a plain case, MEMBER_STATUS_CONFLICT for a member that never ran, MEMBER_ALREADY_DECIDED for a different decision after it concluded; 404 MEMBER_NOT_FOUND.',
    parameters: [idParam, { name: 'member', in: 'path', required: true, description: 'The member: its 实施编码, or its position in the bundle (1, 2, …)', schema: { type: 'string', minLength: 1, maxLength: 64, pattern: ID_PATTERN } }],
    body: 'MemberResultRequest',
    responses: { 200: 'Case' },
  },
  withdrawCase: { tag: 'cases', summary: '退件: the case is given up or returned, with the reason; its process is terminated', parameters: [idParam], body: 'ReasonRequest', responses: { 200: 'Case' } },
  revokeCard: { tag: 'supervision', summary: 'Revoke a yellow or red card of this case, with the reason (the card stays on record)', parameters: [idParam], body: 'RevokeCardRequest', responses: { 200: 'Card' } },
  resolveFollowUp: { tag: 'supervision', summary: 'Close the follow-up a bad rating opened, with its resolution', parameters: [idParam], body: 'ResolveFollowUpRequest', responses: { 200: 'Rating' } },
  applyOnline: {
    tag: 'public',
    summary: '网上申请: an applicant applies without signing in, for an item offered online (online depth 3 or 4)',
    description: 'Submits a case on the online channel in the item’s region and answers with the receipt; its case number and the applicant’s ID number (or credit code) open the progress lookup.',
    body: 'OnlineApplication',
    responses: { 201: 'CaseReceipt' },
  },
  lookupProgress: {
    tag: 'public',
    summary: '办件进度查询: for applicants, without signing in — case number plus ID number',
    description: 'Reveals only status, steps and dates. Unknown case and wrong number get the same 404. Rate-limited per address (429).',
    body: 'ProgressLookupRequest',
    responses: { 200: 'CaseProgress' },
  },
  rateCase: {
    tag: 'public',
    summary: '好差评: the applicant rates a concluded case once (1–5); 1 or 2 opens a follow-up',
    description: 'The applicant’s own ID number (or credit code) is required. Rate-limited per address (429).',
    body: 'RatingRequest',
    responses: { 201: 'Rating' },
  },
} satisfies Record<string, OperationSpec>;

const PERSON = object({ name: text(100), idNumber: text(18), phone: text(20) }, ['name', 'idNumber']);
const MATERIAL = object(
  {
    materialId: text(64),
    name: text(200),
    copies: { type: 'integer', minimum: 1, maximum: 100 },
    form: { type: 'string', enum: ['paper', 'electronic', 'eCertificate'] },
    eCertificateNo: text(100),
  },
  ['name'],
);
const MISSING = object({ materialId: text(64), name: text(200), reason: text(500) }, ['name']);
const RESULT_PROPERTIES = { decision: { type: 'string', enum: [...DECISIONS] }, documentNo: text(100), certificateNo: text(100), note: text(1000) };
const RESULT = object(RESULT_PROPERTIES, []);
/** The result as the applicant sees it (receipt, progress): once concluded, the numbers and the reason of a denial. */
const PUBLIC_RESULT: Schema = {
  oneOf: [
    object({ decision: { type: 'string', enum: [...DECISIONS] }, certificateNo: nullable('string'), documentNo: nullable('string'), note: nullable('string') }),
    { type: 'null' },
  ],
  description: 'Null until the case concludes',
};
const RATING: Schema = object({
  score: { type: 'integer', minimum: 1, maximum: 5 },
  comment: nullable('string'),
  ratedAt: dateTime,
  followUp: {
    oneOf: [object({ status: { type: 'string', enum: ['open', 'resolved'] }, resolution: nullable('string'), resolvedBy: nullable('string'), resolvedAt: nullableDateTime }), { type: 'null' }],
  },
});
const CARD_LEVEL: Schema = { type: 'string', enum: ['yellow', 'red'] };

const SUMMARY: Record<string, Schema> = {
    id: { type: 'string' },
    caseNo: { type: 'string' },
    itemId: { type: 'string' },
    itemName: { type: 'string' },
    regionCode: { type: 'string' },
    departmentId: { type: 'string' },
    channel: { type: 'string', enum: [...CHANNELS] },
    status: STATUS,
    statusName: { type: 'string' },
    applicantName: { type: 'string' },
    submittedAt: dateTime,
    promisedDueAt: nullableDateTime,
    clockStopped: { type: 'boolean' },
    concludedAt: nullableDateTime,
    isBundle: { type: 'boolean', description: 'A bundle’s case (一件事): its members’ outcomes are in `members`' },
  };
const MEMBER_STATUS: Schema = { type: 'string', enum: ['pending', 'processing', 'concluded', 'withdrawn'] };
const CASE_MEMBER: Schema = object({
  position: { type: 'integer' },
  itemId: { type: 'string' },
  implCode: { type: 'string' },
  itemName: { type: 'string' },
  itemVersionId: { type: 'string' },
  processDefinitionId: { type: 'string' },
  departmentId: { type: 'string' },
  instanceId: nullable('string'),
  status: MEMBER_STATUS,
  statusName: { type: 'string' },
  decision: { type: ['string', 'null'], enum: [...DECISIONS, null] },
  result: NULLABLE_OBJECT,
  concludedAt: nullableDateTime,
});

export const CASE_SCHEMAS: Record<string, Schema> = {
  Applicant: object(
    {
      type: { type: 'string', enum: ['naturalPerson', 'legalPerson'] },
      name: text(200),
      idNumber: { ...text(18), description: 'Natural person: 18-digit resident ID number (check digit verified)' },
      uscc: { ...text(18), description: 'Legal person: unified social credit code (check digit verified)' },
      legalRepresentative: text(100),
      phone: text(20),
      address: text(500),
      agent: PERSON,
    },
    ['type', 'name'],
  ),
  CaseSubmission: object(
    {
      itemId: { ...text(255), description: 'Item id or implementation code (实施编码) of a published item' },
      regionCode: REGION,
      channel: { type: 'string', enum: [...CHANNELS] },
      applicant: ref('Applicant'),
      materials: { type: 'array', items: MATERIAL, maxItems: 200 },
      situationId: text(64),
      formData: { ...anyObject, description: 'The application form, validated against the item’s form at the applicant step' },
      files: FILE_REFS,
    },
    ['itemId', 'channel', 'applicant'],
  ),
  OnlineApplication: object(
    {
      itemId: { ...text(255), description: 'Item id or implementation code (实施编码) of a published item' },
      applicant: ref('Applicant'),
      situationId: text(64),
      formData: { ...anyObject, description: 'The application form, validated against the item’s form at the applicant step' },
      files: FILE_REFS,
    },
    ['itemId', 'applicant'],
  ),
  AcceptCaseRequest: object(
    {
      comment: text(2000),
      materials: { type: 'array', items: MATERIAL, maxItems: 200 },
      result: { ...RESULT, description: '即办件 only (422 RESULT_NOT_AT_ACCEPTANCE otherwise): the result, as the last step gives it — `certificateNo` required to grant an item of type 01/07, `note` (the reason) to deny' },
    },
    [],
  ),
  ReasonRequest: object({ reason: text(2000) }),
  SupplementRequest: object({ missingMaterials: { type: 'array', items: MISSING, minItems: 1, maxItems: 100 }, reason: text(2000) }, ['missingMaterials']),
  ResubmitRequest: object({ materials: { type: 'array', items: MATERIAL, maxItems: 200 }, channel: { type: 'string', enum: [...CHANNELS] }, comment: text(2000) }, []),
  SpecialProcedureRequest: object({ kind: { type: 'string', enum: [...SPECIAL_PROCEDURES] }, reason: text(2000) }),
  EndSpecialProcedureRequest: object({ comment: text(2000) }, []),
  CompleteCaseTaskRequest: object(
    { taskId: text(255, { pattern: ID_PATTERN }), outcome: text(64), comment: text(2000), formData: anyObject, result: RESULT },
    ['taskId'],
  ),
  RevokeCardRequest: object({ cardId: text(255, { pattern: ID_PATTERN }), reason: text(2000) }),
  ResolveFollowUpRequest: object({ resolution: text(4000) }),
  ProgressLookupRequest: object({ caseNo: text(64, { pattern: '^[0-9A-Za-z]+$' }), idNumber: text(18) }),
  RatingRequest: object({ caseNo: text(64, { pattern: '^[0-9A-Za-z]+$' }), idNumber: text(18), score: { type: 'integer', minimum: 1, maximum: 5 }, comment: text(2000) }, [
    'caseNo', 'idNumber', 'score',
  ]),
  Rating: RATING,
  CaseSummary: object(SUMMARY),
  CasePage: page('CaseSummary'),
  Case: object({
      ...SUMMARY,
      item: object({ id: { type: 'string' }, versionId: { type: 'string' }, implCode: { type: 'string' }, baseCode: { type: 'string' }, name: { type: 'string' }, itemType: { type: 'string' } }),
      processDefinitionId: { type: 'string' },
      applicant: anyObject,
      materials: { type: 'array', items: anyObject },
      situationId: nullable('string'),
      immediate: { type: 'boolean' },
      acceptanceResult: { ...object({ certificateRequired: { type: 'boolean' } }), type: ['object', 'null'], description: '即办件: acceptance concludes the case and takes its result; `certificateRequired` when granting needs `certificateNo`. Null otherwise' },
      promisedLimit: LIMIT,
      legalLimit: LIMIT,
      onlineDepth: { type: 'integer' },
      plannedOnSiteVisits: { type: 'integer' },
      onSiteVisits: { type: 'integer' },
      submittedBy: { type: 'string' },
      acceptedAt: nullableDateTime,
      acceptedBy: nullable('string'),
      legalDueAt: nullableDateTime,
      clockStoppedAt: nullableDateTime,
      stoppedWorkingDays: { type: 'integer' },
      refusalReason: nullable('string'),
      decision: { type: ['string', 'null'], enum: [...DECISIONS, null] },
      result: NULLABLE_OBJECT,
      concludedBy: nullable('string'),
      handlingWorkingDays: nullable('integer'),
      withdrawnAt: nullableDateTime,
      withdrawalReason: nullable('string'),
      updatedAt: dateTime,
      suspensions: { type: 'array', items: anyObject },
      openTasks: {
        type: 'array',
        items: object({
          id: { type: 'string' },
          elementId: { type: 'string' },
          name: nullable('string'),
          assignee: nullable('string'),
          candidateGroups: { type: 'array', items: { type: 'string' } },
          dueAt: nullableDateTime,
          memberPosition: { ...nullable('integer'), description: 'Bundles: the member whose process the step belongs to' },
        }),
      },
      members: { type: 'array', items: CASE_MEMBER, description: 'Bundles (一件事): each member item and its outcome; empty otherwise' },
      cards: { type: 'array', items: anyObject },
      rating: { oneOf: [RATING, { type: 'null' }] },
      timeline: { type: 'array', items: object({ type: { type: 'string' }, at: dateTime, by: nullable('string'), data: NULLABLE_OBJECT }) },
  }),
  StepForm: object({
    caseId: { type: 'string' },
    taskId: nullable('string'),
    stepId: { type: 'string' },
    stepName: nullable('string'),
    schema: anyObject,
    uiSchema: anyObject,
    data: anyObject,
    formVersionId: { type: 'string' },
    formId: { type: 'string' },
    formVersion: { type: 'integer' },
    title: { type: 'string' },
  }),
  CaseReceipt: object({
    title: { type: 'string' },
    caseNo: { type: 'string' },
    issuedAt: dateTime,
    item: object({ name: { type: 'string' }, implCode: { type: 'string' } }),
    members: { type: 'array', items: object({ position: { type: 'integer' }, name: { type: 'string' }, implCode: { type: 'string' } }) },
    applicant: anyObject,
    channel: { type: 'string' },
    status: STATUS,
    statusName: { type: 'string' },
    submittedAt: dateTime,
    acceptedAt: nullableDateTime,
    materialsReceived: { type: 'array', items: anyObject },
    missingMaterials: { type: 'array', items: anyObject },
    refusalReason: nullable('string'),
    immediate: { type: 'boolean' },
    promisedLimit: LIMIT,
    promisedDueAt: nullableDateTime,
    result: PUBLIC_RESULT,
    office: object({
      departmentId: { type: 'string' },
      departmentName: nullable('string'),
      regionCode: { type: 'string' },
      regionName: nullable('string'),
      contact: nullable('string'),
      handledBy: nullable('string'),
    }),
    progressLookup: { type: 'string' },
  }),
  CaseProgress: object({
    caseNo: { type: 'string' },
    itemName: { type: 'string' },
    status: STATUS,
    statusName: { type: 'string' },
    submittedAt: dateTime,
    acceptedAt: nullableDateTime,
    promisedDueAt: nullableDateTime,
    concludedAt: nullableDateTime,
    decision: { type: ['string', 'null'], enum: [...DECISIONS, null] },
    result: PUBLIC_RESULT,
    clockStopped: { type: 'boolean' },
    suspension: { oneOf: [object({ kind: { type: 'string' }, name: { type: 'string' }, since: dateTime }), { type: 'null' }] },
    missingMaterials: { type: 'array', items: { type: 'string' } },
    members: {
      type: 'array',
      description: 'Bundles (一件事): each member’s status, decision and certificate number',
      items: object({
        position: { type: 'integer' },
        itemName: { type: 'string' },
        status: MEMBER_STATUS,
        statusName: { type: 'string' },
        decision: { type: ['string', 'null'], enum: [...DECISIONS, null] },
        certificateNo: nullable('string'),
        concludedAt: nullableDateTime,
      }),
    },
    steps: { type: 'array', items: object({ type: { type: 'string' }, name: { type: 'string' }, at: dateTime }) },
  }),
  MemberResultRequest: object(RESULT_PROPERTIES, []),
  Card: object({
    id: { type: 'string' },
    caseId: { type: 'string' },
    caseNo: { type: 'string' },
    itemName: { type: 'string' },
    level: CARD_LEVEL,
    taskId: nullable('string'),
    elementId: nullable('string'),
    regionCode: { type: 'string' },
    departmentId: { type: 'string' },
    dueAt: dateTime,
    issuedAt: dateTime,
    revokedAt: nullableDateTime,
    revokedBy: nullable('string'),
    revokeReason: nullable('string'),
  }),
};
