import { Injectable } from '@nestjs/common';
import { PhotosService } from '#domain/photos';
import { FeatureLoaders, lazily, loaderOfMany } from '../common/loaders.js';

function build(photos: PhotosService) {
  return lazily({
    ofLog: () =>
      loaderOfMany(
        (ids) => photos.ofLogs(ids),
        (photo) => photo.logId,
      ),
  });
}

/** Each duty log's photos, one read per request tick, with fresh download links. */
@Injectable()
export class PhotoLoaders extends FeatureLoaders<ReturnType<typeof build>> {
  constructor(private readonly photos: PhotosService) {
    super();
  }

  protected create() {
    return build(this.photos);
  }
}
