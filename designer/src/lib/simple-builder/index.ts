/** The simple approval builder: model, FEEL conditions, BPMN compiler and reader. */
export * from './model.js';
export * from './feel.js';
export * from './encoding.js';
export * from './factory.js';
export * from './check.js';
export * from './history.js';
export * from './reorder.js';
export { buildGraph, type Graph, type GraphFlow, type GraphNode } from './graph.js';
export { compileSimpleProcess, graphToXml, xmlEscape, type CompileResult } from './compile.js';
export { parseSimpleDefinitions, parseSimpleModel, type ModdleElement, type NotSimpleCode, type NotSimpleReason, type ParseResult } from './parse.js';
