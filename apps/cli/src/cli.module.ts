import { Module } from '@nestjs/common';
import {
  AuditBundleCommand,
  AuditCommand,
  AuditExportCommand,
  AuditVerifyBundleCommand,
  AuditReplayBundleCommand,
  AuditVerifyCommand,
} from './commands/audit.command';
import {
  BatchCommand,
  BatchCopiedCommand,
  BatchFailedCommand,
  BatchVerifiedCommand,
} from './commands/batch.command';
import { DemoCommand } from './commands/demo.command';
import { HistoryCommand } from './commands/history.command';
import { ImportCommand } from './commands/import.command';
import { MARKET_SUBCOMMANDS, MarketCommand } from './commands/market.command';
import {
  ProgramCommand,
  ProgramCreateCommand,
  ProgramDeadlineCommand,
  ProgramListCommand,
} from './commands/program.command';
import { ProgressCommand } from './commands/progress.command';

const groups = [ProgramCommand, MarketCommand, BatchCommand, AuditCommand];
const subCommands = [
  ProgramCreateCommand,
  ProgramDeadlineCommand,
  ProgramListCommand,
  ...MARKET_SUBCOMMANDS,
  BatchCopiedCommand,
  BatchVerifiedCommand,
  BatchFailedCommand,
  AuditVerifyCommand,
  AuditExportCommand,
  AuditBundleCommand,
  AuditVerifyBundleCommand,
  AuditReplayBundleCommand,
];
const commands = [ProgressCommand, HistoryCommand, ImportCommand, DemoCommand];

@Module({ providers: [...groups, ...subCommands, ...commands] })
export class CliModule {}
