import { Foundation1763856000000 } from './1763856000000-foundation.js';
import { Organisation1763942400000 } from './1763942400000-organisation.js';
import { Sessions1764028800000 } from './1764028800000-sessions.js';
import { MemberSearch1764028800500 } from './1764028800500-member-search.js';
import { PairingHistory1764028801000 } from './1764028801000-pairing-history.js';
import { LoginFailures1764028802000 } from './1764028802000-login-failures.js';
import { ActorChanges1764028803000 } from './1764028803000-actor-changes.js';
import { OutboxCatalogue1764028804000 } from './1764028804000-outbox-catalogue.js';
import { TaskTypes1764028805000 } from './1764028805000-task-types.js';
import { Dispatch1764028806000 } from './1764028806000-dispatch.js';
import { NotificationChannels1764028806500 } from './1764028806500-notification-channels.js';
import { DispatchQueues1764028807000 } from './1764028807000-dispatch-queues.js';
import { OutboxAnnounced1764028808000 } from './1764028808000-outbox-announced.js';
import { AssignmentCompletion1764028809000 } from './1764028809000-assignment-completion.js';
import { SecondmentEndOffers1764028809500 } from './1764028809500-secondment-end-offers.js';
import { Posts1764028810000 } from './1764028810000-posts.js';
import { ShiftSwaps1764028811000 } from './1764028811000-shift-swaps.js';
import { CallUps1764028812000 } from './1764028812000-call-ups.js';
import { ShiftsBookedNotices1764028813000 } from './1764028813000-shifts-booked-notices.js';
import { DutyLogs1764028814000 } from './1764028814000-duty-logs.js';
import { Points1764028815000 } from './1764028815000-points.js';
import { Leaderboards1764028816000 } from './1764028816000-leaderboards.js';
import { CheckIns1764028817000 } from './1764028817000-check-ins.js';
import { Photos1764028818000 } from './1764028818000-photos.js';
import { Commitments1764028819000 } from './1764028819000-commitments.js';
import { WorkingDays1764028820000 } from './1764028820000-working-days.js';
import { DutyLogRollup1764028821000 } from './1764028821000-duty-log-rollup.js';
import { ReportExports1764028822000 } from './1764028822000-report-exports.js';
import { CommunityDashboard1764028823000 } from './1764028823000-community-dashboard.js';
import { BrokerTables1764028824000 } from './1764028824000-broker-tables.js';

/** Every migration, in order. Listed explicitly: no file globbing, same in ESM, dist and Jest. */
export const MIGRATIONS = [
  Foundation1763856000000,
  Organisation1763942400000,
  Sessions1764028800000,
  MemberSearch1764028800500,
  PairingHistory1764028801000,
  LoginFailures1764028802000,
  ActorChanges1764028803000,
  OutboxCatalogue1764028804000,
  TaskTypes1764028805000,
  Dispatch1764028806000,
  NotificationChannels1764028806500,
  DispatchQueues1764028807000,
  OutboxAnnounced1764028808000,
  AssignmentCompletion1764028809000,
  SecondmentEndOffers1764028809500,
  Posts1764028810000,
  ShiftSwaps1764028811000,
  CallUps1764028812000,
  ShiftsBookedNotices1764028813000,
  DutyLogs1764028814000,
  Points1764028815000,
  Leaderboards1764028816000,
  CheckIns1764028817000,
  Photos1764028818000,
  Commitments1764028819000,
  WorkingDays1764028820000,
  DutyLogRollup1764028821000,
  ReportExports1764028822000,
  CommunityDashboard1764028823000,
  BrokerTables1764028824000,
];
