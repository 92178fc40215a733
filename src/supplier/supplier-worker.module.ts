import { Module } from '@nestjs/common';
import { SupplierOrderPlacementSweeperService } from './supplier-order-placement-sweeper.service.js';
import { SupplierOrderPlacementProcessor } from './supplier-order-placement.processor.js';
import { SupplierModule } from './supplier.module.js';

/** Where APP_ROLE runs workers: the tries of supplier order placements and their sweeper. */
@Module({
  imports: [SupplierModule],
  providers: [SupplierOrderPlacementProcessor, SupplierOrderPlacementSweeperService],
})
export class SupplierWorkerModule {}
