/**
 * SMS notifier: texts the applicant at a step ("您的申请已受理…"). The gateway is pluggable —
 * each province contracts its own operator platform — behind one method. The development
 * gateway sends nothing: it logs the message with the number's middle digits masked
 * (138****5678), so logs never hold a whole mobile number (personal information, PIPL).
 */
import { BpmnError } from '@tongban/engine';
import type { DepartmentAdapter, JobContext, Variables } from './contract.js';

export interface SmsMessage {
  /** The recipient's mobile number. */
  readonly to: string;
  readonly text: string;
}

export interface SmsGateway {
  /** Sends one message; `idempotencyKey` lets a gateway that supports it drop a repeat. */
  send(message: SmsMessage, options: { idempotencyKey: string }): Promise<{ messageId: string }>;
}

/** `13812345678` → `138****5678`; other lengths keep at most the first 3 and last 4 of ≥ 8 digits. */
export function maskMobile(number: string): string {
  const digits = number.replace(/[^\d+]/g, '');
  if (digits.length >= 8) return `${digits.slice(0, 3)}${'*'.repeat(digits.length - 7)}${digits.slice(-4)}`;
  return '*'.repeat(Math.max(digits.length - 2, 0)) + digits.slice(-2);
}

/** Logs instead of sending (development, tests). Keeps what it "sent", masked. */
export class DevelopmentSmsGateway implements SmsGateway {
  readonly sent: Array<{ to: string; text: string; idempotencyKey: string }> = [];
  private counter = 0;

  constructor(private readonly log: (line: string) => void = (line) => console.info(line)) {}

  async send(message: SmsMessage, options: { idempotencyKey: string }): Promise<{ messageId: string }> {
    const to = maskMobile(message.to);
    this.sent.push({ to, text: message.text, idempotencyKey: options.idempotencyKey });
    this.log(`[sms:development] to ${to}: ${message.text}`);
    return { messageId: `dev-${++this.counter}` };
  }
}

export interface SmsNotifierOptions {
  readonly topic?: string;
  readonly gateway: SmsGateway;
  /** The variable holding the mobile number (default `mobile`). */
  readonly mobileVariable?: string;
  /** Text with `{name}` placeholders filled from variables (plain substitution, never code). */
  readonly template: string;
  /** Variable receiving the gateway's message id (default none). */
  readonly resultVariable?: string;
}

const MAINLAND_MOBILE = /^(?:\+?86)?1[3-9]\d{9}$/;

/** Adapter: sends the template to the number in the variables; BPMN error `SMS_INVALID_MOBILE` when there is none. */
export function smsNotifier(options: SmsNotifierOptions): DepartmentAdapter {
  const mobileVariable = options.mobileVariable ?? 'mobile';
  return {
    topic: options.topic ?? 'tongban.sms',
    async handle(job: JobContext): Promise<Variables | void> {
      const raw = job.variables[mobileVariable];
      const to = typeof raw === 'string' ? raw.replace(/[\s-]/g, '') : '';
      if (!MAINLAND_MOBILE.test(to)) throw new BpmnError('SMS_INVALID_MOBILE', `No valid mobile number in variable ${mobileVariable}.`);
      const { messageId } = await options.gateway.send({ to, text: renderTemplate(options.template, job.variables) }, { idempotencyKey: job.jobId });
      if (options.resultVariable) return { [options.resultVariable]: messageId };
    },
  };
}

/** `{name}` → the variable's text ('' when missing); `{{` and `}}` are literal braces. */
export function renderTemplate(template: string, variables: Readonly<Variables>): string {
  return template.replace(/\{\{|\}\}|\{([A-Za-z_][\w.]*)\}/g, (match, name: string | undefined) => {
    if (match === '{{') return '{';
    if (match === '}}') return '}';
    const value = variables[name!];
    return value === undefined || value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  });
}
