import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MembersModule } from '#domain/members';
import { Account } from './account.entity.js';
import { AccountAccessService } from './account-access.service.js';
import { AccountDirectory } from './account-directory.js';
import { AccountsService } from './accounts.service.js';
import { ActorCache } from './actor-cache.js';
import { ActorResolver } from './actor-resolver.js';
import { AuthService } from './auth.service.js';
import { AuthSession } from './auth-session.entity.js';
import { LoginFailure } from './login-failure.entity.js';
import { LoginFailures } from './login-failures.js';
import { PasswordHasher } from './password-hasher.js';
import { RateLimiter } from './rate-limiter.js';
import { RefreshToken } from './refresh-token.entity.js';
import { RoleGrantEntity } from './role-grant.entity.js';
import { Sessions } from './sessions.js';
import { TokenService } from './token.service.js';

@Module({
  imports: [
    TypeOrmModule.forFeature([Account, RoleGrantEntity, RefreshToken, AuthSession, LoginFailure]),
    // Members live in the domain; auth reads them only through MemberRecords,
    // in a scope. The domain never imports #auth, so this direction has no cycle.
    MembersModule,
  ],
  providers: [
    PasswordHasher,
    TokenService,
    Sessions,
    LoginFailures,
    RateLimiter,
    AccountDirectory,
    AuthService,
    AccountsService,
    AccountAccessService,
    ActorCache,
    ActorResolver,
  ],
  exports: [AuthService, AccountsService, AccountAccessService, ActorResolver, Sessions],
})
export class AuthModule {}
