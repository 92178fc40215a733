import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const DEPLOY = join(process.cwd(), 'deploy', 'prometheus');
const read = (...path: string[]) => readFileSync(join(process.cwd(), ...path), 'utf8');
const promtool = (...args: string[]) => promisify(execFile)('promtool', args, { cwd: DEPLOY });

/** The alert names of alerts.yml, in order. */
const alertNames = () => [...read('deploy', 'prometheus', 'alerts.yml').matchAll(/^\s*- alert: (\S+)$/gm)].map((match) => match[1]);

/** GitHub's anchor of a Markdown heading: lower case, spaces to dashes, other punctuation dropped. */
const anchorOf = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\w\- ]/g, '')
    .replace(/ /g, '-');

describe('alert rules (promtool from the Debian prometheus package)', () => {
  it('are valid rules', async () => {
    const { stdout } = await promtool('check', 'rules', 'alerts.yml');
    expect(stdout).toContain(`SUCCESS: ${alertNames().length} rules found`);
  });

  it('pass their unit tests (alerts.test.yml)', async () => {
    const { stdout } = await promtool('test', 'rules', 'alerts.test.yml');
    expect(stdout).toContain('SUCCESS');
  });

  it('each have a unit test in which they fire', () => {
    const tests = read('deploy', 'prometheus', 'alerts.test.yml');
    const firing = new Set([...tests.matchAll(/alertname: (\S+)\n\s*exp_alerts:\n\s*- exp_labels/g)].map((match) => match[1]));
    expect(alertNames().filter((name) => !firing.has(name))).toEqual([]);
  });

  it('each link to their own section of docs/operations.md', () => {
    const rules = read('deploy', 'prometheus', 'alerts.yml');
    const anchors = new Set([...read('docs', 'operations.md').matchAll(/^#+ (.+)$/gm)].map((match) => anchorOf(match[1])));
    const links = [...rules.matchAll(/- alert: (\S+)[\s\S]*?runbook_url: docs\/operations\.md#(\S+)/g)].map((match) => [
      match[1],
      match[2],
    ]);
    expect(links.map(([name]) => name)).toEqual(alertNames());
    for (const [name, anchor] of links) {
      expect(anchor).toBe(name.toLowerCase());
      expect(anchors).toContain(anchor);
    }
  });
});
