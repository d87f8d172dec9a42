import { Field, InputType, Int } from '@nestjs/graphql';

@InputType()
export class PhotoUploadInput {
  @Field({ description: 'image/jpeg, image/png or image/heic.' })
  contentType!: string;

  @Field(() => Int, { description: 'The file’s size; at most 10 MB by default.' })
  bytes!: number;
}
