import { register } from 'node:module';
import type { AppConfig } from '../../config/app-config.js';

/**
 * The packages the tracing instruments that this ESM app imports rather than
 * requires: only these go through the import hook. pg and ioredis are
 * required by TypeORM and Bull (CommonJS), which the require hook covers.
 */
const IMPORTED_INSTRUMENTED_PACKAGES = ['express', 'http', 'https'];

let stop: () => Promise<void> = () => Promise.resolve();

/**
 * Starts OpenTelemetry tracing when OTEL_EXPORTER_OTLP_ENDPOINT is set. It
 * must run before the modules it instruments load, so main imports the app
 * only after it. Off, it loads nothing: the SDK is imported only here.
 */
export async function startTracing(config: AppConfig): Promise<void> {
  if (!config.tracing.endpoint) return;
  register('@opentelemetry/instrumentation/hook.mjs', import.meta.url, { data: { include: IMPORTED_INSTRUMENTED_PACKAGES } });
  const { startTracingSdk } = await import('./tracing-sdk.js');
  stop = startTracingSdk(config);
}

/** Exports the spans still buffered (a collector that does not answer does not fail the stop); a no-op when tracing is off. */
export function stopTracing(): Promise<void> {
  return stop().catch(() => undefined);
}
