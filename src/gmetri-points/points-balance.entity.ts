import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

const bigintAsNumber = { to: (value: number) => value, from: (value: string) => Number(value) };

/**
 * A user's balance, kept equal to the sum of their ledger by updating it in
 * the transaction that writes each entry. Its row is also the per-user lock
 * that serialises debits; the table refuses a negative balance outright.
 */
@Entity('points_balances')
@Check('points_balances_balance_check', 'balance >= 0')
export class PointsBalance {
  @PrimaryColumn({ name: 'user_id', type: 'varchar', length: 100 })
  userId: string;

  @Column({ type: 'bigint', default: 0, transformer: bigintAsNumber })
  balance: number;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
