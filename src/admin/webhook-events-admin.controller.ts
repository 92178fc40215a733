import { Body, Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiKeyProtected } from '../common/guards/api-key.guard.js';
import { BulkReplayDto } from './dto/bulk-replay.dto.js';
import { PurgeDeadEventsDto, PurgeDeadEventsResultDto } from './dto/purge-dead-events.dto.js';
import { WebhookEventPageQueryDto } from './dto/webhook-event-page-query.dto.js';
import { ReplayResultDto, WebhookEventDetailDto, WebhookEventPageDto } from './dto/webhook-event-views.dto.js';
import { WebhookEventsAdminService } from './webhook-events-admin.service.js';

@ApiTags('admin')
@ApiKeyProtected()
@Controller('api/v2/admin/webhook-events')
export class WebhookEventsAdminController {
  constructor(private readonly events: WebhookEventsAdminService) {}

  @Get()
  @ApiOperation({ summary: 'Inbox events, newest first, by provider, event type, status, source, order and time range.' })
  @ApiOkResponse({ type: WebhookEventPageDto })
  list(@Query() query: WebhookEventPageQueryDto): Promise<WebhookEventPageDto> {
    return this.events.list(query);
  }

  @Post('replay')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Replay the events matching the filters (dead ones unless a status is given), oldest first, up to `limit`.',
  })
  @ApiOkResponse({ type: ReplayResultDto })
  @ApiBadRequestResponse({ description: 'A filter is invalid, or names a status that cannot be replayed.' })
  replayMatching(@Body() filter: BulkReplayDto): Promise<ReplayResultDto> {
    return this.events.replayMatching(filter);
  }

  @Post('purge-dead')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      'Delete the dead events received before a date (at least 30 days ago: dedupe keys are kept that long), of one provider when given. For good: they cannot be replayed after.',
  })
  @ApiOkResponse({ type: PurgeDeadEventsResultDto })
  @ApiBadRequestResponse({ description: 'receivedBefore is missing, invalid, or within the last 30 days.' })
  purgeDead(@Body() request: PurgeDeadEventsDto): Promise<PurgeDeadEventsResultDto> {
    return this.events.purgeDead(request);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One event: attempts, last error, outcome and note, and its payload with secrets masked.' })
  @ApiOkResponse({ type: WebhookEventDetailDto })
  @ApiNotFoundResponse({ description: 'No such event.' })
  get(@Param('id', ParseUUIDPipe) id: string): Promise<WebhookEventDetailDto> {
    return this.events.get(id);
  }

  @Post(':id/replay')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Run a dead or processed event again through its handler. Handlers are idempotent: an applied event changes nothing.',
  })
  @ApiOkResponse({ type: ReplayResultDto })
  @ApiNotFoundResponse({ description: 'No such event.' })
  @ApiConflictResponse({
    description: 'The event is pending or retrying (still on its way), or its payload was purged (WEBHOOK_RETENTION_DAYS).',
  })
  replayOne(@Param('id', ParseUUIDPipe) id: string): Promise<ReplayResultDto> {
    return this.events.replayOne(id);
  }
}
