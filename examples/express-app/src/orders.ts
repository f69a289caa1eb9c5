export interface Order {
  id: number;
  items: { sku: string; price: number }[];
  customer: { name: string; email: string };
}

const TAX_RATE = 0.2;
/** Orders saved before items were required come back without them. */
const loadOrder = (id: number, name: string) =>
  ({ id, customer: { name, email: 'ada@example.com' } }) as unknown as Order;
/** Places an order. Fails (line 17) for an order stored without items. */
export async function placeOrder(orderId: number, customerName: string): Promise<number> {
  const order = loadOrder(orderId, customerName);
  const password = 'hunter2';
  const attempts = 3;
  await new Promise((resolve) => setTimeout(resolve, 1));
  const subtotal = order.items.reduce((sum, item) => sum + item.price, 0) * attempts;
  return password ? subtotal * (1 + TAX_RATE) : 0;
}
