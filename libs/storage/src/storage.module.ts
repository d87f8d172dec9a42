import { Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '#core';
import { LinkSigner } from './link-signer.js';
import { LocalObjectStore } from './local-object-store.js';
import { ObjectStore } from './object-store.js';
import { S3ObjectStore } from './s3-object-store.js';

/** The object store the configuration names, and the signer of links to its files. */
@Module({
  providers: [
    {
      provide: ObjectStore,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) =>
        config.storage.s3
          ? new S3ObjectStore(config.storage.s3)
          : new LocalObjectStore(config.storage.directory),
    },
    LinkSigner,
  ],
  exports: [ObjectStore, LinkSigner],
})
export class StorageModule {}
