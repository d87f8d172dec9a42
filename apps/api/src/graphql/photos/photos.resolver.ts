import { Args, Mutation, Resolver } from '@nestjs/graphql';
import type { Actor } from '#core';
import { PhotosService } from '#domain/photos';
import { CurrentActor } from '../policy/current-actor.decorator.js';
import { RequireRoles } from '../policy/policy.decorator.js';
import { PhotoUploadInput } from './photos.input.js';
import { PhotoUploadModel } from './photos.model.js';

/** Photos for duty logs: the app asks for an upload link, then sends the file through it. */
@Resolver()
export class PhotosResolver {
  constructor(private readonly photos: PhotosService) {}

  @Mutation(() => PhotoUploadModel, {
    description:
      'A short-lived link to upload one photo for your duty logs (JPEG, PNG or HEIC; its location is removed).',
  })
  @RequireRoles('MEMBER')
  requestPhotoUpload(@CurrentActor() actor: Actor, @Args('input') input: PhotoUploadInput) {
    return this.photos.requestUpload(actor, input);
  }
}
