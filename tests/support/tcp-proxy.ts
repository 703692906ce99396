import net from "node:net";

/**
 * A TCP proxy to put between the app's database handle and PostgreSQL, so that a test can take the
 * database away and give it back without touching the server (which other test files share).
 *
 * - `cut()` is what the app sees when PostgreSQL stops: every open connection is closed under it,
 *   and new ones are refused (nothing listens on the port: ECONNREFUSED).
 * - `cut({ acceptAndDrop: true })` is what it sees behind a TCP forwarder with no server behind it
 *   (docker-proxy while the container starts, HAProxy without a healthy backend): connections are
 *   accepted, then closed at once.
 * - `restore()` listens on the same port again and relays as before, as a restarted server would.
 * - `cutBefore(pattern)` / `cutAfter(pattern)` cut the moment a client sends bytes containing
 *   `pattern`, before they reach the server or after, with the server's answer never relayed: a
 *   connection dropped at an exact point of a request (e.g. around a transaction's COMMIT).
 */
export class TcpProxy {
  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();
  private armed: { pattern: Buffer; forward: boolean; fired: () => void } | null = null;
  private dropping = false;
  port = 0;
  /** Client connections accepted since the start (each reconnection of the app counts). */
  accepted = 0;

  constructor(private readonly upstream: { host: string; port: number }) {}

  /** Listens on 127.0.0.1 (on a free port the first time, the same port after) and returns the port. */
  async start(): Promise<number> {
    const server = net.createServer((client) => this.accept(client));
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.port, "127.0.0.1", () => {
        server.off("error", reject);
        resolve();
      });
    });
    this.server = server;
    this.port = (server.address() as net.AddressInfo).port;
    return this.port;
  }

  /** Kills every open connection, then refuses new ones (or, with `acceptAndDrop`, accepts and closes them). */
  async cut(options: { acceptAndDrop?: boolean } = {}): Promise<void> {
    this.armed = null;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    this.dropping = options.acceptAndDrop === true;
    if (this.dropping) {
      if (!this.server) await this.start();
      return;
    }
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Relays again, listening on the same port. */
  async restore(): Promise<void> {
    this.dropping = false;
    if (!this.server) await this.start();
  }

  /** Cuts (as `cut()`) when a client next sends bytes containing `pattern`, without forwarding them. */
  cutBefore(pattern: Buffer): Promise<void> {
    return new Promise((resolve) => {
      this.armed = { pattern, forward: false, fired: resolve };
    });
  }

  /** Cuts when a client next sends bytes containing `pattern`, after forwarding them; the answer never comes back. */
  cutAfter(pattern: Buffer): Promise<void> {
    return new Promise((resolve) => {
      this.armed = { pattern, forward: true, fired: resolve };
    });
  }

  async close(): Promise<void> {
    await this.cut();
  }

  private accept(client: net.Socket): void {
    this.accepted++;
    if (this.dropping) {
      client.on("error", () => {});
      client.destroy();
      return;
    }
    const upstream = net.connect(this.upstream.port, this.upstream.host);
    this.sockets.add(client);
    this.sockets.add(upstream);
    let released = false; // cutAfter: the upstream half finishes on its own
    const drop = () => {
      client.destroy();
      this.sockets.delete(client);
      if (released) return;
      upstream.destroy();
      this.sockets.delete(upstream);
    };
    client.on("error", drop).on("close", drop);
    upstream.on("error", drop).on("close", drop);
    client.on("data", (chunk: Buffer) => {
      const armed = this.armed;
      if (armed && chunk.includes(armed.pattern)) {
        this.armed = null;
        if (armed.forward) {
          // end() flushes the bytes to the server, then closes; what it answers is read and dropped.
          released = true;
          this.sockets.delete(upstream);
          upstream.unpipe(client);
          upstream.resume();
          upstream.end(chunk);
        }
        void this.cut().then(armed.fired);
        return;
      }
      if (!upstream.write(chunk)) {
        client.pause();
        upstream.once("drain", () => client.resume());
      }
    });
    upstream.pipe(client);
  }
}
