import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, type AppConfig } from '#core';
import { AppRoleCheck } from './app-role.check.js';
import { ChangeFeed } from './change-feed.js';
import { dataSourceOptions } from './data-source-options.js';
import { UnitOfWork } from './unit-of-work.js';

/**
 * Connects to PostgreSQL as the apps' role, and refuses to start as any role
 * that owns the schema. Entities are registered by each feature module with
 * `TypeOrmModule.forFeature`, so the database layer knows no feature.
 */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        ...dataSourceOptions(config),
        autoLoadEntities: true,
      }),
    }),
  ],
  providers: [UnitOfWork, AppRoleCheck, ChangeFeed],
  exports: [UnitOfWork, ChangeFeed],
})
export class DatabaseModule {}
