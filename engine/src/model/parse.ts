/**
 * Reading a BPMN file: refuse dangerous or oversized input before any parser sees it, parse
 * with bpmn-moddle, and turn its errors and import warnings into problems.
 */
import { createModdle, fromXml, type BpmnElement, type ModdleWarning } from './moddle.js';
import { describe, type Problems } from './problems.js';
import { TONGBAN_ATTRIBUTES, TONGBAN_PREFIX } from './extension.js';

/** Largest BPMN file accepted, in bytes of UTF-8 (5 MiB). Real approval processes are < 1 MiB. */
export const MAX_BPMN_BYTES = 5 * 1024 * 1024;

// A DTD is the only way to declare entities, which allow XXE and "billion laughs" expansion.
// BPMN never needs one, so any DOCTYPE or ENTITY declaration refuses the file.
const DTD_PATTERN = /<!\s*(DOCTYPE|ENTITY)\b/i;

export async function parseBpmn(
  xml: unknown,
  problems: Problems,
  maxBytes: number,
): Promise<BpmnElement | undefined> {
  if (typeof xml !== 'string') {
    problems.file(`The file content must be XML text, but a ${xml === null ? 'null' : typeof xml} was given.`);
    return undefined;
  }
  const bytes = Buffer.byteLength(xml, 'utf8');
  if (bytes > maxBytes) {
    problems.file(`The file is ${bytes} bytes long; the largest BPMN file accepted is ${maxBytes} bytes.`);
    return undefined;
  }
  const dtd = DTD_PATTERN.exec(xml);
  if (dtd) {
    const what = dtd[1]!.toUpperCase();
    problems.file(`The file contains a ${what} declaration; BPMN files must not declare a DTD or entities.`);
    return undefined;
  }
  if (xml.trim() === '') {
    problems.file('The file is empty.');
    return undefined;
  }

  let result;
  try {
    result = await fromXml(createModdle(), xml);
  } catch (err) {
    problems.file(parseErrorSentence((err as Error).message ?? String(err)));
    return undefined;
  }
  for (const warning of result.warnings) reportWarning(warning, problems);
  const root = result.rootElement;
  if (!root || !root.$instanceOf('bpmn:Definitions')) {
    problems.file('The file is not a BPMN 2.0 document: its root element must be bpmn:definitions.');
    return undefined;
  }
  return root;
}

interface ReaderError {
  readonly what?: string;
  readonly line?: number;
  readonly column?: number;
  readonly nested: string;
}

/** Picks apart moddle-xml's "unparsable content <x> detected / line / column / nested error". */
function splitReaderMessage(message: string): ReaderError | undefined {
  const m = /^unparsable content (.*?) ?detected\s+line: (\d+)\s+column: (\d+)\s+nested error: ([\s\S]*)$/.exec(message);
  if (!m) return undefined;
  // saxen counts lines and columns from 0; people count from 1.
  return { what: m[1] || undefined, line: Number(m[2]) + 1, column: Number(m[3]) + 1, nested: m[4]!.trim() };
}

function parseErrorSentence(message: string): string {
  if (/failed to parse document as <bpmn:Definitions>/.test(message)) {
    return 'The file is not a BPMN 2.0 document: its root element must be bpmn:definitions.';
  }
  const e = splitReaderMessage(message);
  if (!e) return `The file cannot be read as XML: ${message.trim()}.`;
  return `The file is not well-formed XML: ${e.nested} at line ${e.line}, column ${e.column}.`;
}

function reportWarning(w: ModdleWarning, problems: Problems): void {
  // The XML arrives as an already decoded JS string, so the encoding its preamble declares
  // no longer matters.
  if (/^unsupported document encoding/.test(w.message)) return;
  const unknownAttr = /^unknown attribute <(.+)>$/.exec(w.message);
  if (unknownAttr && w.element) {
    const attr = unknownAttr[1]!;
    const [prefix, local] = attr.includes(':') ? attr.split(':', 2) : ['', attr];
    if (prefix === TONGBAN_PREFIX) {
      const why = TONGBAN_ATTRIBUTES.includes(local!)
        ? `which is not used on this kind of element`
        : `which Tongban does not define`;
      problems.at(w.element, `${describe(w.element)} has the attribute ${attr}, ${why}.`);
    } else {
      problems.at(w.element, `${describe(w.element)} has the attribute ${attr}, which BPMN 2.0 does not define.`);
    }
    return;
  }
  const unresolved = /^unresolved reference <(.+)>$/.exec(w.message);
  if (unresolved && w.element) {
    const property = (w.property ?? 'a reference').replace(/^bpmn:/, '');
    problems.at(w.element, `${describe(w.element)} refers in ${property} to "${unresolved[1]}", but no element has that id.`);
    return;
  }
  const e = splitReaderMessage(w.message);
  if (e) {
    const nested = e.nested
      .replace(/^unknown type <(.+)>$/, 'the element type $1 is unknown')
      .replace(/^unrecognized element <(.+)>$/, 'the element $1 is not allowed there')
      .replace(/^duplicate ID <(.+)>$/, 'the id "$1" is used by more than one element');
    const what = e.what ? ` ${e.what}` : '';
    problems.file(`The content${what} at line ${e.line}, column ${e.column} cannot be read: ${nested}.`);
    return;
  }
  if (w.element) problems.at(w.element, `${describe(w.element)}: ${w.message}.`);
  else problems.file(`The file cannot be read completely: ${w.message}.`);
}
