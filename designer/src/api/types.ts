/**
 * Shapes of the server's answers the designer reads. Catalogue and case shapes follow
 * runtime-api/src/catalog/types.ts and runtime-api/src/cases/model.ts (the designer talks
 * HTTP only, so they are restated here, loosely: every field the pages do not need is optional).
 */

export interface Page<T> {
  items: T[];
  total: number;
  limit?: number;
  offset?: number;
}

export interface Task {
  id: string;
  instanceId: string;
  rootInstanceId: string;
  definitionId: string;
  processKey: string;
  elementId: string;
  name: string | null;
  assignee: string | null;
  candidateUsers: string[];
  candidateGroups: string[];
  businessKey: string | null;
  regionCode: string | null;
  createdAt: string;
  dueAt: string | null;
  priority: number;
  /** Present when the server reports delegation (委派): the user it comes back to. */
  owner?: string | null;
  delegationState?: string | null;
}

export interface Instance {
  id: string;
  definitionId: string;
  processKey: string;
  businessKey: string | null;
  status: 'active' | 'completed' | 'terminated';
  suspended: { at: string; reason?: string } | null;
  parentId: string | null;
  activeElementIds: string[];
  variables: Record<string, unknown>;
  regionCode: string | null;
  departmentId: string | null;
  startedAt: string;
  endedAt: string | null;
}

export interface Department {
  id: string;
  name: string;
  regionCode: string;
}

export interface DirectoryUser {
  id: string;
  username: string;
  displayName: string;
  regionCode?: string | null;
  regionName?: string | null;
  departmentId?: string | null;
  departmentName?: string | null;
}

/** A candidate group `department:role`, as the directory search answers it. */
export interface DirectoryGroup {
  id: string;
  departmentId: string;
  departmentName: string;
  role: string;
  regionCode: string;
  members: number;
}

// ---- catalogue ------------------------------------------------------------------------------

export type LimitUnit = 'workingDays' | 'calendarDays';
export interface TimeLimit {
  value: number;
  unit: LimitUnit;
}
export type Necessity = 'required' | 'conditional' | 'optional';
export type MaterialForm = 'paper' | 'electronic' | 'both';

export interface Material {
  id: string;
  name: string;
  necessity: Necessity;
  condition?: string;
  form: MaterialForm;
  copies: number;
  eCertificate?: string;
  source?: string;
  note?: string;
}

export interface Situation {
  id: string;
  name: string;
  description?: string;
  materials: Material[];
  variables: Record<string, string | number | boolean>;
}

export interface Fee {
  name: string;
  amount: number;
  basis?: string;
}

export interface TemplateParameter {
  name: string;
  label: string;
  type: 'text' | 'department' | 'phone' | 'regionList' | 'number' | 'boolean';
  required: boolean;
  description?: string;
}

export interface FormDefinitionJson {
  id: string;
  version?: number;
  title: string;
  schema: Record<string, unknown>;
  uiSchema: Record<string, unknown>;
}

export type Access = 'editable' | 'readonly' | 'hidden';

export interface ItemData {
  name: string;
  itemType: string;
  departmentId: string;
  legalLimit: TimeLimit;
  promisedLimit: TimeLimit;
  immediate: boolean;
  onSiteVisits: number;
  onSiteReason?: string;
  onlineDepth: 1 | 2 | 3 | 4;
  materials: Material[];
  situations: Situation[];
  fees: Fee[];
  theme: string;
  applicantTypes: Array<'naturalPerson' | 'legalPerson'>;
  legalBasis?: string;
  contact?: string;
  process: { key?: string; definitionId?: string; bpmn?: string };
  form: FormDefinitionJson;
  fieldPermissions: Record<string, Record<string, Access>>;
  templateParameters?: TemplateParameter[];
  /** Bundles (kind `bundle`) only: the members, in the order the applicant sees them. */
  bundle?: { members: BundleMemberSpec[] };
}

/** One member of a bundle as its editor writes it: the 实施编码 and the 电子证照 it issues. */
export interface BundleMemberSpec {
  implCode: string;
  issues?: string;
}

export type MemberStanding = 'published' | 'outdated' | 'retired' | 'missing';

/** A material of a composed bundle, with the members (实施编码) that ask for it. */
export interface BundleMaterial extends Material {
  members: string[];
}

/** What the server composed for a bundle and how its members stand now (GET /api/items/{id}). */
export interface BundleReport {
  members: Array<{ position: number; itemId: string; implCode: string; name: string; version: number; departmentId: string; immediate: boolean; promisedLimit: TimeLimit; issues: string | null; standing: MemberStanding; publishedVersion: number | null }>;
  retiredMembers: string[];
  materials: BundleMaterial[];
  situations: Array<Omit<Situation, 'materials'> & { materials: BundleMaterial[]; members: string[] }>;
  replaced: Array<{ name: string; members: string[]; issuedBy: string }>;
}

export type VersionStatus = 'draft' | 'in_review' | 'published' | 'retired';

export interface ItemHeader {
  id: string;
  baseCode: string;
  implCode: string;
  name: string;
  itemType: string;
  itemTypeName?: string;
  departmentId: string;
  regionCode: string;
  level: 'province' | 'city' | 'county' | 'town' | 'village';
  isTemplate: boolean;
  /** `bundle`: 一件事, several items applied for together (runtime-api README, Bundles). */
  kind?: 'item' | 'bundle';
  templateId: string | null;
  templateParams: Record<string, unknown> | null;
  createdBy: string | null;
  createdAt: string;
}

export interface ItemSummary extends ItemHeader {
  theme: string | null;
  publishedVersion: number | null;
  openVersion: number | null;
  openStatus: 'draft' | 'in_review' | null;
  upgradeAvailable: boolean;
}

export interface ItemVersion {
  id: string;
  itemId: string;
  version: number;
  status: VersionStatus;
  data: ItemData;
  processDefinitionId: string | null;
  formVersionId: string | null;
  templateVersionId: string | null;
  /** Bundles: what the server composed from the members' published versions (runtime-api bundle-types.ts). */
  composition?: { members: Array<{ position: number; implCode: string; name: string; version: number; issues: string | null }>; materials: BundleMaterial[]; replaced: BundleReport['replaced'] } | null;
  createdBy: string;
  createdAt: string;
  updatedBy: string | null;
  updatedAt: string;
  submittedBy: string | null;
  submittedAt: string | null;
  reviewDecision: 'approved' | 'rejected' | null;
  reviewedBy: string | null;
  reviewComment: string | null;
  reviewedAt: string | null;
  publishedBy: string | null;
  publishedAt: string | null;
  retiredAt: string | null;
}

export interface ItemDetail extends ItemHeader {
  published: ItemVersion | null;
  open: ItemVersion | null;
  upgrade: { available: boolean; templateVersion: number | null; fromTemplateVersion: number | null };
  /** Public guide only: the names an applicant reads. */
  departmentName?: string | null;
  regionName?: string | null;
  /** Bundles: the composition of the open (else published) version with the members' standing. */
  bundle?: BundleReport | null;
  /** Plain items: the bundles that list this item. */
  inBundles?: Array<{ id: string; implCode: string; name: string }>;
}

export interface ItemDiff {
  version: number;
  publishedVersion: number | null;
  changedFields: string[];
  materials: { added: string[]; removed: string[]; changed: string[] };
  formChanged: boolean;
  fieldPermissionsChanged: boolean;
  processDefinitionIds: { version: string | null; published: string | null };
  processChanged: boolean;
}

// ---- cases ---------------------------------------------------------------------------------

export type CaseStatus = 'submitted' | 'accepted' | 'refused' | 'supplement' | 'processing' | 'concluded' | 'withdrawn';

export interface Applicant {
  type: 'naturalPerson' | 'legalPerson';
  name: string;
  idNumber?: string;
  uscc?: string;
  legalRepresentative?: string;
  phone?: string;
  address?: string;
  agent?: { name: string; idNumber: string; phone?: string };
}

export interface ReceivedMaterial {
  materialId?: string;
  name: string;
  copies?: number;
  form?: 'paper' | 'electronic' | 'eCertificate';
  eCertificateNo?: string;
}

export interface CaseSummary {
  id: string;
  caseNo: string;
  itemId: string;
  itemName: string;
  regionCode: string;
  departmentId: string;
  channel: 'window' | 'online' | 'villageAgent';
  status: CaseStatus;
  statusName: string;
  applicantName: string;
  submittedAt: string;
  promisedDueAt: string | null;
  clockStopped: boolean;
  concludedAt: string | null;
}

/** A case's result (办结): the decision and what was issued. */
export interface CaseResult {
  decision?: 'granted' | 'denied';
  certificateNo?: string;
  documentNo?: string;
  note?: string;
}

/** The result as the applicant sees it (receipt, progress): null until 办结. */
export interface PublicCaseResult {
  decision: 'granted' | 'denied';
  certificateNo: string | null;
  documentNo: string | null;
  note: string | null;
}

/** 即办件: acceptance concludes the case and takes its result; whether granting needs a certificate number. */
export interface AcceptanceResult {
  certificateRequired: boolean;
}

export interface Case extends CaseSummary {
  item: { id: string; versionId: string; implCode: string; baseCode: string; name: string; itemType: string };
  processDefinitionId: string;
  applicant: Applicant;
  materials: ReceivedMaterial[];
  situationId: string | null;
  immediate: boolean;
  acceptanceResult: AcceptanceResult | null;
  promisedLimit: TimeLimit;
  legalLimit: TimeLimit;
  acceptedAt: string | null;
  acceptedBy: string | null;
  legalDueAt: string | null;
  refusalReason: string | null;
  decision: 'granted' | 'denied' | null;
  result: CaseResult | null;
  suspensions: Array<Record<string, unknown>>;
  openTasks: Array<{ id: string; elementId: string; name: string | null; assignee: string | null; candidateGroups: string[]; dueAt: string | null }>;
  cards: Array<Record<string, unknown>>;
  rating: { score: number; comment: string | null } | null;
}

export interface CaseReceipt {
  title: string;
  caseNo: string;
  issuedAt: string;
  item: { name: string; implCode: string };
  applicant: Applicant;
  channel: string;
  status: CaseStatus;
  statusName: string;
  submittedAt: string;
  acceptedAt: string | null;
  materialsReceived: ReceivedMaterial[];
  missingMaterials: Array<{ name: string; reason?: string }>;
  refusalReason: string | null;
  immediate: boolean;
  promisedLimit: TimeLimit;
  promisedDueAt: string | null;
  result: PublicCaseResult | null;
  office: { departmentId: string; departmentName: string | null; regionCode: string; regionName: string | null; contact: string | null; handledBy: string | null };
  progressLookup: string;
}

export interface CaseProgress {
  caseNo: string;
  itemName: string;
  status: CaseStatus;
  statusName: string;
  submittedAt: string;
  acceptedAt: string | null;
  promisedDueAt: string | null;
  concludedAt: string | null;
  decision: 'granted' | 'denied' | null;
  result: PublicCaseResult | null;
  clockStopped: boolean;
  suspension: { kind: string; name: string; since: string } | null;
  missingMaterials: string[];
  steps: Array<{ type: string; name: string; at: string }>;
}

/** A form as one step sees it: hidden fields removed, read-only ones marked (viewForStep). */
export interface StepForm {
  caseId?: string;
  taskId?: string;
  stepId?: string;
  stepName?: string | null;
  schema: Record<string, unknown>;
  uiSchema: Record<string, unknown>;
  data: Record<string, unknown>;
}

// ---- supervision and audit -----------------------------------------------------------------

export interface Card {
  id: string;
  caseId: string;
  caseNo: string;
  itemName: string;
  level: 'yellow' | 'red';
  taskId: string | null;
  elementId: string | null;
  regionCode: string;
  departmentId: string;
  dueAt: string;
  issuedAt: string;
  revokedAt: string | null;
  revokedBy: string | null;
  revokeReason: string | null;
}

export interface MetricsRow {
  key: string | null;
  submitted: number;
  onlineCapable: number;
  concluded: number;
  concludedFullyOnline: number;
  onSiteVisits: number;
  ratings: number;
  goodRatings: number;
  overdue: number;
  onlineDepthRate: number | null;
  onlineConclusionRate: number | null;
  satisfactionRate: number | null;
  averageOnSiteVisits: number | null;
  averageHandlingWorkingDays: number | null;
}

export interface SupervisionMetrics {
  from: string;
  to: string;
  groupBy: 'department' | 'region';
  groups: MetricsRow[];
  total: MetricsRow;
}

export interface OverdueCase {
  caseId: string;
  caseNo: string;
  itemName: string;
  regionCode: string;
  departmentId: string;
  status: string;
  promisedDueAt: string;
  overdueWorkingDays: number;
}

export interface AuditEntry {
  seq: number;
  at: string;
  actorId: string | null;
  actorName: string | null;
  actorKind: string | null;
  roles: string[];
  regionCode: string | null;
  operationId: string | null;
  method: string;
  path: string;
  targetId: string | null;
  status: number;
  outcome: 'success' | 'denied' | 'failed';
  summary: Record<string, unknown> | null;
  requestId: string | null;
  ip: string | null;
  prevHash: string;
  hash: string;
}

export interface AuditVerification {
  ok: boolean;
  entries: number;
  head: { seq: number; hash: string };
  firstBroken: { seq: number; reason: 'content' | 'link' | 'sequence' | 'head' } | null;
}

// ---- files of cases -------------------------------------------------------------------------

/** A stored file as applicants see it (no uploader, no case id). */
export interface PublicFile {
  id: string;
  /** What a form's file field keeps: `file:<id>`. */
  ref: string;
  materialId: string | null;
  name: string;
  contentType: string;
  size: number;
  sha256: string;
  uploadedAt: string;
}

export interface StoredFile extends PublicFile {
  caseId: string | null;
  uploadedBy: string;
}
