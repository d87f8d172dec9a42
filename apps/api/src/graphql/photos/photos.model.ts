import { Field, GraphQLISODateTime, Int, ObjectType } from '@nestjs/graphql';
import { UuidScalar } from '../common/uuid.scalar.js';

@ObjectType({ description: 'A link that works for a short time, relative to the API’s address.' })
export class FileLinkModel {
  @Field()
  url!: string;

  @Field(() => GraphQLISODateTime)
  expiresAt!: Date;
}

@ObjectType('Photo', { description: 'A duty log’s photo, stored without where it was taken.' })
export class PhotoModel {
  @Field(() => UuidScalar)
  id!: string;

  @Field({ description: 'image/jpeg, image/png or image/heic.' })
  contentType!: string;

  @Field(() => Int)
  bytes!: number;

  @Field(() => FileLinkModel, { description: 'GET shows the photo, until the link expires.' })
  download!: FileLinkModel;
}

@ObjectType('PhotoUpload')
export class PhotoUploadModel {
  @Field(() => UuidScalar, { description: 'Name it in the duty log once uploaded.' })
  photoId!: string;

  @Field(() => FileLinkModel, {
    description: 'PUT the file here, with its Content-Type, before the link expires.',
  })
  upload!: FileLinkModel;

  @Field(() => Int)
  maxBytes!: number;
}
