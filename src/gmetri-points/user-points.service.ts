import { Injectable } from '@nestjs/common';
import type { LedgerEntryViewDto, LedgerPageQuery, UserPointsViewDto } from './dto/user-points.dto.js';
import type { PointsLedgerEntry } from './points-ledger-entry.entity.js';
import { PointsLedgerRepository } from './points-ledger.repository.js';

const DEFAULT_LEDGER_PAGE = 50;

/** Read side: a user's balance and ledger. A user the platform never mentioned has 0 and no entries. */
@Injectable()
export class UserPointsService {
  constructor(private readonly ledger: PointsLedgerRepository) {}

  async view(userId: string, page: LedgerPageQuery): Promise<UserPointsViewDto> {
    const limit = page.limit ?? DEFAULT_LEDGER_PAGE;
    // One entry more than the page: whether it comes back says if there is a next page.
    const [balance, entries] = await Promise.all([this.ledger.balanceOf(userId), this.ledger.entriesOf(userId, limit + 1, page.before)]);
    const shown = entries.slice(0, limit);
    return {
      userId,
      balance: balance ?? 0,
      ledger: shown.map(toView),
      nextBefore: entries.length > limit ? shown[shown.length - 1].id : null,
    };
  }
}

function toView(entry: PointsLedgerEntry): LedgerEntryViewDto {
  const { id, transferId, type, points, amount, status, reason, refusal, occurredAt, confirmedAt, recordedAt } = entry;
  return { id, transferId, type, points, amount, status, reason, refusal, occurredAt, confirmedAt, recordedAt };
}
