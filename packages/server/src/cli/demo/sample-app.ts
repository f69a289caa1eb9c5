/**
 * The sources of the demo's sample shop: a cart Alice wrote and Bob later changed, a
 * checkout, an app that takes four orders, and a small reporter that sends each failure
 * to Flawless's JSON API with its stack frames and their local variables (read through
 * node:inspector, as the client SDK does).
 */

/** cart.js as Alice wrote it. */
export const CART_BY_ALICE = `'use strict';

// Prices are in cents. The total is what the customer pays.
function cartTotal(cart) {
  const subtotal = cart.items.reduce((sum, item) => sum + item.price * item.quantity, 0);
  return subtotal;
}

module.exports = { cartTotal };
`;

/** cart.js after Bob added coupons (line 6 fails when an order has none). */
export const CART_BY_BOB = `'use strict';

// Prices are in cents. The total is what the customer pays.
function cartTotal(cart, coupon) {
  const subtotal = cart.items.reduce((sum, item) => sum + item.price * item.quantity, 0);
  const discount = Math.round((subtotal * coupon.percentOff) / 100);
  return subtotal - discount;
}

module.exports = { cartTotal };
`;

/** The line of CART_BY_BOB that throws, and its number. */
export const FAILING_LINE = { path: 'shop/cart.js', lineNumber: 6 };

export const CHECKOUT = `'use strict';
const { cartTotal } = require('./cart');

function placeOrder(order) {
  const total = cartTotal(order.cart, order.coupon);
  return { id: order.id, total, status: 'placed' };
}

module.exports = { placeOrder };
`;

export const APP = `'use strict';
// A tiny shop: takes four orders, reports every failure to Flawless.
const { placeOrder } = require('./shop/checkout');
const { reportError, watchErrors } = require('./report');

const orders = [
  { id: 1001, cart: { items: [{ sku: 'mug', price: 1200, quantity: 2 }] }, coupon: { code: 'SPRING', percentOff: 10 } },
  { id: 1002, cart: { items: [{ sku: 'tee', price: 2500, quantity: 1 }] } },
  { id: 1003, cart: { items: [{ sku: 'cap', price: 1800, quantity: 1 }, { sku: 'pin', price: 300, quantity: 3 }] } },
  { id: 1004, cart: { items: [{ sku: 'mug', price: 1200, quantity: 1 }] } },
];

const describe = (placed) => \`order \${placed.id} placed: total \${(placed.total / 100).toFixed(2)}\`;

async function main() {
  watchErrors();
  for (const order of orders) {
    try {
      console.log(describe(placeOrder(order)));
    } catch (err) {
      console.log(\`order \${order.id} failed: \${err.name}: \${err.message}\`);
      await reportError(err, \`POST /orders/\${order.id} HTTP/1.1\\nHost: shop.example.com\\nUser-Agent: demo\`);
    }
  }
}

main();
`;

export const REPORTER = `'use strict';
// Reports an error to Flawless: its frames in this repository, each frame's locals, and
// what the app was doing. Real apps use the Flawless client SDK, which does this and more.
const inspector = require('node:inspector');
const path = require('node:path');
const fs = require('node:fs');
const util = require('node:util');

const ROOT = __dirname;
const SERVER = process.env.FLAWLESS_URL;
const show = (value) => util.inspect(value, { depth: 2, breakLength: Infinity }).slice(0, 250);
const inRepo = (file) => file.startsWith(ROOT + path.sep) && file !== __filename;
globalThis.__flawlessShow = show;
// What Node's module wrapper adds to every file's top-level scope: not the app's variables.
const MODULE_WRAPPER = new Set(['exports', 'require', 'module', '__filename', '__dirname']);

/** Pauses on every throw for a moment to note the locals of each frame on the error itself. */
function watchErrors() {
  const session = new inspector.Session();
  session.connect();
  const scripts = new Map();
  session.on('Debugger.scriptParsed', ({ params }) => scripts.set(params.scriptId, params.url));
  session.on('Debugger.paused', ({ params }) => {
    const locals = {};
    for (const frame of params.callFrames) {
      const url = scripts.get(frame.location.scriptId) || '';
      const file = url.startsWith('file://') ? new URL(url).pathname : url;
      if (!inRepo(file)) continue;
      const values = {};
      // A function's own variables, and those of the blocks (loops, ifs) the throw is in.
      for (const scope of frame.scopeChain.filter((s) => s.type === 'local' || s.type === 'block')) {
        session.post('Runtime.getProperties', { objectId: scope.object.objectId, ownProperties: true }, (err, res) => {
          for (const p of err ? [] : res.result) {
            if (!p.value || MODULE_WRAPPER.has(p.name)) continue;
            if (!p.value.objectId) {
              values[p.name] = p.value.type === 'undefined' ? 'undefined' : show(p.value.value);
              continue;
            }
            const fn = 'function () { return globalThis.__flawlessShow(this); }';
            session.post('Runtime.callFunctionOn', { objectId: p.value.objectId, functionDeclaration: fn, returnByValue: true },
              (e, r) => { values[p.name] = e ? p.value.description : r.result.value; });
          }
        });
      }
      locals[path.relative(ROOT, file) + ':' + (frame.location.lineNumber + 1)] = values;
    }
    if (params.data && params.data.objectId) {
      const keep = 'function (v) { try { Object.defineProperty(this, "flawlessLocals", { value: v }); } catch {} }';
      session.post('Runtime.callFunctionOn', { objectId: params.data.objectId, functionDeclaration: keep, arguments: [{ value: locals }] });
    }
    session.post('Debugger.resume');
  });
  session.post('Debugger.enable');
  session.post('Debugger.setPauseOnExceptions', { state: 'all' });
}

/** The error's frames in this repository, outermost first, as the JSON API wants them. */
function framesOf(err) {
  const frames = [];
  for (const line of String(err.stack).split('\\n').slice(1)) {
    const m = /^\\s*at (?:(.+?) \\()?(.+?):(\\d+):\\d+\\)?$/.exec(line);
    if (!m || !inRepo(m[2])) continue;
    const filename = path.relative(ROOT, m[2]);
    const lineNumber = Number(m[3]);
    const text = fs.readFileSync(m[2], 'utf8').split('\\n')[lineNumber - 1].trim();
    const locals = (err.flawlessLocals || {})[filename + ':' + lineNumber];
    frames.unshift({ filename, line_number: lineNumber, function_name: m[1] || '<module>', text, frame_locals: locals });
  }
  return frames;
}

async function reportError(err, additionalInfo) {
  const report = {
    traceback: framesOf(err),
    exception_type: err.name,
    exception_message: err.message,
    hostname: 'shop-web-1',
    additional_info: additionalInfo,
  };
  const res = await fetch(SERVER + '/api/v1/errors', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(report),
  });
  if (res.status !== 202) console.log('flawless answered ' + res.status + ': ' + (await res.text()));
}

module.exports = { reportError, watchErrors };
`;
