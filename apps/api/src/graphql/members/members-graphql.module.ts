import { Module } from '@nestjs/common';
import { MembersModule } from '#domain/members';
import { MEMBER_FIELD_RESOLVERS } from './member-fields.resolver.js';
import { MemberLoaders } from './member.loaders.js';
import { MemberResolver } from './member.resolver.js';

/** Party members, and every field that points at them. */
@Module({
  imports: [MembersModule],
  providers: [MemberResolver, ...MEMBER_FIELD_RESOLVERS, MemberLoaders],
})
export class MembersGraphqlModule {}
