import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { CheckpointService } from './checkpoint.service';

/** How often the scheduler looks for new events (a cheap indexed read when there are none). */
const POLL_MS = 1000;

/** Signs a checkpoint every N events or M minutes (CHECKPOINT_EVERY_EVENTS / _MINUTES) while the app runs. */
@Injectable()
export class CheckpointScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Checkpoints');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(private readonly checkpoints: CheckpointService) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.running ??= this.tick().finally(() => (this.running = undefined));
    }, POLL_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private async tick(): Promise<void> {
    try {
      const signed = await this.checkpoints.signIfDue();
      if (signed)
        this.logger.log(
          `checkpoint ${signed.sequence}: tree size ${signed.treeSize}, root ${signed.rootHash} (${signed.reason})`,
        );
    } catch (error) {
      this.logger.error(`checkpoint failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
