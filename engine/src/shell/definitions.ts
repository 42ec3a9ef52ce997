/**
 * Deployments and the model cache. Definitions are versioned by process key: a redeploy with
 * changed XML adds a version, running instances stay on theirs, and redeploying XML identical
 * to the latest version adds nothing.
 */
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { DeploymentError, EngineError } from '../errors.js';
import { bindModel, loadBpmn, type ProcessTemplate } from '../model/index.js';
import type { ProcessModel, ValidationProblem } from '../model/types.js';
import type { DefinitionRow, DefinitionSummary } from '../store/rows.js';
import * as sql from '../store/sql.js';
import type { BusinessCalendar } from '../calendar/business-calendar.js';
import { scheduleStartTimers } from './start-timers.js';

export interface DeployResource {
  /** File name, used in problem reports. */
  readonly name: string;
  readonly xml: string;
}

export interface DeployedDefinition {
  readonly id: string;
  readonly key: string;
  readonly version: number;
  readonly name?: string;
  readonly resource: string;
  /** False when an identical file was already the latest version. */
  readonly isNew: boolean;
}

export interface DeploymentResult {
  readonly deploymentId: string;
  readonly definitions: readonly DeployedDefinition[];
}

interface Checked {
  readonly resource: DeployResource;
  readonly hash: string;
  readonly processes: readonly ProcessTemplate[];
}

export class Definitions {
  private readonly models = new Map<string, Promise<ProcessModel>>();
  /** Latest version per key, as last seen (see `latestKnown`). */
  private readonly latest = new Map<string, DefinitionSummary>();

  constructor(
    private readonly scriptFormats: () => string[],
    private readonly newId: () => string,
    private readonly now: () => Date,
    private readonly calendar: () => BusinessCalendar,
  ) {}

  /** Validates every resource; throws one DeploymentError listing every problem of every file. */
  async check(resources: readonly DeployResource[]): Promise<Checked[]> {
    if (resources.length === 0) throw new EngineError('INVALID_ARGUMENT', 'A deployment needs at least one BPMN resource.');
    const problems: ValidationProblem[] = [];
    const checked: Checked[] = [];
    for (const resource of resources) {
      const loaded = await loadBpmn(resource.xml, { resource: resource.name, scriptFormats: this.scriptFormats() });
      problems.push(...loaded.problems);
      checked.push({ resource, hash: createHash('sha256').update(resource.xml).digest('hex'), processes: loaded.processes });
    }
    const keys = new Set<string>();
    for (const { resource, processes } of checked) {
      for (const p of processes) {
        if (keys.has(p.key)) {
          problems.push({ elementId: p.key, elementType: 'bpmn:Process', resource: resource.name, message: `Process id "${p.key}" appears in more than one file of this deployment.` });
        }
        keys.add(p.key);
      }
    }
    if (problems.length > 0) throw new DeploymentError(problems);
    return checked;
  }

  /** Stores checked resources in the caller's transaction. */
  async store(trx: Knex.Transaction, name: string, checked: readonly Checked[]): Promise<DeploymentResult> {
    const deploymentId = this.newId();
    const createdAt = this.now();
    await sql.insertDeployment(trx, { id: deploymentId, name, createdAt });
    const definitions: DeployedDefinition[] = [];
    for (const { resource, hash, processes } of checked) {
      for (const process of processes) {
        // Serialise deploys of one key so that two of them cannot take the same version.
        await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [process.key]);
        const latest = await sql.findLatestDefinition(trx, process.key);
        if (latest && latest.hash === hash) {
          definitions.push(describe(latest, false));
          continue;
        }
        const version = (latest?.version ?? 0) + 1;
        const row: DefinitionRow = {
          id: `${process.key}:${version}`,
          key: process.key,
          version,
          name: process.name ?? null,
          deploymentId,
          resource: resource.name,
          xml: resource.xml,
          hash,
          createdAt,
        };
        await sql.insertDefinition(trx, row);
        const model = bindModel(process, row.id, version);
        this.models.set(row.id, Promise.resolve(model));
        await scheduleStartTimers(trx, model, createdAt, this.calendar(), this.newId);
        definitions.push(describe(row, true));
      }
    }
    return { deploymentId, definitions };
  }

  /** The compiled model of a deployed definition, compiled once per definition id. */
  model(db: Knex, definitionId: string): Promise<ProcessModel> {
    let model = this.models.get(definitionId);
    if (!model) {
      model = this.compile(db, definitionId);
      this.models.set(definitionId, model);
      model.catch(() => this.models.delete(definitionId));
    }
    return model;
  }

  /**
   * The latest version of a key as last read or deployed here: a guess, to be confirmed by the
   * write it leads to (`sql.writeUnit` with a `{ processKey, version }` guard).
   */
  latestKnown(key: string): DefinitionSummary | undefined {
    return this.latest.get(key);
  }

  forgetLatest(key: string): void {
    this.latest.delete(key);
  }

  /** The definition to start for a key: the latest, or a pinned version. */
  async resolve(db: Knex, key: string, version: 'latest' | number = 'latest'): Promise<DefinitionSummary> {
    const row = version === 'latest' ? await sql.findLatestDefinition(db, key) : await sql.findDefinition(db, key, version);
    if (row && version === 'latest') this.latest.set(key, row);
    if (!row) {
      throw new EngineError(
        'DEFINITION_NOT_FOUND',
        version === 'latest' ? `No process with key "${key}" is deployed.` : `Process "${key}" has no version ${version}.`,
        { key, version },
      );
    }
    return row;
  }

  /** Latest versions whose process-level start event is triggered by this message or signal. */
  async triggeredStarts(db: Knex, kind: 'message' | 'signal', name: string): Promise<Array<{ model: ProcessModel; startEventId: string }>> {
    const latest = new Map<string, DefinitionSummary>();
    for (const row of await sql.listDefinitions(db, {})) {
      if ((latest.get(row.key)?.version ?? 0) < row.version) latest.set(row.key, row);
    }
    const found: Array<{ model: ProcessModel; startEventId: string }> = [];
    for (const row of latest.values()) {
      const model = await this.model(db, row.id);
      for (const id of model.triggeredStartEvents) {
        const event = model.nodes.get(id)!.event;
        const matches = kind === 'message' ? event?.kind === 'message' && event.messageName === name : event?.kind === 'signal' && event.signalName === name;
        if (matches) found.push({ model, startEventId: id });
      }
    }
    return found;
  }

  private async compile(db: Knex, definitionId: string): Promise<ProcessModel> {
    const row = await sql.findDefinitionById(db, definitionId);
    if (!row) throw new EngineError('DEFINITION_NOT_FOUND', `Definition ${definitionId} does not exist.`, { definitionId });
    const loaded = await loadBpmn(row.xml, { resource: row.resource, scriptFormats: this.scriptFormats() });
    const template = loaded.processes.find((p) => p.key === row.key);
    if (!template) {
      throw new EngineError('DEFINITION_NOT_FOUND', `Definition ${definitionId} no longer compiles: ${loaded.problems.map((p) => p.message).join('; ')}`);
    }
    return bindModel(template, row.id, row.version);
  }
}

function describe(row: DefinitionSummary, isNew: boolean): DeployedDefinition {
  return {
    id: row.id,
    key: row.key,
    version: row.version,
    ...(row.name !== null ? { name: row.name } : {}),
    resource: row.resource,
    isNew,
  };
}
