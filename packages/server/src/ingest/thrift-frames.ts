/**
 * Splits a byte stream into Thrift framed-transport frames (a 4-byte big-endian length,
 * then that many bytes). The length is checked as soon as its 4 bytes are in, so an
 * oversized or nonsensical frame is refused before any of it is kept.
 */
export class FrameTooLargeError extends Error {
  override name = 'FrameTooLargeError';
  constructor(readonly length: number) {
    super(length <= 0 ? `bad frame length ${length}` : `frame of ${length} bytes is over the limit`);
  }
}

export class FrameReader {
  private chunks: Buffer[] = [];
  private head = 0;
  /** Bytes received and not yet returned as a frame. */
  buffered = 0;

  constructor(private readonly maxFrameBytes: number) {}

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
  }

  /** Drops everything buffered; returns how many bytes that was. */
  clear(): number {
    const n = this.buffered;
    this.chunks = [];
    this.head = 0;
    this.buffered = 0;
    return n;
  }

  /**
   * The next complete frame's payload, or null while it is incomplete.
   * @throws FrameTooLargeError when the announced length is not in 1..maxFrameBytes
   */
  next(): Buffer | null {
    if (this.buffered < 4) return null;
    const length = this.peekLength();
    if (length <= 0 || length > this.maxFrameBytes) throw new FrameTooLargeError(length);
    if (this.buffered < 4 + length) return null;
    this.consume(4);
    return this.consume(length);
  }

  private peekLength(): number {
    const first = this.chunks[0]!;
    if (first.length - this.head >= 4) return first.readInt32BE(this.head);
    const bytes = Buffer.allocUnsafe(4);
    let filled = 0;
    for (let i = 0, at = this.head; filled < 4; i++, at = 0) {
      const chunk = this.chunks[i]!;
      filled += chunk.copy(bytes, filled, at, Math.min(chunk.length, at + 4 - filled));
    }
    return bytes.readInt32BE(0);
  }

  /** Takes `n` buffered bytes: a view when they lie in one chunk, else one copy. */
  private consume(n: number): Buffer {
    this.buffered -= n;
    const first = this.chunks[0]!;
    if (first.length - this.head >= n) {
      const out = first.subarray(this.head, this.head + n);
      this.head += n;
      if (this.head === first.length) {
        this.chunks.shift();
        this.head = 0;
      }
      return out;
    }
    const out = Buffer.allocUnsafe(n);
    let filled = 0;
    while (filled < n) {
      const chunk = this.chunks[0]!;
      const take = Math.min(chunk.length - this.head, n - filled);
      chunk.copy(out, filled, this.head, this.head + take);
      filled += take;
      this.head += take;
      if (this.head === chunk.length) {
        this.chunks.shift();
        this.head = 0;
      }
    }
    return out;
  }
}
