import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import type { ErrorReport } from '@flawless/protocol';
import thrift from 'thrift';
import {
  generatePythonStubs,
  IDL,
  PY_APP_FILE,
  pythonSkipReason,
  runPythonClient,
  thriftCompiler,
} from '../helpers/python-thrift';
import { goodRequest, pingCall, recordErrorCall } from './thrift-client';
import { type Running, startServer, withClient } from './thrift-fixture';

const APP_FILE = PY_APP_FILE;
const run = promisify(execFile);
const compiler = thriftCompiler;

describe('Thrift endpoint with real Thrift clients', () => {
  let s: Running;
  before(async () => {
    s = await startServer();
  });
  after(() => s.server.close());

  test('a Flawless 0.4 Python client (python3-thrift, framed, binary) pings and records errors', {
    skip: pythonSkipReason,
  }, async () => {
    const gen = mkdtempSync(join(tmpdir(), 'flawless-thrift-py-'));
    try {
      await generatePythonStubs(gen);
      const before = s.submitted.length;
      const out = (await runPythonClient(gen, s.port)) as {
        ping: boolean;
        invalid: { type: number; message: string } | null;
        ping_after_error: boolean;
      };
      assert.equal(out.ping, true);
      assert.equal(out.invalid?.type, 7, 'a refused report is a PROTOCOL_ERROR');
      assert.match(out.invalid.message, /traceback/);
      assert.equal(out.ping_after_error, true, 'the connection stays usable after a refused report');

      const [first, second, ...rest] = s.submitted.slice(before);
      assert.equal(rest.length, 0);
      assert.ok(first && second);
      assert.equal(first.exception_type, 'builtins.KeyError');
      assert.equal(first.exception_message, "KeyError('items')");
      assert.equal(first.hostname, 'web-3');
      assert.equal(first.additional_info, 'POST /checkout HTTP/1.1\nHost: shop.example\n');
      assert.equal(first.error_count, 3);
      assert.equal('error_threshold' in first, false, 'an unset optional field stays absent');
      assert.equal(first.traceback.length, 3);
      assert.match(first.traceback[0]!.filename, /flawless04_client\.py$/);
      assert.deepEqual(first.traceback.slice(1), [
        {
          filename: APP_FILE,
          line_number: 2,
          function_name: 'place_order',
          text: '    total = compute_total(cart)\n',
          frame_locals: { cart: "{'id': 7, 'note': 'gift'}", user_id: '42' },
        },
        {
          filename: APP_FILE,
          line_number: 8,
          function_name: 'compute_total',
          text: "    items = cart['items']\n",
          frame_locals: { cart: "{'id': 7, 'note': 'gift'}", discount: '0' },
        },
      ]);

      // An older client sent no exception_type and a frame without locals.
      assert.deepEqual(second, {
        exception_type: '',
        traceback: [
          {
            filename: APP_FILE,
            line_number: 2,
            function_name: 'place_order',
            text: '    total = compute_total(cart)\n',
          },
        ],
        exception_message: "KeyError('items')",
        hostname: 'web-4',
        error_threshold: 1,
      });
    } finally {
      rmSync(gen, { recursive: true, force: true });
    }
  });

  test('the node thrift package (code generated from the IDL) is a client too', {
    skip: compiler === null ? 'the thrift compiler is missing: apt-get install thrift-compiler' : false,
  }, async () => {
    // Generated under dist so that its require('thrift') finds the workspace's package.
    const gen = mkdtempSync(join(__dirname, 'thrift-gen-'));
    const connection = thrift.createConnection('127.0.0.1', s.port, {
      transport: thrift.TFramedTransport,
      protocol: thrift.TBinaryProtocol,
    });
    try {
      await run(compiler!, ['--gen', 'js:node,es6', '-out', gen, IDL]);
      const service = require(join(gen, 'Flawless.js'));
      const types = require(join(gen, 'flawless_types.js'));
      const client = thrift.createClient(service, connection) as {
        ping(): Promise<boolean>;
        record_error(request: unknown): Promise<void>;
      };
      assert.equal(await client.ping(), true);
      const frame = {
        filename: 'src/orders.ts',
        line_number: 12,
        function_name: 'checkout',
        text: '  total(cart)',
        frame_locals: { cart: '{}', ünï: 'çødé ✓' },
      };
      const fields = {
        exception_message: 'nope',
        hostname: 'node-1',
        exception_type: 'TypeError',
        error_threshold: 5,
        error_count: 2,
      };
      const before = s.submitted.length;
      await client.record_error(new types.RecordErrorRequest({ ...fields, traceback: [new types.StackLine(frame)] }));
      // Field for field what the generated code wrote, i64s as numbers.
      assert.deepEqual(s.submitted.slice(before), [{ ...fields, traceback: [frame] }]);
      await assert.rejects(
        client.record_error(new types.RecordErrorRequest({ traceback: [new types.StackLine({ line_number: 1 })] })),
        (err: { type?: number; message?: string }) => {
          assert.equal(err.type, 7);
          assert.match(err.message ?? '', /traceback\[0\]\.filename is missing/);
          return true;
        },
      );
      assert.equal(await client.ping(), true);
    } finally {
      connection.end();
      rmSync(gen, { recursive: true, force: true });
    }
  });
});

describe('Thrift calls', () => {
  test('pipelined calls are answered in call order, each after its report is stored', async () => {
    const order: string[] = [];
    const delays = [30, 0, 15];
    const options = {
      submit: async ([report]: ErrorReport[]) => {
        await new Promise((r) => setTimeout(r, delays.shift() ?? 0));
        order.push(report!.hostname);
      },
    };
    await withClient(options, async (_s, c) => {
      c.send(
        Buffer.concat([
          recordErrorCall(goodRequest({ hostname: 'a' }), 1),
          pingCall(2),
          recordErrorCall(goodRequest({ hostname: 'b' }), 3),
          recordErrorCall(goodRequest({ hostname: 'c' }), 4),
        ]),
      );
      const replies = [await c.reply(), await c.reply(), await c.reply(), await c.reply()];
      assert.deepEqual(
        replies.map((r) => [r.name, r.seqid, r.type]),
        [
          ['record_error', 1, 2],
          ['ping', 2, 2],
          ['record_error', 3, 2],
          ['record_error', 4, 2],
        ],
      );
      assert.equal(replies[1]!.success, true);
      // Stored out of order (b before a), answered in order.
      assert.deepEqual(order, ['b', 'c', 'a']);
    });
  });

  test('old non-strict message headers are understood', async () => {
    await withClient({}, async (s, c) => {
      assert.deepEqual(await c.call(pingCall(9, { nonStrict: true })), {
        name: 'ping',
        type: 2,
        seqid: 9,
        success: true,
      });
      const reply = await c.call(recordErrorCall(goodRequest(), 10, { nonStrict: true }));
      assert.deepEqual([reply.type, reply.seqid, reply.exception], [2, 10, undefined]);
      assert.equal(s.submitted.length, 1);
    });
  });

  test('a oneway record_error is stored without a reply', async () => {
    await withClient({}, async (s, c) => {
      c.send(recordErrorCall(goodRequest({ hostname: 'oneway' }), 1, { type: 4 }));
      assert.equal((await c.call(pingCall(2))).seqid, 2, 'the next reply is the ping’s');
      assert.equal(s.submitted[0]?.hostname, 'oneway');
    });
  });

  test('a failing store answers INTERNAL_ERROR and the connection carries on', async () => {
    let fail = true;
    const failing = {
      submit: async () => {
        if (fail) throw new Error('disk full');
      },
    };
    await withClient(failing, async (s, c) => {
      const reply = await c.call(recordErrorCall(goodRequest()));
      assert.equal(reply.exception?.type, 6);
      assert.equal(reply.exception?.message, 'the report could not be stored');
      assert.ok(s.log.entries.some((e) => e.level === 'error'));
      fail = false;
      assert.equal((await c.call(recordErrorCall(goodRequest(), 2))).exception, undefined);
    });
  });
});
