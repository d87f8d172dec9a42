import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Member } from './member.entity.js';
import { MemberDirectory } from './member-directory.service.js';
import { MembersService } from './members.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([Member])],
  providers: [MembersService, MemberDirectory],
  exports: [MembersService, MemberDirectory],
})
export class MembersModule {}
