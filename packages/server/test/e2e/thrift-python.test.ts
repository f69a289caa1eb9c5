import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { alice, bob, TestRepo } from '../helpers/git-repo';
import { generatePythonStubs, pythonSkipReason, runPythonClient } from '../helpers/python-thrift';
import { startServer } from '../helpers/server';
import { TestSmtp } from '../helpers/smtp';

// The fixture's app code, as it sits in the app's repository (app/orders.py).
const ORDERS_V1 = `def place_order(cart, user_id):
    total = compute_total(cart)
    return total


def compute_total(cart):
    discount = 0
    items = cart.get('items')
    return len(items) - discount
`;
const ORDERS_V2 = ORDERS_V1.replace("items = cart.get('items')", "items = cart['items']");

test('a Flawless 0.4 Python client over Thrift: the blamed line’s author is emailed, the week counts it', {
  skip: pythonSkipReason,
}, async () => {
  const repo = new TestRepo();
  const smtp = new TestSmtp();
  const gen = mkdtempSync(join(tmpdir(), 'flawless-py-stubs-'));
  await smtp.start();
  repo.commit(alice, '2024-01-10T10:00:00Z', { 'app/orders.py': ORDERS_V1 });
  repo.commit(bob, '2024-02-10T10:00:00Z', { 'app/orders.py': ORDERS_V2 });
  const srv = await startServer({ repo_dir: repo.dir, smtp_host: `127.0.0.1:${smtp.port}` });
  try {
    await generatePythonStubs(gen);
    const out = await runPythonClient(gen, srv.thriftPort);
    assert.equal(out['ping'], true);
    await srv.server.settle();

    // `/srv/app/lib/python3.11/site-packages/app/orders.py` is cut to `app/orders.py`; the
    // indented Python line with its newline is the same key as the trimmed one.
    const weekly = (await (await srv.get('/api/v1/weekly')).json()) as {
      errors: {
        key: { filename: string; line_number: number; text: string };
        count: number;
        developer_email: string;
      }[];
    };
    const line8 = weekly.errors.find((e) => e.key.line_number === 8);
    assert.deepEqual(line8?.key, {
      filename: 'app/orders.py',
      line_number: 8,
      function_name: 'compute_total',
      text: "items = cart['items']",
    });
    assert.equal(line8?.count, 3, 'error_count 3 from the client');
    assert.equal(line8?.developer_email, bob.email);

    const mails = smtp.to(bob.email);
    assert.equal(mails.length, 1);
    assert.equal(mails[0]?.parsed.subject, 'Error on web-3 in app/orders.py');
    assert.match(
      mails[0]?.parsed.text ?? '',
      /File "\/srv\/app\/lib\/python3\.11\/site-packages\/app\/orders\.py", line 8, in compute_total/,
    );
    assert.match(mails[0]?.parsed.text ?? '', /discount = 0/);
  } finally {
    await srv.stop();
    await smtp.stop();
    repo.remove();
    rmSync(gen, { recursive: true, force: true });
  }
});
