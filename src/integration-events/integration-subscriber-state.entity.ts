import { Column, Entity, PrimaryColumn } from 'typeorm';

/** What the service learnt of a subscriber at run time: disabled when it answered 410 Gone, until an operator enables it. */
@Entity('integration_subscribers')
export class IntegrationSubscriberState {
  @PrimaryColumn({ type: 'varchar', length: 50 })
  name: string;

  @Column({ name: 'disabled_at', type: 'timestamptz', nullable: true })
  disabledAt: Date | null;

  @Column({ name: 'disabled_reason', type: 'text', nullable: true })
  disabledReason: string | null;
}
