import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NotificationsModule } from '#domain/notifications';
import { OrganisationModule } from '#domain/organisation';
import { Member } from './member.entity.js';
import { MemberDirectory } from './member-directory.service.js';
import { MemberRecords } from './member-records.js';
import { MemberProfileService } from './member-profile.service.js';
import { MembersService } from './members.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([Member]), OrganisationModule, NotificationsModule],
  providers: [MembersService, MemberProfileService, MemberDirectory, MemberRecords],
  exports: [MembersService, MemberProfileService, MemberDirectory, MemberRecords],
})
export class MembersModule {}
