export interface Order {
  id: number;
  items: string[];
  customer: { name: string; email: string };
}

const TAX_RATE = 0.2;

/** Places an order. Fails (on purpose, line 17) when the order has no items. */
export async function placeOrder(orderId: number, customerName: string): Promise<number> {
  const order: Order = { id: orderId, items: [], customer: { name: customerName, email: 'ada@example.com' } };
  const password = 'hunter2';
  const attempts = 3;
  await new Promise((resolve) => setTimeout(resolve, 1));
  const subtotal = order.items.length * 10;
  if (subtotal === 0 && attempts > 0 && password.length > 0) {
    throw new Error(`order ${order.id} for ${customerName} has no items`);
  }
  return subtotal * (1 + TAX_RATE);
}
