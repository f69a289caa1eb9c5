import type { ErrorReport } from '@flawless/protocol';
import { sourcesFor } from './harness';

/**
 * The benchmark's reports: 10 frames, locals on 3 of them, about 4 KB each, spread over
 * `distinctLines` error sites.
 */
export function sampleReports(count: number, distinctLines = 50): ErrorReport[] {
  const out: ErrorReport[] = [];
  for (let i = 0; i < count; i++) {
    const site = i % distinctLines;
    const traceback = Array.from({ length: 10 }, (_, f) => {
      const inApp = f >= 6;
      const frame = {
        filename: inApp ? `src/module${site}/handler${f}.ts` : `node_modules/framework/lib/layer${f}.js`,
        line_number: inApp ? 10 + f + site : 100 + f,
        function_name: inApp ? `handle${f}` : `dispatch${f}`,
        text: inApp
          ? `const result${f} = await service${f}.process(request.body.items[${f}], options);`
          : `return fn.call(this, req, res, next); // layer ${f}`,
      } as ErrorReport['traceback'][number];
      if (f >= 7) {
        frame.frame_locals = {
          request: `IncomingMessage { method: 'POST', url: '/api/orders/${i}', headers: { host: 'shop.example', 'content-type': 'application/json', 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64)' } }`,
          options: "{ retries: 3, timeoutMs: 2500, strict: true, tags: [ 'checkout', 'eu-west-1', 'canary' ] }",
          items: `[ { sku: 'A-${i}', qty: 2, price: 19.99 }, { sku: 'B-${site}', qty: 1, price: 5.5 }, { sku: 'C-1', qty: 7, price: 0.99 } ]`,
          total: String(i * 3.14),
          user: `User { id: ${i}, email: 'user${i}@example.com', roles: [ 'customer' ], createdAt: 2024-01-0${(i % 9) + 1}T10:00:00.000Z }`,
          cart: "Cart { id: 'c-123', items: undefined, currency: 'EUR', discounts: [], note: 'leave at the door please' }",
        };
      }
      return frame;
    });
    out.push({
      traceback,
      exception_type: 'TypeError',
      exception_message: `Cannot read properties of undefined (reading 'reduce') while processing order ${i}`,
      hostname: `web-${i % 8}`,
      additional_info: `POST /api/orders/${i} HTTP/1.1\nhost: shop.example\ncontent-type: application/json\nuser-agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36\naccept: */*\nx-request-id: ${i}-${site}-abcdef0123456789\n`,
    });
  }
  return out;
}

/** The source files the sample reports point into, so blame finds real lines. */
export function sampleSources(distinctLines = 50): Record<string, string> {
  return sourcesFor(sampleReports(distinctLines, distinctLines), (f) => f);
}
