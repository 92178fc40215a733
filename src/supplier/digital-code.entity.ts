import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One code the supplier delivered for an order, sealed with CODES_ENCRYPTION_KEY; never stored in clear. */
@Entity('digital_codes')
@Index('ix_digital_codes_order', ['orderId'])
export class DigitalCode {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'order_id', type: 'varchar', length: 100 })
  orderId: string;

  @Column({ type: 'varchar', length: 100 })
  sku: string;

  @Column({ name: 'code_sealed', type: 'text' })
  codeSealed: string;

  @Column({ name: 'pin_sealed', type: 'text', nullable: true })
  pinSealed: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
