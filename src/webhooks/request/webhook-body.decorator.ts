import { BadRequestException, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { jsonDepthExceeds, jsonMembersExceed, jsonTextBounds } from './json-depth.js';
import { unstorableText } from '../../common/http/json-text.js';
import type { WebhookRequest } from './webhook-request.js';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
/** Far beyond any provider's payload; deeper bodies would overflow the validator's recursion. */
const MAX_JSON_DEPTH = 32;
/**
 * Object keys and array items in all, far beyond any provider's payload (a
 * large Shopify order has a few hundred): class-transformer's cost grows with
 * them (50,000 keys held the event loop for seconds).
 */
export const MAX_JSON_MEMBERS = 5_000;

/** Keeps of a parsed body only the fields its endpoint knows (see WebhookBody). */
export type KnownFields = (payload: Record<string, unknown>) => Record<string, unknown>;

/**
 * The webhook body parsed as JSON, after the guards have checked its
 * signature; the global pipe (ApiValidationPipe) then validates it against the DTO, leniently, as VALIDATION_OPTIONS say.
 * With `knownFields`, only what it keeps goes on: to validation, the inbox
 * and the audit row alike (a provider whose unknown fields may carry secrets,
 * such as the supplier's codes under names of its own).
 */
export const WebhookBody = createParamDecorator((knownFields: KnownFields | undefined, context: ExecutionContext): unknown => {
  const request = context.switchToHttp().getRequest<WebhookRequest>();
  if (!request.is('application/json')) {
    throw new BadRequestException('Content-Type must be application/json.');
  }
  const text = decodeUtf8(request.body);
  const payload = parseJson(text);
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
    throw new BadRequestException('Body must be a JSON object.');
  }
  // The walks over the parsed value run only for the rare body its text does not clear at once.
  const bounds = jsonTextBounds(text);
  if (bounds.containers >= MAX_JSON_DEPTH && jsonDepthExceeds(payload, MAX_JSON_DEPTH)) {
    throw new BadRequestException(`Body nests deeper than ${MAX_JSON_DEPTH} levels.`);
  }
  if (bounds.members > MAX_JSON_MEMBERS && jsonMembersExceed(payload, MAX_JSON_MEMBERS)) {
    throw new BadRequestException(`Body holds more than ${MAX_JSON_MEMBERS} keys and array items.`);
  }
  // Postgres would refuse it at the inbox insert: a 503 the provider retries for ever.
  const unstorable = bounds.escapes ? unstorableText(payload) : undefined;
  if (unstorable) throw new BadRequestException(`Body holds text that cannot be stored: ${unstorable}.`);
  const kept = knownFields ? knownFields(payload as Record<string, unknown>) : payload;
  request.webhookPayload = kept;
  return kept;
});

function decodeUtf8(raw: Buffer): string {
  // Decoded apart from parsing: the decoder's TypeError is of Node's own realm,
  // so an instanceof test on it fails in some hosts (Jest's VM modules).
  try {
    return strictUtf8.decode(raw);
  } catch {
    throw new BadRequestException('Body is not valid UTF-8.');
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new BadRequestException(`Malformed JSON: ${(error as Error).message}`);
  }
}
