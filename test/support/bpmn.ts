/**
 * Compact BPMN for tests: write the nodes as XML and the flows as `from->to` lines, get a
 * complete definitions document. A flow line may end in `: =FEEL condition` or `: default`.
 *
 *   processXml('p', `<startEvent id="s"/><userTask id="a"/><endEvent id="e"/>`, ['s->a', 'a->e'])
 */
export function processXml(id: string, nodes: string, flows: readonly string[], extra = ''): string {
  let body = nodes;
  const flowXml: string[] = [];
  for (const line of flows) {
    const match = /^\s*([\w-]+)\s*->\s*([\w-]+)\s*(?::\s*(.+))?$/.exec(line);
    if (!match) throw new Error(`bad flow line: ${line}`);
    const [, from, to, tail] = match;
    const flowId = `f_${from}_${to}`;
    if (tail?.trim() === 'default') {
      body = body.replace(new RegExp(`id="${from}"`), `id="${from}" default="${flowId}"`);
      flowXml.push(`<sequenceFlow id="${flowId}" sourceRef="${from}" targetRef="${to}"/>`);
    } else if (tail) {
      flowXml.push(
        `<sequenceFlow id="${flowId}" sourceRef="${from}" targetRef="${to}">` +
          `<conditionExpression xsi:type="tFormalExpression">${escapeXml(tail.trim())}</conditionExpression></sequenceFlow>`,
      );
    } else {
      flowXml.push(`<sequenceFlow id="${flowId}" sourceRef="${from}" targetRef="${to}"/>`);
    }
  }
  return definitionsXml(`<process id="${id}" isExecutable="true">${body}${flowXml.join('')}</process>${extra}`);
}

export function definitionsXml(content: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xmlns:tongban="http://tongban.dev/schema/bpmn" id="defs" targetNamespace="http://tongban.dev/test">${content}</definitions>`;
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
