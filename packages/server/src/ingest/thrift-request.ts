import { type ErrorReport, MAX_FRAMES, MAX_LOCALS_PER_FRAME, type StackFrame } from '@flawless/protocol';
import { ThriftDecodeError, TType, typeName, type WireReader } from './thrift-wire';

/*
 * Decodes the arguments of `record_error` (flawless.thrift) into the JSON report shape.
 * Field ids and types are the wire contract of Flawless 0.4 clients. Unknown field ids
 * are skipped by type (a newer client may send more); a known id with the wrong type is
 * refused with a message naming the field, rather than dropped in silence.
 */

function expect(actual: number, wanted: number, field: string): void {
  if (actual !== wanted) {
    throw new ThriftDecodeError(`${field} has wire type ${typeName(actual)}, expected ${typeName(wanted)}`);
  }
}

/** Sets `key` as an own property even when it is `__proto__`, as JSON.parse would. */
function setOwn(target: Record<string, string>, key: string, value: string): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

function readLocals(r: WireReader, where: string): Record<string, string> {
  const keyType = r.byte(where);
  const valueType = r.byte(where);
  const n = r.size(where);
  const locals: Record<string, string> = {};
  if (n === 0) return locals;
  expect(keyType, TType.STRING, `${where} key`);
  expect(valueType, TType.STRING, `${where} value`);
  if (n > MAX_LOCALS_PER_FRAME)
    throw new ThriftDecodeError(`${where} has more than ${MAX_LOCALS_PER_FRAME} properties`);
  for (let i = 0; i < n; i++) {
    const key = r.string(where);
    setOwn(locals, key, r.string(where));
  }
  return locals;
}

function readStackLine(r: WireReader, where: string): StackFrame {
  const frame: Partial<StackFrame> = {};
  for (;;) {
    const type = r.byte(where);
    if (type === TType.STOP) return frame as StackFrame;
    const id = r.i16(where);
    switch (id) {
      case 1:
        expect(type, TType.STRING, `${where}.filename`);
        frame.filename = r.string(`${where}.filename`);
        break;
      case 2:
        expect(type, TType.I64, `${where}.line_number`);
        frame.line_number = r.i64(`${where}.line_number`);
        break;
      case 3:
        expect(type, TType.STRING, `${where}.function_name`);
        frame.function_name = r.string(`${where}.function_name`);
        break;
      case 4:
        expect(type, TType.STRING, `${where}.text`);
        frame.text = r.string(`${where}.text`);
        break;
      case 5:
        expect(type, TType.MAP, `${where}.frame_locals`);
        frame.frame_locals = readLocals(r, `${where}.frame_locals`);
        break;
      default:
        r.skip(type, `${where} field ${id}`);
    }
  }
}

function readTraceback(r: WireReader): StackFrame[] {
  const elementType = r.byte('traceback');
  const n = r.size('traceback');
  if (n > MAX_FRAMES) throw new ThriftDecodeError(`traceback has more than ${MAX_FRAMES} items`);
  if (n > 0) expect(elementType, TType.STRUCT, 'traceback item');
  const frames: StackFrame[] = new Array(n);
  for (let i = 0; i < n; i++) frames[i] = readStackLine(r, `traceback[${i}]`);
  return frames;
}

function readRequest(r: WireReader): ErrorReport {
  // Flawless 0.4 clients before exception_type existed leave it out; it is '' then.
  const report: Partial<ErrorReport> = { exception_type: '' };
  for (;;) {
    const type = r.byte('request');
    if (type === TType.STOP) return report as ErrorReport;
    const id = r.i16('request');
    switch (id) {
      case 1:
        expect(type, TType.LIST, 'traceback');
        report.traceback = readTraceback(r);
        break;
      case 2:
        expect(type, TType.STRING, 'exception_message');
        report.exception_message = r.string('exception_message');
        break;
      case 3:
        expect(type, TType.STRING, 'hostname');
        report.hostname = r.string('hostname');
        break;
      case 4:
        expect(type, TType.I64, 'error_threshold');
        report.error_threshold = r.i64('error_threshold');
        break;
      case 5:
        expect(type, TType.STRING, 'additional_info');
        report.additional_info = r.string('additional_info');
        break;
      case 6:
        expect(type, TType.I64, 'error_count');
        report.error_count = r.i64('error_count');
        break;
      case 7:
        expect(type, TType.STRING, 'exception_type');
        report.exception_type = r.string('exception_type');
        break;
      default:
        r.skip(type, `request field ${id}`);
    }
  }
}

/**
 * Reads `record_error_args { 1: RecordErrorRequest request }` from the rest of a
 * message. The result still has to pass report validation: decoding only guarantees
 * the shape the wire types allow (a required field may be absent).
 * @throws ThriftDecodeError naming the field that is malformed
 */
export function readRecordErrorArgs(r: WireReader): unknown {
  let request: ErrorReport | undefined;
  for (;;) {
    const type = r.byte('arguments');
    if (type === TType.STOP) break;
    const id = r.i16('arguments');
    if (id === 1) {
      expect(type, TType.STRUCT, 'request');
      request = readRequest(r);
    } else {
      r.skip(type, `argument ${id}`);
    }
  }
  if (request === undefined) throw new ThriftDecodeError('request is missing');
  return request;
}
