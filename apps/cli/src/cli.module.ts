import { Module } from '@nestjs/common';
import {
  AuditBundleCommand,
  AuditCommand,
  AuditExportCommand,
  AuditVerifyBundleCommand,
  AuditReplayBundleCommand,
  AuditVerifyCommand,
} from './commands/audit.command';
import { AUDIT_PROOF_SUBCOMMANDS } from './commands/audit-proof.command';
import { BATCH_SUBCOMMANDS, BatchCommand } from './commands/batch.command';
import { DemoCommand } from './commands/demo.command';
import { HistoryCommand } from './commands/history.command';
import { ImportCommand } from './commands/import.command';
import { MARKET_SUBCOMMANDS, MarketCommand } from './commands/market.command';
import { PROGRAM_SUBCOMMANDS, ProgramCommand } from './commands/program.command';
import { ProgressCommand } from './commands/progress.command';
import { SUBSCRIPTION_SUBCOMMANDS, SubscriptionCommand } from './commands/subscription.command';

const groups = [ProgramCommand, MarketCommand, BatchCommand, AuditCommand, SubscriptionCommand];
const subCommands = [
  ...PROGRAM_SUBCOMMANDS,
  ...MARKET_SUBCOMMANDS,
  ...BATCH_SUBCOMMANDS,
  AuditVerifyCommand,
  AuditExportCommand,
  AuditBundleCommand,
  AuditVerifyBundleCommand,
  AuditReplayBundleCommand,
  ...AUDIT_PROOF_SUBCOMMANDS,
  ...SUBSCRIPTION_SUBCOMMANDS,
];
const commands = [ProgressCommand, HistoryCommand, ImportCommand, DemoCommand];

@Module({ providers: [...groups, ...subCommands, ...commands] })
export class CliModule {}
