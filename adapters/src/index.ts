/** @tongban/adapters — the department-adapter contract and built-in adapters. See README.md. */
export { type DepartmentAdapter, type JobContext, type Variables, registerAdapter } from './contract.js';
export { type Backoff, backoffDelay } from './backoff.js';
export {
  IDEMPOTENCY_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, sendWebhook, signWebhook, verifyWebhook, webhookAdapter, WebhookError,
  type VerifyInput, type VerifyResult, type WebhookOptions, type WebhookResult,
} from './webhook.js';
export { DevelopmentSmsGateway, maskMobile, renderTemplate, smsNotifier, type SmsGateway, type SmsMessage, type SmsNotifierOptions } from './sms.js';
export {
  CERT_NOT_FOUND, certificateLookupAdapter, CertificateLookupError, HttpCertificateLookup,
  type Certificate, type CertificateAdapterOptions, type CertificateLookup, type CertificateQuery, type HttpCertificateLookupOptions,
} from './certificate.js';
export { ProvincialExchangePusher, type ExchangeEvent, type OutboxSource, type ProvincialExchangeOptions, type PushResult } from './exchange.js';
export { ExternalTaskWorker, type ExternalTaskApi, type ExternalTaskWorkerOptions, type WorkerTask } from './worker.js';
