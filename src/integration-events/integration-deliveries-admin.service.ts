import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import {
  IntegrationDeliveryDto,
  type IntegrationDeliveryQueryDto,
  type IntegrationReplayResultDto,
  type IntegrationSubscriberDto,
} from './dto/integration-delivery-views.dto.js';
import { IntegrationDeliveryQueueService } from './integration-delivery-queue.service.js';
import { IntegrationDeliveryStatus } from './integration-delivery.entity.js';
import { IntegrationEventsRepository } from './integration-events.repository.js';

/** The operator API of integration events: deliveries by status, replay, subscribers disabled and enabled. */
@Injectable()
export class IntegrationDeliveriesAdminService {
  constructor(
    private readonly repository: IntegrationEventsRepository,
    private readonly queue: IntegrationDeliveryQueueService,
    private readonly config: AppConfig,
  ) {}

  async list(query: IntegrationDeliveryQueryDto): Promise<IntegrationDeliveryDto[]> {
    const rows = await this.repository.list(query);
    return rows.map((row) => IntegrationDeliveryDto.of(row));
  }

  async replay(id: string): Promise<IntegrationReplayResultDto> {
    const delivery = await this.repository.findDelivery(id);
    if (!delivery) throw new NotFoundException(`No integration delivery ${id}.`);
    if (!this.subscriber(delivery.subscriber)) {
      throw new ConflictException(`Subscriber ${delivery.subscriber} is no longer in INTEGRATION_SUBSCRIBERS.`);
    }
    if (await this.repository.disabledAt(delivery.subscriber)) {
      throw new ConflictException(
        `Subscriber ${delivery.subscriber} is disabled: POST /api/v2/admin/integration-subscribers/${delivery.subscriber}/enable first.`,
      );
    }
    if (!(await this.repository.rearm(id))) throw new ConflictException(`Delivery ${id} is ${delivery.status}: it is still on its way.`);
    await this.queue.enqueueQuietly([id]);
    return { id, status: IntegrationDeliveryStatus.Pending };
  }

  async subscribers(): Promise<IntegrationSubscriberDto[]> {
    const states = new Map((await this.repository.subscriberStates()).map((state) => [state.name, state]));
    return this.config.integration.subscribers.map((subscriber) => ({
      name: subscriber.name,
      url: subscriber.url,
      events: subscriber.events ? [...subscriber.events] : null,
      disabledAt: states.get(subscriber.name)?.disabledAt ?? null,
      disabledReason: states.get(subscriber.name)?.disabledReason ?? null,
    }));
  }

  async enable(name: string): Promise<IntegrationSubscriberDto> {
    if (!this.subscriber(name)) throw new NotFoundException(`No subscriber ${name} in INTEGRATION_SUBSCRIBERS.`);
    await this.repository.enable(name);
    return (await this.subscribers()).find((subscriber) => subscriber.name === name)!;
  }

  private subscriber(name: string) {
    return this.config.integration.subscribers.find((subscriber) => subscriber.name === name);
  }
}
