/** Processes and helpers of the external-task tests. */
import { processXml } from '../../support/bpmn.js';

/**
 * start → service task `check` (topic `licence.check`, no handler: an external task) → user
 * task `after`; an error boundary on `check` catching CERT_NOT_FOUND leads to user task `manual`.
 */
export const CHECK = processXml(
  'ext_check',
  `<startEvent id="s"/>
   <serviceTask id="check" tongban:topic="licence.check"/>
   <boundaryEvent id="noCert" attachedToRef="check"><errorEventDefinition errorRef="certErr"/></boundaryEvent>
   <userTask id="after"/><userTask id="manual"/><endEvent id="e"/>`,
  ['s->check', 'check->after', 'noCert->manual', 'after->e', 'manual->e'],
  '<error id="certErr" errorCode="CERT_NOT_FOUND"/>',
);

/** start → service task of topic `other.topic` → user task: a second topic for filters. */
export const OTHER = processXml(
  'ext_other',
  `<startEvent id="s"/><serviceTask id="push" tongban:topic="other.topic"/><userTask id="done"/>`,
  ['s->push', 'push->done'],
);

/** Real-time sleep, for long-polling tests only. */
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function rejectsWith(promise: Promise<unknown>, code: string, details?: Record<string, unknown>): Promise<Error & { code: string; details?: Record<string, unknown> }> {
  try {
    await promise;
  } catch (error) {
    const e = error as Error & { code: string; details?: Record<string, unknown> };
    if (e.code !== code) throw new Error(`expected ${code}, got ${e.code}: ${e.message}`, { cause: error });
    if (details) for (const [k, v] of Object.entries(details)) if (e.details?.[k] !== v) throw new Error(`expected details.${k} = ${String(v)}, got ${String(e.details?.[k])}`, { cause: error });
    return e;
  }
  throw new Error(`expected ${code}, but it succeeded`);
}
