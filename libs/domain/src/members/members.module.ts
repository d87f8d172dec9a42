import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Member } from './member.entity.js';
import { MemberDirectory } from './member-directory.service.js';
import { MemberRecords } from './member-records.js';
import { MembersService } from './members.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([Member])],
  providers: [MembersService, MemberDirectory, MemberRecords],
  exports: [MembersService, MemberDirectory, MemberRecords],
})
export class MembersModule {}
