/** A problem's sentence in the UI language: engine sentences we recognise, lint rules by name. */
import { type ValidationProblem, sourceOf, summarise } from '@/lib/problems';

type T = (key: string, params?: Record<string, unknown>) => string;
type Te = (key: string) => boolean;

export function problemText(p: ValidationProblem, t: T, te: Te): string {
  if (sourceOf(p) === 'lint') return p.rule && te(`lint.rule.${p.rule}`) ? t(`lint.rule.${p.rule}`) : p.message;
  const s = summarise(p);
  return s.key ? t(`problem.${s.key}`, s.params) : p.message;
}

/** `[引擎] …` / `[bpmnlint label-required] …`, for tooltips that list several problems. */
export function problemLine(p: ValidationProblem, t: T, te: Te): string {
  const tag = sourceOf(p) === 'lint' ? `bpmnlint ${p.rule ?? ''}`.trim() : t('lint.source.engine');
  return `[${tag}] ${problemText(p, t, te)}`;
}
