import { CreateInboxAndOrders1763880000000 } from './1763880000000-CreateInboxAndOrders.js';
import { CreateNotificationsOutbox1763880100000 } from './1763880100000-CreateNotificationsOutbox.js';
import { CreateShipments1763880200000 } from './1763880200000-CreateShipments.js';
import { CreatePointsLedger1763880300000 } from './1763880300000-CreatePointsLedger.js';
import { CreateDigitalGoodsTables1763880400000 } from './1763880400000-CreateDigitalGoodsTables.js';
import { CreateExternalApiLogs1763880600000 } from './1763880600000-CreateExternalApiLogs.js';
import { CreateReconciliationChecks1763880700000 } from './1763880700000-CreateReconciliationChecks.js';
import { HardenMoneyAndInbox1763880800000 } from './1763880800000-HardenMoneyAndInbox.js';
import { CreateIntegrationEvents1763881000000 } from './1763881000000-CreateIntegrationEvents.js';
import { AddOrderItems1763881100000 } from './1763881100000-AddOrderItems.js';
import { CreateSupplierOrderPlacements1763881200000 } from './1763881200000-CreateSupplierOrderPlacements.js';
import { AddInboxRetention1763881300000 } from './1763881300000-AddInboxRetention.js';

/** Every migration, oldest first. Listed, not globbed, so tests run them from TypeScript as they are. */
export const migrations = [
  CreateInboxAndOrders1763880000000,
  CreateNotificationsOutbox1763880100000,
  CreateShipments1763880200000,
  CreatePointsLedger1763880300000,
  CreateDigitalGoodsTables1763880400000,
  CreateExternalApiLogs1763880600000,
  CreateReconciliationChecks1763880700000,
  HardenMoneyAndInbox1763880800000,
  CreateIntegrationEvents1763881000000,
  AddOrderItems1763881100000,
  CreateSupplierOrderPlacements1763881200000,
  AddInboxRetention1763881300000,
];
