'use strict';
// Orders: a shop's checkout over a collection used as its catalogue. A cart lists records by id
// (each record's `price` is what one costs); the server prices it with the stored function
// order-discount's rule (tier, bulk, coupon, shipping), never trusting a total from the client.
// Placing an order answers 303 See Other to the new order (Post/Redirect/Get): a client that
// follows redirects lands on it, and reloading that page reads the order instead of placing it
// twice. Orders live in memory; past MAX_ORDERS the oldest are forgotten.

const { HttpError, readObject, intParam, numberField } = require('./http-util');
const { FUNCTIONS } = require('./functions');
const { idParam } = require('./collections');

const MAX_ORDERS = 100_000;
const MAX_LINES = 100;
const MAX_QUANTITY = 1000;
const MAX_PAGE = 100;

const round2 = (x) => Math.round(x * 100) / 100;
const discountRule = FUNCTIONS['order-discount'];

class OrderBook {
  constructor(maxOrders = MAX_ORDERS) {
    this.maxOrders = maxOrders;
    this.orders = new Map(); // id -> order, oldest first
    this.byUser = new Map(); // user -> order ids, oldest first
    this.nextId = 1;
  }

  place(user, pricing) {
    const order = { id: this.nextId++, user, placedAt: new Date().toISOString(), ...pricing };
    this.orders.set(order.id, order);
    let mine = this.byUser.get(user);
    if (!mine) this.byUser.set(user, (mine = []));
    mine.push(order.id);
    if (this.orders.size > this.maxOrders) this.forgetOldest();
    return order;
  }

  forgetOldest() {
    const [id, order] = this.orders.entries().next().value;
    this.orders.delete(id);
    const mine = this.byUser.get(order.user);
    mine.shift(); // the oldest order overall is its owner's oldest too
    if (mine.length === 0) this.byUser.delete(order.user);
  }

  /** A user sees only their own orders: another's is "not found", not "forbidden". */
  get(id, user) {
    const order = this.orders.get(id);
    return order && order.user === user ? order : undefined;
  }

  /** The user's orders, newest first. */
  list(user, { limit, offset }) {
    const ids = this.byUser.get(user) ?? [];
    const newest = ids.length - 1 - offset;
    const items = [];
    for (let i = newest; i >= 0 && items.length < limit; i--) items.push(this.orders.get(ids[i]));
    return { items, total: ids.length, limit, offset };
  }
}

/**
 * The cart's lines: `items` is a list of record ids (each one of that record), or of
 * `{ id, quantity }`; a list rendered as text (`"[3,8]"`, as a scenario template renders a
 * captured list) is read as that list. The same id twice adds up.
 * @returns {{ id: number, quantity: number }[]}
 */
function cartLines(raw) {
  let items = raw;
  if (typeof raw === 'string') {
    try {
      items = JSON.parse(raw);
    } catch {
      items = undefined;
    }
  }
  if (!Array.isArray(items)) throw new HttpError(400, 'field "items" must be a list of record ids or { id, quantity }');
  if (items.length < 1 || items.length > MAX_LINES) throw new HttpError(400, `field "items" must hold 1 to ${MAX_LINES} lines, got ${items.length}`);
  const lines = new Map();
  items.forEach((item, index) => {
    const line = item !== null && typeof item === 'object' && !Array.isArray(item) ? item : { id: item };
    const label = `items[${index}]`;
    const id = numberField(line, 'id', { integer: true, min: 1, max: Number.MAX_SAFE_INTEGER, label: `${label}.id` });
    const quantity = numberField(line, 'quantity', { integer: true, min: 1, max: MAX_QUANTITY, fallback: 1, label: `${label}.quantity` });
    lines.set(id, (lines.get(id) ?? 0) + quantity);
  });
  return [...lines].map(([id, quantity]) => ({ id, quantity }));
}

/** Prices a cart `{ collectionId, items, tier?, coupon? }` from the catalogue's current prices. */
function priceCart(store, body) {
  const collectionId = numberField(body, 'collectionId', { integer: true, min: 1, max: Number.MAX_SAFE_INTEGER });
  const lines = cartLines(body.items);
  if (!store.get(collectionId)) throw new HttpError(404, `collection ${collectionId} not found`);
  const priced = lines.map(({ id, quantity }) => {
    const record = store.getRecord(collectionId, id);
    if (!record) throw new HttpError(404, `record ${id} in collection ${collectionId} not found`);
    if (typeof record.price !== 'number' || !(record.price >= 0)) throw new HttpError(400, `record ${id} has no price (a number) to sell it at`);
    return { id, price: record.price, quantity };
  });
  const subtotal = round2(priced.reduce((sum, line) => sum + line.price * line.quantity, 0));
  const itemCount = priced.reduce((sum, line) => sum + line.quantity, 0);
  const tier = discountRule.params.tier.read({ tier: body.tier ?? 'standard' }, 'tier');
  const coupon = discountRule.params.coupon.read(body, 'coupon');
  const pricing = discountRule.run({ subtotal, items: itemCount, tier, coupon });
  return { collectionId, lines: priced, itemCount, subtotal, tier, ...(coupon === undefined ? {} : { coupon }), ...pricing };
}

function orderRoutes(orders, store) {
  return [
    {
      method: 'POST',
      path: '/orders/quote',
      handler: async (ctx) => ctx.json(200, priceCart(store, await readObject(ctx.req))),
    },
    {
      method: 'POST',
      path: '/orders',
      handler: async (ctx) => {
        const order = orders.place(ctx.user, priceCart(store, await readObject(ctx.req)));
        const location = `/orders/${order.id}`;
        ctx.json(303, { id: order.id, location }, { location });
      },
    },
    {
      method: 'GET',
      path: '/orders',
      handler: (ctx) => {
        const limit = intParam(ctx.query, 'limit', 20, MAX_PAGE);
        const offset = intParam(ctx.query, 'offset', 0, Number.MAX_SAFE_INTEGER);
        ctx.json(200, orders.list(ctx.user, { limit, offset }));
      },
    },
    {
      method: 'GET',
      path: '/orders/:id',
      handler: (ctx) => {
        const order = orders.get(idParam(ctx.params.id, 'order'), ctx.user);
        if (!order) throw new HttpError(404, `order ${ctx.params.id} not found`);
        ctx.json(200, order);
      },
    },
  ];
}

module.exports = { OrderBook, orderRoutes, cartLines };
