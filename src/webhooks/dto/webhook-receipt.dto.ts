import { ApiProperty } from '@nestjs/swagger';

export class WebhookReceiptDto {
  @ApiProperty({
    enum: ['accepted', 'duplicate', 'ignored', 'conflict'],
    example: 'accepted',
    description:
      '`duplicate` when this event was already received (it has no second effect); `ignored` for a verified event of a type ' +
      'the service does not act on (recorded, never processed; answered 200 so the provider keeps the endpoint enabled); ' +
      '`conflict` when an event stored under the same dedupe key had another body (this one is not applied; ops are alerted; ' +
      'eventId is the stored event).',
  })
  status: 'accepted' | 'duplicate' | 'ignored' | 'conflict';

  @ApiProperty({ format: 'uuid', example: '0b8e3c1e-8f3a-4b8e-9d0c-2f3c4a5b6c7d' })
  eventId: string;
}
