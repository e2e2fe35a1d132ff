'use strict';
// Stored functions: named server-side functions a client invokes with parameters, like a
// database's stored procedures or a backend's "callable functions". Four kinds: a calculation,
// a business rule, a data transformation and an aggregation over a collection.
//
// Each declares its parameters; invoke checks them (numbers may arrive as text, since scenario
// templates render strings) and answers 400 naming the first bad one.

const { HttpError, readBody, numberField } = require('./http-util');
const { fieldProblem } = require('./collections-store');

const MAX_CONTACTS = 1000;
const TIERS = { standard: 0, silver: 5, gold: 10 };
const COUPONS = { WELCOME10: { percent: 10, minSubtotal: 50 }, SPRING5: { percent: 5, minSubtotal: 0 } };
const MAX_DISCOUNT = 20;
const FREE_SHIPPING_FROM = 100;
const SHIPPING = 4.99;

const round2 = (x) => Math.round(x * 100) / 100;

/** Parameter checkers: each returns the value to use or throws a 400 naming the parameter. */
const param = {
  number: (rules) => ({ type: 'number', ...rules, read: (body, name) => numberField(body, name, { ...rules, label: `parameter "${name}"` }) }),
  integer: (rules) => ({ type: 'integer', ...rules, read: (body, name) => numberField(body, name, { ...rules, integer: true, label: `parameter "${name}"` }) }),
  string: (rules = {}) => ({
    type: 'string',
    ...rules,
    read: (body, name) => {
      const value = body[name];
      if (value === undefined || value === null || value === '') {
        if (rules.optional) return undefined;
        throw new HttpError(400, `missing parameter "${name}" (a string)`);
      }
      if (typeof value !== 'string') throw new HttpError(400, `parameter "${name}" must be a string`);
      if (rules.values && !rules.values.includes(value)) {
        throw new HttpError(400, `parameter "${name}" must be one of ${rules.values.join(', ')}, got "${value}"`);
      }
      return value;
    },
  }),
  list: (rules) => ({
    type: 'array',
    ...rules,
    read: (body, name) => {
      const value = body[name];
      if (!Array.isArray(value)) throw new HttpError(400, `parameter "${name}" must be a list`);
      if (value.length < rules.min || value.length > rules.max) {
        throw new HttpError(400, `parameter "${name}" must hold ${rules.min} to ${rules.max} items, got ${value.length}`);
      }
      return value;
    },
  }),
};

const FUNCTIONS = {
  'compound-interest': {
    kind: 'calculation',
    description: 'the value of a deposit after compound interest',
    params: {
      principal: param.number({ min: 0, max: 1e12 }),
      ratePercent: param.number({ min: 0, max: 100 }),
      years: param.integer({ min: 1, max: 100 }),
      compoundsPerYear: param.integer({ min: 1, max: 365, fallback: 12 }),
    },
    run: ({ principal, ratePercent, years, compoundsPerYear }) => {
      const periodRate = ratePercent / 100 / compoundsPerYear;
      const amount = principal * (1 + periodRate) ** (compoundsPerYear * years);
      return {
        amount: round2(amount),
        interest: round2(amount - principal),
        effectiveAnnualRatePercent: Math.round(((1 + periodRate) ** compoundsPerYear - 1) * 1e6) / 1e4,
      };
    },
  },
  'order-discount': {
    kind: 'business rule',
    description: `discount and shipping of an order: tier (${Object.keys(TIERS).join('/')}), bulk (10+ items), coupon; at most ${MAX_DISCOUNT} %`,
    params: {
      subtotal: param.number({ min: 0, max: 1e9 }),
      items: param.integer({ min: 1, max: 100_000 }),
      tier: param.string({ values: Object.keys(TIERS) }),
      coupon: param.string({ optional: true }),
    },
    run: ({ subtotal, items, tier, coupon }) => {
      const rules = [];
      let percent = 0;
      if (TIERS[tier] > 0) {
        percent += TIERS[tier];
        rules.push(`${tier} tier: ${TIERS[tier]} %`);
      }
      if (items >= 10) {
        percent += 5;
        rules.push('bulk order (10+ items): 5 %');
      }
      if (coupon !== undefined) {
        const offer = Object.hasOwn(COUPONS, coupon) ? COUPONS[coupon] : undefined;
        if (!offer) rules.push(`coupon ${coupon}: not recognised`);
        else if (subtotal < offer.minSubtotal) rules.push(`coupon ${coupon}: needs a subtotal of ${offer.minSubtotal}`);
        else {
          percent += offer.percent;
          rules.push(`coupon ${coupon}: ${offer.percent} %`);
        }
      }
      if (percent > MAX_DISCOUNT) {
        percent = MAX_DISCOUNT;
        rules.push(`capped at ${MAX_DISCOUNT} %`);
      }
      const discount = round2((subtotal * percent) / 100);
      const discounted = subtotal - discount;
      const shipping = discounted >= FREE_SHIPPING_FROM ? 0 : SHIPPING;
      if (shipping === 0) rules.push(`free shipping from ${FREE_SHIPPING_FROM}`);
      return { discountPercent: percent, discount, shipping, total: round2(discounted + shipping), rulesApplied: rules };
    },
  },
  'normalize-contacts': {
    kind: 'data transformation',
    description: 'cleans a list of contacts: names in title case, emails lower case and checked, phones as digits, duplicates (by email) removed',
    params: { contacts: param.list({ min: 1, max: MAX_CONTACTS }) },
    run: ({ contacts }) => {
      const seen = new Set();
      const out = [];
      const invalid = [];
      let duplicates = 0;
      contacts.forEach((contact, index) => {
        if (contact === null || typeof contact !== 'object' || Array.isArray(contact)) {
          invalid.push({ index, reason: 'not an object' });
          return;
        }
        const email = typeof contact.email === 'string' ? contact.email.trim().toLowerCase() : '';
        if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
          invalid.push({ index, reason: 'missing or invalid email' });
          return;
        }
        if (seen.has(email)) {
          duplicates++;
          return;
        }
        seen.add(email);
        const name = typeof contact.name === 'string' ? contact.name.trim().replace(/\s+/g, ' ').toLowerCase().replace(/(^|[\s'-])\p{L}/gu, (m) => m.toUpperCase()) : '';
        const digits = typeof contact.phone === 'string' || typeof contact.phone === 'number' ? String(contact.phone).replace(/\D/g, '') : '';
        out.push({ name, email, phone: digits ? `+${digits}` : null });
      });
      return { contacts: out, duplicates, invalid };
    },
  },
  'top-groups': {
    kind: 'aggregation',
    description: "a collection's records grouped by one field: count, sum and average of another, the largest groups first, with their share of the sum",
    params: {
      collectionId: param.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
      field: param.string(),
      groupBy: param.string(),
      top: param.integer({ min: 1, max: 1000, fallback: 5 }),
    },
    run: ({ collectionId, field, groupBy, top }, { store }) => {
      for (const name of [field, groupBy]) {
        const problem = fieldProblem(name);
        if (problem) throw new HttpError(400, problem);
      }
      const result = store.aggregate(collectionId, field, groupBy);
      if (!result) throw new HttpError(404, `collection ${collectionId} not found`);
      const groups = [...result.groups].sort((a, b) => b.sum - a.sum).slice(0, top);
      return {
        field,
        groupBy,
        count: result.count,
        sum: result.sum,
        groups: groups.map((g) => ({ value: g.value, count: g.count, sum: round2(g.sum), avg: round2(g.avg), sharePercent: result.sum ? round2((g.sum / result.sum) * 100) : 0 })),
      };
    },
  },
};

function describe(name) {
  const fn = FUNCTIONS[name];
  const params = Object.entries(fn.params).map(([param, spec]) => {
    const out = { name: param, type: spec.type };
    if (spec.min !== undefined) out.min = spec.min;
    if (spec.max !== undefined) out.max = spec.max;
    if (spec.values) out.values = spec.values;
    out.required = !(spec.optional || spec.fallback !== undefined);
    if (spec.fallback !== undefined) out.default = spec.fallback;
    return out;
  });
  return { name, kind: fn.kind, description: fn.description, params, invoke: `POST /functions/${name}/invoke` };
}

function lookup(name) {
  if (!Object.hasOwn(FUNCTIONS, name)) throw new HttpError(404, `no function named "${name}"; known: ${Object.keys(FUNCTIONS).join(', ')}`);
  return FUNCTIONS[name];
}

function functionRoutes(store) {
  return [
    { method: 'GET', path: '/functions', handler: (ctx) => ctx.json(200, { functions: Object.keys(FUNCTIONS).map(describe) }) },
    {
      method: 'GET',
      path: '/functions/:name',
      handler: (ctx) => {
        lookup(ctx.params.name);
        ctx.json(200, describe(ctx.params.name));
      },
    },
    {
      method: 'POST',
      path: '/functions/:name/invoke',
      handler: async (ctx) => {
        const fn = lookup(ctx.params.name);
        // Parameters are the body, a JSON object; no body at all means no parameters.
        const raw = (await readBody(ctx.req)).toString('utf8');
        let body = {};
        if (raw.trim() !== '') {
          try {
            body = JSON.parse(raw);
          } catch (err) {
            throw new HttpError(400, `invalid JSON: ${err.message}`);
          }
        }
        if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new HttpError(400, 'parameters must be a JSON object');
        const unknown = Object.keys(body).filter((key) => !Object.hasOwn(fn.params, key));
        if (unknown.length) throw new HttpError(400, `unknown parameter "${unknown[0]}"; ${ctx.params.name} takes ${Object.keys(fn.params).join(', ')}`);
        const args = {};
        for (const [name, spec] of Object.entries(fn.params)) args[name] = spec.read(body, name);
        const started = process.hrtime.bigint();
        const result = fn.run(args, { store });
        const durationMs = Math.round((Number(process.hrtime.bigint() - started) / 1e6) * 1000) / 1000;
        ctx.json(200, { function: ctx.params.name, result, durationMs });
      },
    },
  ];
}

module.exports = { functionRoutes, FUNCTIONS };
