// bpmnlint ships JSDoc types only for its own files; these are the parts the designer uses.
declare module 'bpmnlint' {
  export interface LintReport {
    id?: string;
    message: string;
    category: string;
    path?: string[];
  }
  export interface LintResolver {
    resolveRule(pkg: string, ruleName: string): unknown;
    resolveConfig(pkg: string, configName: string): unknown;
  }
  export class Linter {
    constructor(options: { config?: { extends?: string | string[]; rules?: Record<string, unknown> }; resolver: LintResolver });
    lint(definitions: unknown): Promise<Record<string, LintReport[]>>;
  }
}

declare module 'bpmnlint/rules/*' {
  const factory: (options?: unknown) => { check: unknown; meta?: unknown };
  export default factory;
}
