import type { Socket } from 'node:net';
import type { ByteBudget } from './thrift-budget';
import { FrameReader } from './thrift-frames';
import { type MessageHeader, readMessageHeader, WireReader } from './thrift-wire';

/** Answers one message: the framed reply, or null when none is due (oneway calls). */
export type CallHandler = (header: MessageHeader, body: WireReader) => Buffer | null | Promise<Buffer | null>;

/** Log methods the Thrift endpoint uses (a pino logger fits). */
export interface ThriftLog {
  debug(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface ConnectionLimits {
  maxFrameBytes: number;
  idleTimeoutMs: number;
  /** Calls read from one connection and not yet answered; more are left unread. */
  maxPipelined: number;
  /** Reply bytes waiting for a peer that does not read; beyond this, reading stops. */
  maxWriteBuffer: number;
  /** How long a closing connection waits for its peer to hang up. */
  closeGraceMs: number;
}

interface Slot {
  done: boolean;
  reply: Buffer | null;
  /** Budget bytes held until the reply is written. */
  bytes: number;
}

/**
 * One client connection: frames in, replies out in call order (pipelined calls are
 * answered in the order they came, however their work finishes). The idle clock counts
 * only whole frames and replies, so a peer trickling a frame byte by byte, or saying
 * nothing, is closed after `idleTimeoutMs`; a call the server is still working on never
 * times out.
 */
export class ThriftConnection {
  private readonly frames: FrameReader;
  private readonly slots: Slot[] = [];
  /** Bytes charged to the budget: buffered input plus calls not yet answered. */
  private held = 0;
  /** The part of `held` that belongs to calls in flight. */
  private inFlightBytes = 0;
  private lastProgress = Date.now();
  private idleTimer: NodeJS.Timeout | null;
  private graceTimer: NodeJS.Timeout | null = null;
  private paused = false;
  private pumping = false;
  /** The server is shutting down: nothing more is read, calls in flight finish. */
  private draining = false;
  /** The peer half-closed: calls already received are still answered. */
  private peerEnded = false;
  private ended = false;
  private closed = false;
  private readonly wake = () => this.pump();

  constructor(
    private readonly socket: Socket,
    private readonly handle: CallHandler,
    private readonly limits: ConnectionLimits,
    private readonly budget: ByteBudget,
    private readonly log: ThriftLog,
    private readonly onClose: (conn: ThriftConnection) => void,
  ) {
    this.frames = new FrameReader(limits.maxFrameBytes);
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('end', () => {
      this.peerEnded = true;
      this.pump();
    });
    socket.on('drain', this.wake);
    socket.on('error', (err) => this.log.debug({ err, peer: this.peer }, 'thrift connection error'));
    socket.on('close', () => this.cleanup());
    this.idleTimer = setTimeout(() => this.onIdleTimer(), limits.idleTimeoutMs).unref();
  }

  private get peer(): string {
    return `${this.socket.remoteAddress}:${this.socket.remotePort}`;
  }

  /** Stops reading, lets calls in flight answer, then closes. */
  shutdown(): void {
    if (this.draining || this.closed) return;
    this.draining = true;
    this.release(this.frames.clear());
    this.maybeFinish();
  }

  private onData(chunk: Buffer): void {
    if (this.draining || this.ended) return; // read only to let the peer's FIN arrive cleanly
    this.held += chunk.length;
    this.budget.take(chunk.length);
    this.frames.push(chunk);
    this.pump();
  }

  /** Dispatches every complete frame the pipeline limit allows, then sets the flow. */
  private pump(): void {
    if (this.pumping || this.closed) return;
    this.pumping = true;
    try {
      while (!this.draining && this.slots.length < this.limits.maxPipelined) {
        let payload: Buffer | null;
        try {
          payload = this.frames.next();
        } catch (err) {
          this.log.warn({ peer: this.peer, err }, 'thrift: closing a connection that sent a bad frame length');
          this.socket.destroy();
          return;
        }
        if (payload === null) break;
        this.release(4);
        this.lastProgress = Date.now();
        if (!this.dispatch(payload)) return;
      }
    } finally {
      this.pumping = false;
    }
    this.setFlow();
    this.maybeFinish();
  }

  /** Starts one call; false when the connection had to be dropped. */
  private dispatch(payload: Buffer): boolean {
    const body = new WireReader(payload);
    let header: MessageHeader;
    try {
      header = readMessageHeader(body);
    } catch (err) {
      // Without a header there is no sequence id to answer to: the stream is not Thrift.
      this.log.debug({ peer: this.peer, err }, 'thrift: closing a connection that sent no Thrift message');
      this.socket.destroy();
      return false;
    }
    const slot: Slot = { done: false, reply: null, bytes: payload.length };
    this.slots.push(slot);
    this.inFlightBytes += slot.bytes;
    let result: ReturnType<CallHandler>;
    try {
      result = this.handle(header, body);
    } catch (err) {
      this.log.error({ err }, 'thrift: call handler failed');
      result = null;
    }
    if (result instanceof Promise) {
      result.then(
        (reply) => this.settle(slot, reply),
        // The handler answers its own failures; this is only a last resort.
        (err) => {
          this.log.error({ err }, 'thrift: call handler failed');
          this.settle(slot, null);
        },
      );
    } else {
      this.settle(slot, result);
    }
    return true;
  }

  private settle(slot: Slot, reply: Buffer | null): void {
    slot.done = true;
    slot.reply = reply;
    if (this.slots[0] !== slot) return; // an earlier call still runs: answers keep call order
    let wrote = false;
    this.socket.cork();
    while (this.slots[0]?.done) {
      const head = this.slots.shift()!;
      if (head.reply !== null && this.socket.writable) {
        this.socket.write(head.reply);
        wrote = true;
      }
      this.inFlightBytes -= head.bytes;
      this.release(head.bytes);
    }
    this.socket.uncork();
    if (wrote) this.lastProgress = Date.now();
    this.pump();
  }

  private setFlow(): void {
    if (this.closed || this.ended) return;
    // With the shared budget spent, only connections holding bytes wait: a client that
    // sends one call at a time, and has been answered, is still read.
    const starved = this.budget.exhausted && this.held > 0;
    const stop =
      starved ||
      this.slots.length >= this.limits.maxPipelined ||
      this.inFlightBytes > this.limits.maxFrameBytes ||
      this.socket.writableLength > this.limits.maxWriteBuffer;
    if (stop && !this.paused) {
      this.paused = true;
      this.socket.pause();
    } else if (!stop && this.paused) {
      this.paused = false;
      this.socket.resume();
    }
    if (starved) this.budget.onRoom(this.wake);
  }

  private maybeFinish(): void {
    if ((this.draining || this.peerEnded) && this.slots.length === 0) this.finish();
  }

  private finish(): void {
    if (this.ended || this.closed) return;
    this.ended = true;
    this.release(this.frames.clear());
    this.socket.end();
    // Keep reading (and discarding) so closing with unread input does not reset the
    // connection and destroy the replies just written.
    this.paused = false;
    this.socket.resume();
    this.graceTimer = setTimeout(() => this.socket.destroy(), this.limits.closeGraceMs).unref();
  }

  private onIdleTimer(): void {
    if (this.closed || this.ended) return;
    const quiet = Date.now() - this.lastProgress;
    if (this.slots.length === 0 && quiet >= this.limits.idleTimeoutMs) {
      this.log.debug({ peer: this.peer, quietMs: quiet }, 'thrift: closing an idle connection');
      this.socket.destroy();
      return;
    }
    const wait = this.slots.length > 0 ? this.limits.idleTimeoutMs : this.limits.idleTimeoutMs - quiet;
    this.idleTimer = setTimeout(() => this.onIdleTimer(), wait).unref();
  }

  private release(bytes: number): void {
    if (this.closed || bytes === 0) return;
    this.held -= bytes;
    this.budget.release(bytes);
  }

  private cleanup(): void {
    if (this.closed) return;
    this.release(this.held);
    this.closed = true;
    this.budget.cancel(this.wake);
    if (this.idleTimer) clearTimeout(this.idleTimer);
    if (this.graceTimer) clearTimeout(this.graceTimer);
    this.idleTimer = null;
    this.onClose(this);
  }
}
