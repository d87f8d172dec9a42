import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from './config/app-config.js';
import { PersonalDataCipher } from './crypto/personal-data-cipher.js';
import { LOGGER, type Logger } from './logging/logger.js';
import { Clock, SystemClock } from './time/clock.js';

/** Injection token of the validated {@link AppConfig} tree. */
export const APP_CONFIG = Symbol('APP_CONFIG');

/**
 * The process-wide services every module may inject: configuration, logger,
 * clock and the personal-data cipher. Each app's bootstrap builds the config
 * and logger once and passes them in; tests pass their own.
 */
@Global()
@Module({})
export class CoreModule {
  static forRoot(options: { config: AppConfig; logger: Logger; clock?: Clock }): DynamicModule {
    const { config, logger, clock = new SystemClock() } = options;
    return {
      module: CoreModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: LOGGER, useValue: logger },
        { provide: Clock, useValue: clock },
        {
          provide: PersonalDataCipher,
          useValue: new PersonalDataCipher(
            config.personalData.encryptionKey,
            config.personalData.hashKey,
          ),
        },
      ],
      exports: [APP_CONFIG, LOGGER, Clock, PersonalDataCipher],
    };
  }
}
