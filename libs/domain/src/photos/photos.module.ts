import { Module } from '@nestjs/common';
import { StorageModule } from '#storage';
import { PhotosService } from './photos.service.js';

/** Duty-log photos: upload links, checked and location-free storage, download links. */
@Module({
  imports: [StorageModule],
  providers: [PhotosService],
  exports: [PhotosService],
})
export class PhotosModule {}
