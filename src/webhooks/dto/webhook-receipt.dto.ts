import { ApiProperty } from '@nestjs/swagger';

export class WebhookReceiptDto {
  @ApiProperty({ enum: ['accepted', 'duplicate'], example: 'accepted', description: '`duplicate` when this event was already received; it has no second effect.' })
  status: 'accepted' | 'duplicate';

  @ApiProperty({ format: 'uuid', example: '0b8e3c1e-8f3a-4b8e-9d0c-2f3c4a5b6c7d' })
  eventId: string;
}
