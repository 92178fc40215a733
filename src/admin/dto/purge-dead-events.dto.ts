import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, Length } from 'class-validator';

/** Which dead events an operator gives up on for good. */
export class PurgeDeadEventsDto {
  @ApiProperty({
    example: '2026-01-01T00:00:00Z',
    description: 'Dead events received before this are deleted; at least 30 days ago, so no dedupe key a provider may still retry on goes.',
  })
  @IsISO8601({ strict: true })
  receivedBefore: string;

  @ApiPropertyOptional({ example: 'payment', description: "Only this provider's dead events." })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  provider?: string;
}

export class PurgeDeadEventsResultDto {
  @ApiProperty({ description: 'Dead events deleted.' }) purged: number;
}
