import * as flawless from '@flawless/client';

/** Stock levels. Every method reports its errors (the class decorator wraps them). */
@flawless.capture()
export class Inventory {
  private readonly stock = new Map<string, number>([['pear', 2]]);
  readonly warehouse = 'north';

  reserve(sku: string, quantity: number): number {
    const available = this.stock.get(sku) ?? 0;
    if (quantity > available) {
      throw new RangeError(`only ${available} of ${sku} left in ${this.warehouse}`);
    }
    this.stock.set(sku, available - quantity);
    return available - quantity;
  }
}

/** A plain function made to report its errors with `wrap`; it rethrows after reporting. */
export const parseQuantity = flawless.wrap(
  (text: string): number => {
    const quantity = Number.parseInt(text, 10);
    if (Number.isNaN(quantity)) throw new TypeError(`not a quantity: ${text}`);
    return quantity;
  },
  { errorThreshold: 1 },
);
