import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { MercuriusDriver, type MercuriusDriverConfig } from '@nestjs/mercurius';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { APP_CONFIG, LOGGER, localeFromHeader, type AppConfig, type Logger } from '#core';
import { ActorResolver, AuthModule, type SignedIn } from '#auth';
import { MemberDirectory, MembersModule } from '#domain/members';
import { AssignmentsService, BranchesModule, BranchesService } from '#domain/branches';
import { OverviewModule } from '#domain/overview';
import { SecondmentModule, SecondmentService } from '#domain/secondment';
import { OrganisationModule, OrganisationService } from '#domain/organisation';
import { GRAPHQL_PATH } from '../http/graphql-transport.js';
import { AccountsResolver } from './auth/accounts.resolver.js';
import { AuthResolver } from './auth/auth.resolver.js';
import { mercuriusErrorFormatter } from './error-formatter.js';
import type { GraphQLContext } from './graphql-context.js';
import { costLimitHook, validationRules } from './limits.js';
import { createLoaders } from './loaders.js';
import { MemberResolver } from './members/member.resolver.js';
import { NoNulCharacterRule } from './no-nul-character.rule.js';
import { CommunityResolver } from './organisation/community.resolver.js';
import { PairingResolver } from './organisation/pairing.resolver.js';
import { UnitResolver } from './organisation/unit.resolver.js';
import { PolicyGuard } from './policy/policy.guard.js';
import { BranchesResolver } from './branches/branches.resolver.js';
import { GroupAssignmentResolver } from './branches/group-assignment.resolver.js';
import { SecondmentResolver } from './secondment/secondment.resolver.js';
import { DomainErrorFilter } from './domain-error.filter.js';

async function signedIn(
  request: FastifyRequest,
  resolver: ActorResolver,
): Promise<SignedIn | null> {
  const header = request.headers.authorization;
  if (!header?.startsWith('Bearer ')) return null;
  try {
    return await resolver.resolve(header.slice('Bearer '.length), request.id);
  } catch {
    // An expired or forged token is treated as anonymous; the guard then
    // answers UNAUTHENTICATED for anything that needs an actor.
    return null;
  }
}

/** Every resolver of the API; also what print-schema builds the schema from. */
export const RESOLVERS = [
  AuthResolver,
  AccountsResolver,
  CommunityResolver,
  UnitResolver,
  PairingResolver,
  MemberResolver,
  SecondmentResolver,
  BranchesResolver,
  GroupAssignmentResolver,
];

/**
 * GraphQL over Mercurius with graphql-jit. Code-first schema; the printed
 * copy is committed as schema.gql (npm run schema:print).
 */
@Module({
  imports: [
    AuthModule,
    OrganisationModule,
    MembersModule,
    SecondmentModule,
    BranchesModule,
    OverviewModule,
    GraphQLModule.forRootAsync<MercuriusDriverConfig>({
      driver: MercuriusDriver,
      imports: [AuthModule, OrganisationModule, MembersModule, BranchesModule, SecondmentModule],
      inject: [
        APP_CONFIG,
        LOGGER,
        ActorResolver,
        OrganisationService,
        MemberDirectory,
        BranchesService,
        AssignmentsService,
        SecondmentService,
      ],
      useFactory: (
        config: AppConfig,
        logger: Logger,
        actors: ActorResolver,
        organisation: OrganisationService,
        members: MemberDirectory,
        branches: BranchesService,
        assignments: AssignmentsService,
        secondments: SecondmentService,
      ) => ({
        autoSchemaFile: true,
        sortSchema: true,
        path: GRAPHQL_PATH,
        jit: 1,
        graphiql: !config.isProduction,
        allowBatchedQueries: !config.isProduction,
        fieldResolverEnhancers: ['guards'],
        buildSchemaOptions: { dateScalarMode: 'isoDate' },
        validationRules: [...validationRules(config), NoNulCharacterRule],
        hooks: { preExecution: [costLimitHook(config)] },
        errorFormatter: mercuriusErrorFormatter(logger, { hideSuggestions: config.isProduction }),
        context: async (request: FastifyRequest, reply: FastifyReply): Promise<GraphQLContext> => {
          const session = await signedIn(request, actors);
          const actor = session?.actor ?? null;
          return {
            request,
            reply,
            requestId: request.id,
            locale: localeFromHeader(request.headers['accept-language']),
            actor,
            account: session?.account ?? null,
            loaders: createLoaders(actor, {
              organisation,
              members,
              branches,
              assignments,
              secondments,
            }),
          };
        },
      }),
    }),
  ],
  providers: [
    ...RESOLVERS,
    { provide: APP_GUARD, useClass: PolicyGuard },
    { provide: APP_FILTER, useClass: DomainErrorFilter },
  ],
})
export class GraphqlApiModule {}
