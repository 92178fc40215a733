/**
 * transfer.completed names a transfer whose points.updated has not arrived
 * yet. Retried, as the two may arrive out of order, then dead-lettered.
 */
export class TransferNotFoundError extends Error {
  constructor(transferId: string) {
    super(`transfer ${transferId} is not in the ledger (yet)`);
    this.name = 'TransferNotFoundError';
  }
}
