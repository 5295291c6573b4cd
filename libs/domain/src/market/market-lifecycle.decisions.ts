import { requireInstantInRange } from '../shared/instant-range';
import { requireReason } from '../shared/validation.errors';
import type { EnrollMarketData, PauseMigrationData, ReviseScopeData } from './market.commands';
import type {
  MarketEnrolled,
  MigrationPaused,
  MigrationResumed,
  MigrationStarted,
  ScopeRevised,
} from './market.events';
import { ScopeBelowProgressError, ScopeUnchangedError } from './market-batch.errors';
import {
  MarketAlreadyCutOverError,
  MarketAlreadyEnrolledError,
  MarketNotPausedError,
  MigrationAlreadyStartedError,
} from './market-lifecycle.errors';
import { isCutOver, requireMigrating } from './market.guards';
import { marketRef, type EnrolledMarket, type MarketState } from './market.state';

export function enrollMarket(state: MarketState, data: EnrollMarketData): MarketEnrolled[] {
  if (state.phase !== 'not_enrolled') {
    throw new MarketAlreadyEnrolledError(marketRef(state), state.phase);
  }
  const { programId, market, targetRegion, usersInScope, bytesInScope, plannedStart } = data;
  requireInstantInRange('EnrollMarket', 'plannedStart', plannedStart);
  return [
    {
      type: 'MarketEnrolled',
      data: {
        programId,
        market,
        targetRegion,
        usersInScope,
        ...(bytesInScope === undefined ? {} : { bytesInScope }),
        ...(plannedStart === undefined ? {} : { plannedStart }),
      },
    },
  ];
}

export function reviseScope(state: EnrolledMarket, data: ReviseScopeData): ScopeRevised[] {
  const { usersInScope, reason } = data;
  requireReason('ReviseScope', reason);
  if (isCutOver(state)) {
    throw new MarketAlreadyCutOverError(marketRef(state), 'ReviseScope', state.phase);
  }
  if (usersInScope === state.usersInScope) {
    throw new ScopeUnchangedError(marketRef(state), usersInScope);
  }
  if (usersInScope < state.verifiedUsers + state.copiedUsers) {
    throw new ScopeBelowProgressError(marketRef(state), usersInScope, {
      usersInScope: state.usersInScope,
      verifiedUsers: state.verifiedUsers,
      copiedUsers: state.copiedUsers,
    });
  }
  return [
    {
      type: 'ScopeRevised',
      data: { ...marketRef(state), previousUsersInScope: state.usersInScope, usersInScope, reason },
    },
  ];
}

export function startMigration(state: EnrolledMarket): MigrationStarted[] {
  if (state.phase !== 'planned') {
    throw new MigrationAlreadyStartedError(marketRef(state), state.phase);
  }
  return [{ type: 'MigrationStarted', data: marketRef(state) }];
}

export function pauseMigration(state: EnrolledMarket, data: PauseMigrationData): MigrationPaused[] {
  requireReason('PauseMigration', data.reason);
  requireMigrating(state, 'PauseMigration');
  return [{ type: 'MigrationPaused', data: { ...marketRef(state), reason: data.reason } }];
}

export function resumeMigration(state: EnrolledMarket): MigrationResumed[] {
  if (state.phase !== 'paused') {
    throw new MarketNotPausedError(marketRef(state), state.phase);
  }
  return [{ type: 'MigrationResumed', data: marketRef(state) }];
}
