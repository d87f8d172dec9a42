import { Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CoreModule, type AppConfig, type Logger } from '#core';
import { DatabaseModule } from '#database';
import { DutyLogRollup } from '#domain/reports';

@Module({})
class RollupModule {
  static forRoot(options: { config: AppConfig; logger: Logger }): DynamicModule {
    return {
      module: RollupModule,
      imports: [CoreModule.forRoot(options), DatabaseModule],
      providers: [DutyLogRollup],
    };
  }
}

async function withRollup<T>(
  config: AppConfig,
  logger: Logger,
  work: (rollup: DutyLogRollup) => Promise<T>,
): Promise<T> {
  const app = await NestFactory.createApplicationContext(RollupModule.forRoot({ config, logger }), {
    logger: false,
  });
  try {
    return await work(app.get(DutyLogRollup));
  } finally {
    await app.close();
  }
}

/** `rollup:rebuild`: recomputes the reports' rollup from the verified duty logs. */
export async function rebuildRollup(config: AppConfig, logger: Logger): Promise<void> {
  const buckets = await withRollup(config, logger, (rollup) => rollup.rebuild());
  logger.info({ buckets }, 'duty-log rollup rebuilt');
}

/**
 * `rollup:check`: compares the rollup with the verified duty logs; exits 1
 * naming the buckets that differ (ids and sums only), 0 when they agree.
 */
export async function checkRollup(config: AppConfig, logger: Logger): Promise<void> {
  const differences = await withRollup(config, logger, (rollup) => rollup.differences());
  if (differences.length === 0) {
    logger.info('duty-log rollup matches the logs');
    return;
  }
  logger.error(
    { differences: differences.slice(0, 20), count: differences.length },
    'duty-log rollup differs from the logs: run rollup:rebuild',
  );
  process.exitCode = 1;
}
