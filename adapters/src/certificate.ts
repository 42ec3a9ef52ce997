/**
 * E-certificate lookup (电子证照): is there a valid certificate of a type for the applicant —
 * a business licence, a food business permit — so the applicant need not bring the paper
 * material? Found: the certificate is set as a variable. Not found is a business outcome, not
 * a failure: BPMN error `CERT_NOT_FOUND`, which the model catches (an error boundary event
 * leading to "ask for the material"). Timeouts and server errors are failures (retried).
 *
 * The HTTP implementation POSTs the query as JSON rather than putting the holder's ID number in
 * the URL, where access logs and proxies would keep it.
 */
import { BpmnError } from '@tongban/engine';
import { nonNegative } from './backoff.js';
import type { DepartmentAdapter, JobContext, Variables } from './contract.js';

export interface CertificateQuery {
  /** Resident ID number or unified social credit code of the holder. */
  readonly holderId: string;
  /** The certificate type code of the provincial catalogue. */
  readonly certificateType: string;
}

export interface Certificate {
  readonly id: string;
  readonly type: string;
  readonly holderId: string;
  readonly holderName?: string;
  readonly issuer?: string;
  readonly issuedAt?: string;
  readonly validUntil?: string;
  readonly [field: string]: unknown;
}

export interface CertificateLookup {
  /** The certificate, or undefined when the holder has none of the type. Throws on failure. */
  find(query: CertificateQuery): Promise<Certificate | undefined>;
}

export class CertificateLookupError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'CertificateLookupError';
  }
}

export interface HttpCertificateLookupOptions {
  /** Base URL; the lookup is `POST {baseUrl}/certificates/lookup` with `{ holderId, certificateType }`. */
  readonly baseUrl: string;
  /** Sent as `Authorization: Bearer …`; never logged. */
  readonly apiKey?: string;
  /** Default 5,000 ms. */
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
}

/** 200 with the certificate → found; 404 → not found; anything else, or no answer in time → `CertificateLookupError`. */
export class HttpCertificateLookup implements CertificateLookup {
  private readonly url: URL;
  private readonly timeoutMs: number;

  constructor(private readonly options: HttpCertificateLookupOptions) {
    this.url = new URL('certificates/lookup', options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`);
    this.timeoutMs = nonNegative(options.timeoutMs ?? 5_000, 'timeoutMs');
  }

  async find(query: CertificateQuery): Promise<Certificate | undefined> {
    let response: Response;
    try {
      response = await (this.options.fetch ?? fetch)(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(this.options.apiKey ? { authorization: `Bearer ${this.options.apiKey}` } : {}) },
        body: JSON.stringify({ holderId: query.holderId, certificateType: query.certificateType }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      const timedOut = (error as Error).name === 'TimeoutError';
      throw new CertificateLookupError(timedOut ? `The certificate service did not answer within ${this.timeoutMs} ms.` : `The certificate service failed: ${(error as Error).message}`);
    }
    if (response.status === 404) {
      await response.body?.cancel();
      return undefined;
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new CertificateLookupError(`The certificate service answered ${response.status}.`, response.status);
    }
    const body = (await response.json()) as Certificate;
    if (typeof body !== 'object' || body === null || typeof body.id !== 'string') throw new CertificateLookupError('The certificate service answered without a certificate id.');
    return body;
  }
}

export interface CertificateAdapterOptions {
  readonly topic?: string;
  readonly lookup: CertificateLookup;
  /** Variable holding the holder's id (default `applicantId`). */
  readonly holderIdVariable?: string;
  /** The type to look for, or the variable holding it (`certificateTypeVariable`). */
  readonly certificateType?: string;
  readonly certificateTypeVariable?: string;
  /** Variable receiving the certificate (default `certificate`). */
  readonly resultVariable?: string;
}

export const CERT_NOT_FOUND = 'CERT_NOT_FOUND';

export function certificateLookupAdapter(options: CertificateAdapterOptions): DepartmentAdapter {
  const holderVar = options.holderIdVariable ?? 'applicantId';
  const resultVar = options.resultVariable ?? 'certificate';
  return {
    topic: options.topic ?? 'eCertificate.lookup',
    async handle(job: JobContext): Promise<Variables | void> {
      const holderId = job.variables[holderVar];
      const certificateType = options.certificateType ?? job.variables[options.certificateTypeVariable ?? 'certificateType'];
      if (typeof holderId !== 'string' || holderId === '') throw new Error(`Variable ${holderVar} (the holder's id) is missing.`);
      if (typeof certificateType !== 'string' || certificateType === '') throw new Error('No certificate type was configured or given.');
      const found = await options.lookup.find({ holderId, certificateType });
      if (!found) throw new BpmnError(CERT_NOT_FOUND, `No ${certificateType} certificate on file for the applicant.`);
      return { [resultVar]: found };
    },
  };
}
