import { ProviderApiError } from './provider-api.error.js';
import { Injectable } from '@nestjs/common';
import { OutboundAuditService } from '../audit/outbound-audit.service.js';
import { AppConfig, type ProviderApiSettings } from '../config/app-config.js';

export interface ProviderApiAnswer {
  status: number;
  body: unknown;
}

const RETRY_PAUSE_MS = 200;

/**
 * GET calls to providers' status APIs, with a timeout per try and retries
 * for what may pass (timeouts, network errors, 5xx). Every try is audited.
 * A 404 is an answer (the provider does not know the object), not an error.
 */
@Injectable()
export class ProviderApiClient {
  constructor(
    private readonly config: AppConfig,
    private readonly audit: OutboundAuditService,
  ) {}

  async get(api: ProviderApiSettings, target: string, path: string): Promise<ProviderApiAnswer> {
    const { retries } = this.config.providerApis;
    let lastError = '';
    for (let attempt = 0; attempt <= retries; attempt += 1) {
      if (attempt > 0) await pause(RETRY_PAUSE_MS * attempt);
      const result = await this.try(api, target, path);
      if ('answer' in result) return result.answer;
      lastError = result.error;
      if (!result.retryable) break;
    }
    throw new ProviderApiError(`${target} GET ${path}: ${lastError}`);
  }

  private async try(
    api: ProviderApiSettings,
    target: string,
    path: string,
  ): Promise<{ answer: ProviderApiAnswer } | { error: string; retryable: boolean }> {
    const started = performance.now();
    const operation = `GET ${path.split('?')[0]}`;
    const headers: Record<string, string> = { accept: 'application/json' };
    if (api.apiKey) headers.authorization = `Bearer ${api.apiKey}`;
    try {
      const response = await fetch(`${api.url}${path}`, { headers, signal: AbortSignal.timeout(this.config.providerApis.timeoutMs) });
      const body = await readBody(response);
      const latencyMs = Math.round(performance.now() - started);
      const ok = response.ok || response.status === 404;
      void this.audit.record({
        target,
        operation,
        outcome: ok ? 'success' : 'failure',
        httpStatus: response.status,
        latencyMs,
        payload: body,
      });
      if (ok) return { answer: { status: response.status, body } };
      return { error: `HTTP ${response.status}`, retryable: response.status >= 500 || response.status === 429 };
    } catch (error) {
      const message = (error as Error).name === 'TimeoutError' ? 'timed out' : (error as Error).message;
      void this.audit.record({ target, operation, outcome: 'failure', latencyMs: Math.round(performance.now() - started), error: message });
      return { error: message, retryable: true };
    }
  }
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
