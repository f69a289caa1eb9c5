import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CapturedFrame } from '../../src/capture/locals';
import { estimateSize, ReportBuilder, type Template } from '../../src/capture/report';
import { SourceMapResolver } from '../../src/capture/source-map';
import { SourceText } from '../../src/capture/source-text';

const builder = () =>
  new ReportBuilder(
    { root: '/app', sourceMaps: new SourceMapResolver(), sourceText: new SourceText() },
    { hostname: 'web-3', revision: 'abc' },
  );

const template = (type: string): Template => ({
  type,
  message: 'boom',
  frames: '    at inner (/app/x.js:2:3)\n    at outer (/app/y.js:5:1)',
  info: 'GET /',
  threshold: 4,
});

test('a report from its template: fields, count, id; the traceback shared by every report of the stack', () => {
  const b = builder();
  const first = b.build(template('TypeError'), 3, 'id-1');
  assert.deepEqual(first, {
    traceback: [
      { filename: 'y.js', line_number: 5, function_name: 'outer', text: '' },
      { filename: 'x.js', line_number: 2, function_name: 'inner', text: '' },
    ],
    exception_type: 'TypeError',
    exception_message: 'boom',
    hostname: 'web-3',
    error_count: 3,
    report_id: 'id-1',
    error_threshold: 4,
    additional_info: 'GET /',
    revision: 'abc',
  });
  const other = b.build(template('RangeError'), 1, 'id-2');
  assert.equal(other.traceback, first.traceback, 'built once for the stack, whatever the type');
});

test("one occurrence's locals go on its own report, not on the shared traceback", () => {
  const b = builder();
  const locals: CapturedFrame[] = [
    { file: '/app/x.js', line: 2, column: 3, functionName: 'inner', locals: { n: '7', password: '**scrubbed**' } },
  ];
  const withLocals = b.build(template('Error'), 1, 'a', locals);
  assert.deepEqual(withLocals.traceback[1]!.frame_locals, { n: '7', password: '**scrubbed**' });
  assert.equal(withLocals.traceback[0]!.frame_locals, undefined);
  const later = b.build(template('Error'), 1, 'b');
  assert.equal(later.traceback[1]!.frame_locals, undefined);
  assert.ok(estimateSize(template('Error'), locals) > estimateSize(template('Error')) + 20);
});
