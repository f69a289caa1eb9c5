/**
 * Compiled JavaScript positions mapped back to the TypeScript source, through the
 * `//# sourceMappingURL=` of the compiled file (an external `.map` or an inline `data:`
 * map), read with Node's own `SourceMap` class.
 */
import { readFileSync, statSync } from 'node:fs';
import { SourceMap, type SourceMapping } from 'node:module';
import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Lru } from '../lru';

/** Where a compiled position came from. */
export interface OriginalPosition {
  /** Absolute path of the source (or its URL when the map names one, `webpack://…`). */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
}

/** A compiled file's map, with its sources made absolute. */
interface LoadedMap {
  map: SourceMap;
  /** Absolute source path -> its text, when the map embeds it (`sourcesContent`). */
  contents: Map<string, string>;
  /** Roughly the bytes it takes in memory. */
  bytes: number;
}

/** Larger compiled files are not searched for a map (a generated bundle this big is read once per process, not per error). */
const MAX_FILE_BYTES = 32 * 1024 * 1024;
const MAPPING_URL = /\/\/[#@] sourceMappingURL=(\S+)\s*$/;
/**
 * Memory per character of `mappings`: Node's `SourceMap` decodes each segment (a few
 * characters) into an array of numbers (measured: 19–21 bytes per character).
 */
const BYTES_PER_MAPPING_CHAR = 20;

/**
 * Maps compiled positions to original ones. One map per compiled file is loaded on first
 * use and kept (an LRU of at most `maxFiles` maps and `maxBytes`, roughly, in all, or the
 * last one used if it alone is larger); a file without a usable map is remembered too.
 */
export class SourceMapResolver {
  private readonly cache: Lru<string, LoadedMap | null>;

  constructor(maxFiles = 500, maxBytes = 32 * 1024 * 1024) {
    this.cache = new Lru(maxFiles, undefined, {
      max: maxBytes,
      of: (file, loaded) => file.length + 64 + (loaded?.bytes ?? 0),
    });
  }

  /** The bytes the cached maps take, roughly. */
  get cachedBytes(): number {
    return this.cache.weight;
  }

  /**
   * The original position of 1-based `line`:`column` in compiled `file`, or `undefined`
   * when the file has no map or the map says nothing about that line.
   */
  map(file: string, line: number, column: number): OriginalPosition | undefined {
    const loaded = this.load(file);
    if (loaded === null || line < 1) return undefined;
    // findEntry falls back to the last mapping of an earlier line, wrong for this one; a
    // column before the line's first mapping is still on this line, though.
    const entry =
      entryOnLine(loaded.map, line - 1, Math.max(0, column - 1)) ?? entryOnLine(loaded.map, line - 1, 0x7fffffff);
    if (entry === undefined) return undefined;
    return { file: entry.originalSource, line: entry.originalLine + 1, column: entry.originalColumn + 1 };
  }

  /** The text of a source that its map embeds (`sourcesContent`), if the map of `compiledFile` has it. */
  embeddedSource(compiledFile: string, source: string): string | undefined {
    return this.load(compiledFile)?.contents.get(source);
  }

  private load(file: string): LoadedMap | null {
    const cached = this.cache.get(file);
    if (cached !== undefined) return cached;
    let loaded: LoadedMap | null = null;
    try {
      loaded = loadMap(file);
    } catch {
      // An unreadable or malformed map leaves the frame as compiled; remembered below.
    }
    this.cache.set(file, loaded);
    return loaded;
  }
}

function entryOnLine(map: SourceMap, line0: number, column0: number): SourceMapping | undefined {
  const entry = map.findEntry(line0, column0);
  return 'originalSource' in entry && entry.generatedLine === line0 && typeof entry.originalSource === 'string'
    ? entry
    : undefined;
}

function loadMap(file: string): LoadedMap | null {
  if (!isAbsolute(file) || !isSmallFile(file)) return null;
  const code = readFileSync(file, 'utf8');
  // The comment is on the last non-empty line; searching from the end skips the code.
  const tail = code.slice(code.lastIndexOf('\n', code.length - 2) + 1);
  const url = MAPPING_URL.exec(tail)?.[1];
  if (url === undefined) return null;
  let json: string;
  let base: string;
  if (url.startsWith('data:')) {
    json = decodeDataUrl(url);
    base = dirname(file);
  } else {
    const mapFile = url.startsWith('file://') ? fileURLToPath(url) : resolve(dirname(file), decodeURIComponent(url));
    if (!isSmallFile(mapFile)) return null;
    json = readFileSync(mapFile, 'utf8');
    base = dirname(mapFile);
  }
  return toLoadedMap(JSON.parse(json), base, json.length);
}

function isSmallFile(file: string): boolean {
  const stat = statSync(file, { throwIfNoEntry: false });
  return stat?.isFile() === true && stat.size <= MAX_FILE_BYTES;
}

function decodeDataUrl(url: string): string {
  const comma = url.indexOf(',');
  const meta = url.slice(5, comma);
  const data = url.slice(comma + 1);
  return meta.endsWith(';base64') ? Buffer.from(data, 'base64').toString('utf8') : decodeURIComponent(data);
}

interface RawMap {
  version?: unknown;
  sources?: unknown;
  sourceRoot?: unknown;
  sourcesContent?: unknown;
  sections?: unknown;
  mappings?: unknown;
}

/** Resolves the sources to absolute paths (like Node's own cache does) before building the map. */
function toLoadedMap(raw: RawMap, base: string, jsonLength: number): LoadedMap | null {
  if (typeof raw !== 'object' || raw === null || raw.version !== 3) return null;
  const contents = new Map<string, string>();
  // The parsed JSON stays referenced by the SourceMap; its decoded mappings come on top.
  let bytes = jsonLength;
  if (Array.isArray(raw.sections)) {
    // An index map: each section resolves against the same base.
    for (const section of raw.sections as Array<{ map?: RawMap }>) {
      if (section.map === undefined) continue;
      resolveSources(section.map, base, contents);
      bytes += mappingsBytes(section.map);
    }
  } else {
    resolveSources(raw, base, contents);
    bytes += mappingsBytes(raw);
  }
  return { map: new SourceMap(raw as ConstructorParameters<typeof SourceMap>[0]), contents, bytes };
}

function mappingsBytes(raw: RawMap): number {
  return typeof raw.mappings === 'string' ? raw.mappings.length * BYTES_PER_MAPPING_CHAR : 0;
}

function resolveSources(raw: RawMap, base: string, contents: Map<string, string>): void {
  if (!Array.isArray(raw.sources)) return;
  const root = typeof raw.sourceRoot === 'string' ? raw.sourceRoot : '';
  const embedded = Array.isArray(raw.sourcesContent) ? raw.sourcesContent : [];
  raw.sources = raw.sources.map((source: unknown, i: number) => {
    const resolved = resolveSource(typeof source === 'string' ? source : '', root, base);
    const text: unknown = embedded[i];
    if (typeof text === 'string') contents.set(resolved, text);
    return resolved;
  });
  raw.sourceRoot = '';
}

function resolveSource(source: string, root: string, base: string): string {
  const joined = root === '' ? source : `${root.replace(/\/$/, '')}/${source}`;
  if (joined.startsWith('file://')) return fileURLToPath(joined);
  // Another scheme (webpack://app/x.ts) names no file here: keep it as the map says.
  if (/^[A-Za-z][A-Za-z0-9+.-]+:/.test(joined) && !/^[A-Za-z]:[\\/]/.test(joined)) return joined;
  return resolve(base, joined);
}
