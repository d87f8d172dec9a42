import { Module } from '@nestjs/common';
import { AuthModule } from '#auth';
import { AccountsResolver } from './accounts.resolver.js';
import { AuthResolver } from './auth.resolver.js';

/** Signing in and out, `me`, and correcting accounts. */
@Module({
  imports: [AuthModule],
  providers: [AuthResolver, AccountsResolver],
})
export class AuthGraphqlModule {}
