import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import {
  GraphQLError,
  Kind,
  specifiedRules,
  validate,
  type DocumentNode,
  type GraphQLResolveInfo,
  type GraphQLSchema,
  type ValidationRule,
} from 'graphql';
import mqemitter, { type MQEmitter } from 'mqemitter';
import { ActorResolver, type AccountSummary } from '#auth';
import {
  APP_CONFIG,
  CommonErrors,
  DomainError,
  LOGGER,
  localeFromHeader,
  type Actor,
  type AppConfig,
  type Locale,
  type Logger,
} from '#core';
import { LiveBus, QueueRegistry } from '#queue';
import { formatError } from '../error-formatter.js';
import { assertCost, queryCost, validationRules } from '../limits.js';
import { NoNulCharacterRule } from '../no-nul-character.rule.js';
import { CloseCode, LiveSession, type LiveSocket } from './live-session.js';
import { LiveSlots } from './live-slots.js';

/** What the connection_init adds to a socket's context: who signed in, with which token. */
interface SignedInConnection {
  readonly actor: Actor;
  readonly account: AccountSummary;
  readonly requestId: string;
  readonly locale: Locale;
  readonly liveToken: string;
}

/** What a subscription resolver's context holds: the connection's sign-in and Mercurius's pubsub. */
export interface LiveContext extends SignedInConnection {
  readonly liveSession: LiveSession;
  readonly pubsub: {
    subscribe(topics: string | string[]): Promise<AsyncIterable<unknown>>;
  };
}

/**
 * Who a subscription acts for: the actor of the session's last check once it
 * has started, the connection_init's before.
 */
export function liveActorOf(context: LiveContext): Actor {
  return context.liveSession.actor ?? context.actor;
}

export function isLiveContext(context: object): context is LiveContext {
  return 'liveSession' in context && 'liveToken' in context;
}

const LiveErrors = {
  tooManySubscriptions: (max: number) =>
    new DomainError(
      'TOO_MANY_SUBSCRIPTIONS',
      'RATE_LIMITED',
      {
        'zh-CN': `每个连接最多同时订阅 ${String(max)} 项`,
        en: `A connection may hold at most ${String(max)} subscriptions`,
      },
      undefined,
      { max },
    ),
};

/** A socket that subscribes to nothing within this long is closed (LiveSession). */
const IDLE_MS = 60_000;

/** The access token of a connection_init payload: `{ authorization: "Bearer …" }` or `{ accessToken }`. */
function tokenOf(payload: unknown): string | undefined {
  if (typeof payload !== 'object' || payload === null) return undefined;
  const { authorization, accessToken } = payload as Record<string, unknown>;
  if (typeof accessToken === 'string') return accessToken;
  if (typeof authorization === 'string' && authorization.startsWith('Bearer ')) {
    return authorization.slice('Bearer '.length);
  }
  return undefined;
}

/**
 * GraphQL subscriptions over WebSocket (graphql-ws through Mercurius): who
 * may connect, how many connections and subscriptions each may hold, the
 * query limits, and the events. Every API process listens to the LiveBus
 * (Redis pub/sub) and hands each event to its own subscribers through a
 * local emitter, by topic (a community's board, a member's feed), so an
 * event only ever reaches the subscriptions of its topic; each resolver's
 * filter then checks it against the subscriber's scope as of now.
 */
@Injectable()
export class LiveConnections implements OnModuleInit, OnApplicationShutdown {
  readonly emitter: MQEmitter = mqemitter();
  private readonly slots: LiveSlots;
  /** The sessions of this process's open sockets, one per socket. */
  private readonly sessions = new Map<LiveSocket, LiveSession>();
  private readonly rules: readonly ValidationRule[];
  private stopListening: (() => void) | undefined;

  constructor(
    private readonly bus: LiveBus,
    private readonly actors: ActorResolver,
    queues: QueueRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.slots = new LiveSlots(
      queues.broker,
      config.live.maxConnectionsPerAccount,
      3 * config.live.sessionCheckMs,
    );
    this.rules = [...specifiedRules, ...validationRules(config), NoNulCharacterRule];
  }

  async onModuleInit(): Promise<void> {
    this.stopListening = await this.bus.listen(
      (message) => {
        this.emitter.emit({ topic: message.topic, payload: message.payload });
      },
      // events published while the bus was away are lost: every client
      // reconnects (1012, retried by graphql-ws clients) and reads again
      () => {
        for (const session of this.sessions.values()) session.end(CloseCode.resync, 'resync');
      },
    );
  }

  onApplicationShutdown(): void {
    this.stopListening?.();
    for (const session of this.sessions.values()) session.end();
  }

  /** Mercurius's `subscription` options. */
  subscriptionOptions() {
    return {
      emitter: this.emitter,
      keepAlive: 30_000,
      context: (socket: LiveSocket) => ({ liveSession: this.open(socket) }),
      onConnect: (data: { payload: unknown }) => this.connect(data.payload),
      onDisconnect: (context: object) => {
        if (!('liveSession' in context) || !(context.liveSession instanceof LiveSession)) return;
        context.liveSession.end();
        this.sessions.delete(context.liveSession.socket);
      },
    };
  }

  /**
   * A socket's connection_init, before its token is read: its session. A
   * second init on one socket is refused (4429), as graphql-ws requires: a
   * socket holds one sign-in.
   */
  private open(socket: LiveSocket): LiveSession {
    if (this.sessions.has(socket)) {
      socket.close(CloseCode.tooMany, 'Too many initialisation requests');
      throw new Error('a second connection_init on one socket');
    }
    const session = new LiveSession(socket, {
      actors: this.actors,
      slots: this.slots,
      checkMs: this.config.live.sessionCheckMs,
      idleMs: IDLE_MS,
      logger: this.logger,
    });
    this.sessions.set(socket, session);
    return session;
  }

  /**
   * The connection_init's token: refused (Mercurius answers connection_error
   * and closes the socket) unless it stands for a signed-in account. Nothing
   * is held yet: the session starts with the first subscription.
   */
  private async connect(payload: unknown): Promise<SignedInConnection | false> {
    const token = tokenOf(payload);
    if (!token) return false;
    try {
      const { actor, account } = await this.actors.resolve(token, 'live-connection');
      const language = (payload as Record<string, unknown>)['accept-language'];
      return {
        actor,
        account,
        requestId: randomUUID(),
        locale: localeFromHeader(typeof language === 'string' ? language : undefined),
        liveToken: token,
      };
    } catch {
      return false;
    }
  }

  /**
   * Mercurius's preSubscriptionExecution hook: the validation a query gets
   * over HTTP (Mercurius runs none for subscriptions), depth and alias
   * limits included.
   */
  readonly validateHook = (
    schema: GraphQLSchema,
    document: DocumentNode,
    context: object,
  ): void => {
    const [error] = validate(schema, document, this.rules);
    if (error) throw this.clientError(error, context);
  };

  /**
   * A subscription resolver's event stream: the connection's session starts
   * (or must still stand), the operation's cost is within the limit (known
   * only here, with the variables), the connection below its subscriptions
   * cap.
   */
  async subscribe(
    context: LiveContext,
    info: GraphQLResolveInfo,
    topics: string[],
  ): Promise<AsyncIterable<unknown>> {
    const session = context.liveSession;
    if (!(await session.start(context.liveToken, context.actor))) {
      throw CommonErrors.unauthenticated();
    }
    try {
      const document: DocumentNode = {
        kind: Kind.DOCUMENT,
        definitions: [info.operation, ...Object.values(info.fragments)],
      };
      assertCost(queryCost(info.schema, document, info.variableValues), this.config);
    } catch (error) {
      throw this.clientError(error, context);
    }
    const max = this.config.live.maxSubscriptionsPerConnection;
    if (session.subscriptions >= max) throw LiveErrors.tooManySubscriptions(max);
    // counted before the await, or subscriptions started together would all pass the check
    session.subscriptions += 1;
    const release = () => (session.subscriptions -= 1);
    try {
      return counted(await context.pubsub.subscribe(topics), release);
    } catch (error) {
      release();
      throw error;
    }
  }

  /** An error as every other error reaches the client: localised, with its code. */
  clientError(error: unknown, context: object): GraphQLError {
    const live = isLiveContext(context) ? context : undefined;
    const graphqlError =
      error instanceof GraphQLError
        ? error
        : new GraphQLError(error instanceof Error ? error.message : 'error', {
            originalError: error instanceof Error ? error : undefined,
          });
    const { formatted } = formatError(graphqlError, {
      locale: live?.locale ?? 'zh-CN',
      requestId: live?.requestId ?? 'unknown',
      logger: this.logger,
      hideSuggestions: this.config.isProduction,
    });
    return new GraphQLError(formatted.message, { extensions: formatted.extensions });
  }
}

/** The events, with `done` called once when the subscription ends (stopped, or its connection closed). */
async function* counted(events: AsyncIterable<unknown>, done: () => void): AsyncIterable<unknown> {
  try {
    yield* events;
  } finally {
    done();
  }
}
