import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Account } from './account.entity.js';
import { AccountsService } from './accounts.service.js';
import { ActorResolver } from './actor-resolver.js';
import { AuthService } from './auth.service.js';
import { PasswordHasher } from './password-hasher.js';
import { RefreshToken } from './refresh-token.entity.js';
import { RoleGrantEntity } from './role-grant.entity.js';
import { TokenService } from './token.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([Account, RoleGrantEntity, RefreshToken])],
  providers: [PasswordHasher, TokenService, AuthService, AccountsService, ActorResolver],
  exports: [AuthService, AccountsService, ActorResolver],
})
export class AuthModule {}
