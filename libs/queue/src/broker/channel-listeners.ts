/** Who hears a channel: called with each message, and told of each gap. */
export interface ChannelListener {
  readonly onMessage: (message: string) => void;
  readonly onGap: () => void;
}

/**
 * The listeners of each broker channel in a process, as both brokers keep
 * them: a channel's first listener is when the broker subscribes to it, a
 * message goes to the listeners of its channel, a gap to every listener.
 */
export class ChannelListeners {
  private readonly byChannel = new Map<string, ChannelListener[]>();

  /** Adds the listener; true when it is the channel's first (the broker then subscribes). */
  add(channel: string, listener: ChannelListener): boolean {
    const listeners = this.byChannel.get(channel) ?? [];
    listeners.push(listener);
    this.byChannel.set(channel, listeners);
    return listeners.length === 1;
  }

  deliver(channel: string, message: string): void {
    for (const listener of this.byChannel.get(channel) ?? []) listener.onMessage(message);
  }

  gap(): void {
    for (const listeners of this.byChannel.values()) for (const l of listeners) l.onGap();
  }

  channels(): IterableIterator<string> {
    return this.byChannel.keys();
  }
}
