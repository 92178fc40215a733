import { Injectable } from '@nestjs/common';
import { FieldCipher } from '../common/security/field-encryption.js';
import { AppConfig } from '../config/app-config.js';
import type { SupplierWebhookDto } from './dto/supplier-webhook.dto.js';

/**
 * Seals digital codes with CODES_ENCRYPTION_KEY and opens them with it or
 * one of CODES_ENCRYPTION_KEYS_OLD (the key ring). Codes are sealed
 * as they arrive, before anything stores them, and opened only to render the
 * customer's e-mail.
 */
@Injectable()
export class CodesCipherService {
  private readonly cipher: FieldCipher | null;

  constructor(config: AppConfig) {
    const { codesEncryptionKey: key, codesEncryptionKeysOld: old } = config.digitalGoods;
    this.cipher = key ? new FieldCipher([key, ...old]) : null;
  }

  /** The supplier's payload with every item's code and PIN sealed. */
  sealItems(body: SupplierWebhookDto): SupplierWebhookDto {
    if (!body.data.items) return body;
    const items = body.data.items.map((item) => ({ ...item, code: this.sealOptional(item.code), pin: this.sealOptional(item.pin) }));
    return { ...body, data: { ...body.data, items } };
  }

  open(sealed: string): string {
    return this.required().open(sealed);
  }

  /** Whether a sealed value is under CODES_ENCRYPTION_KEY already (codes:reseal leaves it alone). */
  isCurrent(sealed: string): boolean {
    return this.required().isCurrent(sealed);
  }

  /** A sealed value moved under CODES_ENCRYPTION_KEY, opened with whichever key of the ring sealed it. */
  reseal(sealed: string): string {
    return this.required().reseal(sealed);
  }

  private sealOptional(value: string | null | undefined): string | null | undefined {
    return value ? this.required().seal(value) : value;
  }

  /** Settings validation requires the key once supplier webhooks are enabled, the only way codes arrive. */
  private required(): FieldCipher {
    if (!this.cipher) throw new Error('CODES_ENCRYPTION_KEY is not set: digital codes cannot be sealed or opened');
    return this.cipher;
  }
}
