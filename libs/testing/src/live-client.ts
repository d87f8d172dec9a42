import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

type ServerError = { message: string; extensions?: Record<string, unknown> };

/** One subscription as a test watches it. */
export interface LiveSubscription<T> {
  readonly events: T[];
  /** Errors the server sent for it (its start refused). */
  readonly errors: ServerError[];
}

/** A connection as a test drives it. */
export interface LiveClient {
  /** Resolves once the server acknowledged the connection; rejects if it closed first. */
  readonly connected: Promise<void>;
  subscribe<T>(query: string, variables?: Record<string, unknown>): LiveSubscription<T>;
  /** The close code, once the socket closed. */
  closedWith(): number | undefined;
  close(): Promise<void>;
}

/**
 * A graphql-ws client (the protocol a browser's or app's client speaks), for
 * tests and benchmarks of the live board: the token goes in the connection's
 * init payload, as a client sends it.
 */
export function liveClient(url: string, token: string | undefined): LiveClient {
  let closeCode: number | undefined;
  let ready!: () => void;
  let refused!: (error: Error) => void;
  const connected = new Promise<void>((resolve, reject) => {
    ready = resolve;
    refused = reject;
  });
  connected.catch(() => undefined); // a test that expects a refusal awaits it itself
  const client: Client = createClient({
    url,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: false,
    // a refused or closed connection is the test's to look at (closedWith), not a console error
    onNonLazyError: () => undefined,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    on: {
      connected: () => {
        ready();
      },
      closed: (event) => {
        closeCode = (event as { code?: number }).code;
        refused(new Error(`closed with ${String(closeCode)}`));
      },
      error: () => undefined,
    },
  });
  return {
    connected,
    subscribe<T>(query: string, variables: Record<string, unknown> = {}): LiveSubscription<T> {
      const subscription: LiveSubscription<T> = { events: [], errors: [] };
      client.subscribe<T>(
        { query, variables },
        {
          next: (result) => {
            if (result.data) subscription.events.push(result.data);
            if (result.errors) subscription.errors.push(...(result.errors as ServerError[]));
          },
          error: (error) => {
            if (Array.isArray(error)) subscription.errors.push(...(error as ServerError[]));
          },
          complete: () => undefined,
        },
      );
      return subscription;
    },
    closedWith: () => closeCode,
    close: async () => {
      await client.dispose();
    },
  };
}
