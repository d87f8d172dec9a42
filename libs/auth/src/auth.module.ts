import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Account } from './account.entity.js';
import { AccountsService } from './accounts.service.js';
import { ActorResolver } from './actor-resolver.js';
import { AuthService } from './auth.service.js';
import { AuthSession } from './auth-session.entity.js';
import { PasswordHasher } from './password-hasher.js';
import { RefreshToken } from './refresh-token.entity.js';
import { RoleGrantEntity } from './role-grant.entity.js';
import { Sessions } from './sessions.js';
import { TokenService } from './token.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([Account, RoleGrantEntity, RefreshToken, AuthSession])],
  providers: [PasswordHasher, TokenService, Sessions, AuthService, AccountsService, ActorResolver],
  exports: [AuthService, AccountsService, ActorResolver, Sessions],
})
export class AuthModule {}
