import { Module } from '@nestjs/common';
import { PhotosModule } from '#domain/photos';
import { PhotoLoaders } from './photos.loaders.js';
import { PhotosResolver } from './photos.resolver.js';

/** Photo uploads over GraphQL, and the loader other features' photo fields use. */
@Module({
  imports: [PhotosModule],
  providers: [PhotosResolver, PhotoLoaders],
  exports: [PhotoLoaders],
})
export class PhotosGraphqlModule {}
