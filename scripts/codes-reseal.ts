import 'reflect-metadata';
import { pathToFileURL } from 'node:url';
import { DataSource } from 'typeorm';
import { FieldCipher } from '../src/common/security/field-encryption.js';
import { loadConfig } from '../src/config/app-config.js';
import { databaseOptions } from '../src/database/database-options.js';
import { SEALED_CODE_TABLES, SealedCodesRepository } from '../src/supplier/sealed-codes.repository.js';

const HELP = `Usage: npm run codes:reseal [-- --apply]

Moves every sealed digital code (digital_codes, the customers' codes e-mails in notifications,
the supplier's events in webhook_events) under CODES_ENCRYPTION_KEY, opening each with whichever
key of the ring sealed it (CODES_ENCRYPTION_KEY or one of CODES_ENCRYPTION_KEYS_OLD).
Without --apply it only counts the rows that would change. Reads the service's settings
(DATABASE_URL, the keys) from the environment, as the service does.`;

/** The command line: counts (dry run) or re-seals; exit code 0 when nothing is left that the ring cannot open. */
export async function main(argv: string[], env: Record<string, string | undefined>, print: (line: string) => void): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    print(HELP);
    return 0;
  }
  const apply = argv.includes('--apply');
  let dataSource: DataSource | undefined;
  try {
    // ADMIN_API_KEY guards the HTTP API, which this command does not serve.
    const config = loadConfig({ ADMIN_API_KEY: 'unused-by-codes-reseal-0123456789', ...env });
    const { codesEncryptionKey: key, codesEncryptionKeysOld: old } = config.digitalGoods;
    if (!key) throw new Error('CODES_ENCRYPTION_KEY is not set: there is no key to re-seal under');
    const cipher = new FieldCipher([key, ...old]);
    const prefix = `v2.${cipher.currentKeyId}.`;
    dataSource = await new DataSource(databaseOptions(config)).initialize();
    const repository = new SealedCodesRepository(dataSource);

    print(`sealing key: ${cipher.currentKeyId} (the id of CODES_ENCRYPTION_KEY); ${old.length} old key(s) in the ring`);
    let unopenable = 0;
    for (const table of SEALED_CODE_TABLES) {
      const stale = await repository.countStale(table, prefix);
      print(`${table}: ${stale} row(s) to re-seal`);
      if (!apply || stale === 0) continue;
      const count = await repository.resealAll(table, prefix, (sealed) => cipher.reseal(sealed));
      unopenable += count.unopenable;
      print(
        `${table}: ${count.resealed} row(s) re-sealed${count.unopenable ? `, ${count.unopenable} left: no key of the ring opens them` : ''}`,
      );
    }
    if (!apply) print('dry run: nothing changed; run with --apply to re-seal');
    return unopenable > 0 ? 1 : 0;
  } catch (error) {
    print(`error: ${(error as Error).message}`);
    return 2;
  } finally {
    await dataSource?.destroy();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2), process.env, (line) => console.log(line));
}
