import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getMetadataStorage } from 'class-validator';
import { Environment } from './environment.js';
import { readProviderSettings } from '../webhooks/verification/provider-settings.js';
import { readIntegrationSubscribers } from '../integration-events/integration-subscribers.js';

const ROOT = process.cwd();
const DEFAULTS = JSON.parse(readFileSync(join(ROOT, 'config', 'default.json'), 'utf8')) as Record<string, unknown>;

/** Every setting the schema validates: the properties of Environment that carry class-validator metadata. */
function schemaSettings(): string[] {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(Environment, '', true, false);
  return [...new Set(metadata.map((m) => m.propertyName))].sort();
}

/** The rows of the "## Settings" section of docs/configuration.md: variable (backticked first cell) → default cell. */
function documentedSettings(): Map<string, string> {
  const text = readFileSync(join(ROOT, 'docs', 'configuration.md'), 'utf8');
  const section = /^## Settings\n([\s\S]*?)(?=^## |(?![\s\S]))/m.exec(text);
  expect(section).not.toBeNull();
  const rows = new Map<string, string>();
  for (const line of section![1].split('\n')) {
    const row = /^\|\s*`([A-Z][A-Z0-9_]*(?:<[A-Z]+>)?)`\s*\|([^|]*)\|/.exec(line);
    if (row) {
      expect(rows.has(row[1])).toBe(false);
      rows.set(row[1], row[2].trim());
    }
  }
  return rows;
}

/** The variables .env.example names, set or commented out (`NAME=` or `# NAME=`), with the value shown. */
function envExampleSettings(): Map<string, string> {
  const text = readFileSync(join(ROOT, '.env.example'), 'utf8');
  const lines = new Map<string, string>();
  for (const line of text.split('\n')) {
    const setting = /^#?\s*([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    if (setting) lines.set(setting[1], setting[2].trim().replace(/^"(.*)"$/, '$1'));
  }
  return lines;
}

/** Open-ended names, e.g. WEBHOOK_SECRET_<PROVIDER> or INTEGRATION_SECRET_<NAME>, split into their prefix. */
const OPEN_ENDED = /^([A-Z0-9_]+_)<(?:PROVIDER|NAME)>$/;

describe('docs/configuration.md and .env.example', () => {
  const schema = schemaSettings();

  it('reads the schema: every property of Environment is a validated setting', () => {
    expect(schema).toEqual(expect.arrayContaining(['PORT', 'ADMIN_API_KEY', 'CODES_ENCRYPTION_KEY', 'CONFIG_DIR']));
    for (const name of Object.keys(DEFAULTS)) expect(schema).toContain(name);
  });

  it('the settings table lists exactly the settings of the Environment schema', () => {
    const documented = [...documentedSettings().keys()].filter((name) => !OPEN_ENDED.test(name)).sort();
    expect(documented).toEqual(schema);
  });

  it('the settings table lists the per-provider and per-subscriber settings the service reads, and only those', () => {
    const openEnded = [...documentedSettings().keys()].filter((name) => OPEN_ENDED.test(name)).sort();
    expect(openEnded).toEqual([
      'INTEGRATION_EVENTS_<NAME>',
      'INTEGRATION_SECRET_<NAME>',
      'WEBHOOK_ALLOWED_IPS_<PROVIDER>',
      'WEBHOOK_SCHEME_<PROVIDER>',
      'WEBHOOK_SECRET_<PROVIDER>',
    ]);
    const integration = readIntegrationSubscribers({
      INTEGRATION_SUBSCRIBERS: 'erp=https://erp.example.com/hooks',
      INTEGRATION_SECRET_ERP: `whsec_${Buffer.alloc(32, 7).toString('base64')}`,
      INTEGRATION_EVENTS_ERP: 'order.paid',
    });
    expect(integration.errors).toEqual([]);
    expect(integration.subscribers[0].events).toEqual(new Set(['order.paid']));
    const { settings } = readProviderSettings({
      WEBHOOK_SECRET_PAYMENT: 'secret',
      WEBHOOK_ALLOWED_IPS_SHIPPING: '10.0.0.0/8',
      WEBHOOK_SCHEME_SUPPLIER: 'standard-webhooks',
    });
    expect(settings.get('SUPPLIER')?.scheme).toBe('standard-webhooks');
    expect(settings.get('PAYMENT')?.secrets).toEqual(['secret']);
    expect(settings.get('SHIPPING')?.allowlist.allows('10.1.2.3')).toBe(true);
  });

  it('the settings table shows the default of config/default.json for each setting that has one', () => {
    const documented = documentedSettings();
    for (const [name, value] of Object.entries(DEFAULTS)) {
      expect({ name, cell: documented.get(name) }).toEqual({ name, cell: expect.stringContaining(`\`${String(value)}\``) });
    }
  });

  it('.env.example lists every setting, its default, and each provider setting per provider', () => {
    const example = envExampleSettings();
    expect(schema.filter((name) => !example.has(name))).toEqual([]);
    for (const [name, value] of Object.entries(DEFAULTS)) {
      expect({ name, value: example.get(name) }).toEqual({ name, value: String(value) });
    }
    const prefixes = [...documentedSettings().keys()].flatMap((name) => OPEN_ENDED.exec(name)?.[1] ?? []);
    for (const prefix of prefixes) {
      expect([...example.keys()].filter((name) => name.startsWith(prefix)).length).toBeGreaterThan(0);
    }
    // Open-ended names aside, .env.example names no variable the service does not read.
    const unknown = [...example.keys()].filter((name) => !schema.includes(name) && !prefixes.some((p) => name.startsWith(p)));
    expect(unknown).toEqual([]);
  });

  it('.env.example holds no secret values', () => {
    const example = envExampleSettings();
    for (const name of [
      'ADMIN_API_KEY',
      'CODES_ENCRYPTION_KEY',
      'PAYMENT_GATEWAY_API_KEY',
      'SUPPLIER_API_KEY',
      'SLACK_WEBHOOK_URL',
      'SMS_API_KEY',
    ]) {
      expect({ name, value: example.get(name) }).toEqual({ name, value: '' });
    }
    for (const [name, value] of example) {
      if (name.startsWith('WEBHOOK_SECRET_') || name.startsWith('INTEGRATION_SECRET_'))
        expect({ name, value }).toEqual({ name, value: '' });
    }
  });
});
