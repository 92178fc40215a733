import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, type Repository } from 'typeorm';
import type { LedgerEntryViewDto, LedgerPageQuery, UserPointsViewDto } from './dto/user-points.dto.js';
import { PointsBalance } from './points-balance.entity.js';
import { PointsLedgerEntry } from './points-ledger-entry.entity.js';

const DEFAULT_LEDGER_PAGE = 50;

/** Read side: a user's balance and ledger. A user the platform never mentioned has 0 and no entries. */
@Injectable()
export class UserPointsService {
  constructor(
    @InjectRepository(PointsBalance) private readonly balances: Repository<PointsBalance>,
    @InjectRepository(PointsLedgerEntry) private readonly ledger: Repository<PointsLedgerEntry>,
  ) {}

  async view(userId: string, page: LedgerPageQuery): Promise<UserPointsViewDto> {
    const limit = page.limit ?? DEFAULT_LEDGER_PAGE;
    const [balance, entries] = await Promise.all([
      this.balances.findOneBy({ userId }),
      this.ledger.find({
        where: { userId, ...(page.before ? { id: LessThan(page.before) } : {}) },
        order: { id: 'DESC' },
        take: limit + 1,
      }),
    ]);
    const shown = entries.slice(0, limit);
    return {
      userId,
      balance: balance?.balance ?? 0,
      ledger: shown.map(toView),
      nextBefore: entries.length > limit ? shown[shown.length - 1].id : null,
    };
  }
}

function toView(entry: PointsLedgerEntry): LedgerEntryViewDto {
  const { id, transferId, type, points, amount, status, reason, refusal, occurredAt, confirmedAt, recordedAt } = entry;
  return { id, transferId, type, points, amount, status, reason, refusal, occurredAt, confirmedAt, recordedAt };
}
