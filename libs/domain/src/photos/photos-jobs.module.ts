import { Injectable, Module } from '@nestjs/common';
import { HandlesJob, JOBS, type JobHandler } from '#queue';
import { PhotosModule } from './photos.module.js';
import { PhotosService } from './photos.service.js';

/** Daily: photos uploaded but never attached to a log are removed. */
@Injectable()
@HandlesJob(JOBS.photosSweep)
export class PhotosSweepHandler implements JobHandler<typeof JOBS.photosSweep> {
  constructor(private readonly photos: PhotosService) {}
  readonly handle = async () => {
    await this.photos.sweepUnattached();
  };
}

/** Photos for the worker: the daily sweep. */
@Module({
  imports: [PhotosModule],
  providers: [PhotosSweepHandler],
})
export class PhotosJobsModule {}
