import { Module, type Type } from '@nestjs/common';
import { ENTRY_PROVIDER_WATERMARK, MODULE_METADATA } from '@nestjs/common/constants.js';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { MercuriusDriver, type MercuriusDriverConfig } from '@nestjs/mercurius';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { APP_CONFIG, LOGGER, localeFromHeader, type AppConfig, type Logger } from '#core';
import { ActorResolver, AuthModule, type SignedIn } from '#auth';
import { GRAPHQL_PATH } from '../http/graphql-transport.js';
import { AuthGraphqlModule } from './auth/auth-graphql.module.js';
import { BranchesGraphqlModule } from './branches/branches-graphql.module.js';
import { RequestLoaders } from './common/loaders.js';
import { mercuriusErrorFormatter } from './error-formatter.js';
import type { GraphQLContext } from './graphql-context.js';
import { costLimitHook, validationRules } from './limits.js';
import { MembersGraphqlModule } from './members/members-graphql.module.js';
import { NoNulCharacterRule } from './no-nul-character.rule.js';
import { OrganisationGraphqlModule } from './organisation/organisation-graphql.module.js';
import { OverviewGraphqlModule } from './overview/overview-graphql.module.js';
import { PolicyGuard } from './policy/policy.guard.js';
import { SecondmentGraphqlModule } from './secondment/secondment-graphql.module.js';
import { TaskTypesGraphqlModule } from './task-types/task-types-graphql.module.js';
import { NotificationsGraphqlModule } from './notifications/notifications-graphql.module.js';
import { TasksGraphqlModule } from './tasks/tasks-graphql.module.js';
import { DemandsGraphqlModule } from './demands/demands-graphql.module.js';
import { DispatchGraphqlModule } from './dispatch/dispatch-graphql.module.js';
import { PostsGraphqlModule } from './posts/posts-graphql.module.js';
import { CallUpsGraphqlModule } from './call-ups/call-ups-graphql.module.js';
import { DutyLogsGraphqlModule } from './duty-logs/duty-logs-graphql.module.js';
import { LiveConnections } from './live/live-connections.js';
import { PhotosGraphqlModule } from './photos/photos-graphql.module.js';
import { CommitmentsGraphqlModule } from './commitments/commitments-graphql.module.js';
import { ReportsGraphqlModule } from './reports/reports-graphql.module.js';
import { PointsGraphqlModule } from './points/points-graphql.module.js';
import { LiveGraphqlModule } from './live/live-graphql.module.js';
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

/**
 * The features of the API, one Nest module per folder of src/graphql: each
 * brings its resolvers, its field resolvers (on its own types and on the
 * types that point at its records) and its loaders. A new feature adds its
 * folder and its module here; nothing else is listed centrally.
 */
const FEATURES: Type[] = [
  AuthGraphqlModule,
  OrganisationGraphqlModule,
  MembersGraphqlModule,
  SecondmentGraphqlModule,
  BranchesGraphqlModule,
  OverviewGraphqlModule,
  TaskTypesGraphqlModule,
  NotificationsGraphqlModule,
  TasksGraphqlModule,
  DemandsGraphqlModule,
  DispatchGraphqlModule,
  PostsGraphqlModule,
  CallUpsGraphqlModule,
  DutyLogsGraphqlModule,
  PhotosGraphqlModule,
  CommitmentsGraphqlModule,
  ReportsGraphqlModule,
  PointsGraphqlModule,
  LiveGraphqlModule,
];

/** The resolvers a feature module provides (classes marked by @Resolver). */
function resolversOf(feature: Type): Type[] {
  const providers = (Reflect.getMetadata(MODULE_METADATA.PROVIDERS, feature) ?? []) as Type[];
  return providers.filter((p) => Reflect.getMetadata(ENTRY_PROVIDER_WATERMARK, p) === true);
}

/** Every resolver of the API; also what print-schema builds the schema from. */
export const RESOLVERS = FEATURES.flatMap(resolversOf);

/**
 * GraphQL over Mercurius with graphql-jit. Code-first schema; the printed
 * copy is committed as schema.gql (npm run schema:print).
 */
@Module({
  imports: [
    ...FEATURES,
    GraphQLModule.forRootAsync<MercuriusDriverConfig>({
      driver: MercuriusDriver,
      imports: [AuthModule, LiveGraphqlModule],
      inject: [APP_CONFIG, LOGGER, ActorResolver, LiveConnections],
      useFactory: (
        config: AppConfig,
        logger: Logger,
        actors: ActorResolver,
        live: LiveConnections,
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
        hooks: {
          preExecution: [costLimitHook(config)],
          preSubscriptionExecution: [live.validateHook],
        },
        subscription: live.subscriptionOptions(),
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
            loaders: new RequestLoaders(actor),
          };
        },
      }),
    }),
  ],
  providers: [
    { provide: APP_GUARD, useClass: PolicyGuard },
    { provide: APP_FILTER, useClass: DomainErrorFilter },
  ],
})
export class GraphqlApiModule {}
