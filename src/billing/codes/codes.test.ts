import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../app/services.js';
import { ManualClock } from '../../core/clock.js';
import { isTollgateError } from '../../core/errors.js';
import type { Currency } from '../../core/money.js';
import { KyselyRedemptionStore } from '../../storage/repos/codes.js';
import { createTestDatabase, dialects, type TestDatabase } from '../../test-support/dialects.js';
import { hashCode, normalizeCode } from './format.js';

const units = (n: number) => BigInt(n) * 1_000_000_000n;

for (const dialect of dialects) {
  describe.skipIf(!dialect.available)(`redemption codes on ${dialect.name}`, () => {
    let database: TestDatabase;
    let services: Services;
    const clock = new ManualClock(Date.UTC(2030, 2, 1));

    beforeAll(async () => {
      database = await createTestDatabase(dialect.name);
      services = await createServices(database.config, { pgSchema: database.pgSchema, clock });
    });
    afterAll(async () => {
      await services?.close();
      await database?.cleanup();
    });

    const customer = (name: string, currency: Currency = 'USD') => services.customers.create({ name, currency });
    const transferCount = async () => Number((await services.store.db.selectFrom('ledgerTransfers').select((eb) => eb.fn.countAll<bigint>().as('n')).executeTakeFirstOrThrow()).n);
    const promo = async (customerId: string) => (await services.ledger.balances(customerId)).promoNanos;
    const oneCode = async (input: { currency?: Currency; amountNanos?: bigint; expiresAtMs?: number } = {}) => {
      const { codes } = await services.codes.createBatch({ name: 'Launch week', currency: 'USD', amountNanos: units(5), count: 1, ...input });
      return codes[0]!;
    };

    it('creates a batch of distinct codes and stores only their hashes and prefixes', async () => {
      const { batch, codes } = await services.codes.createBatch({ name: 'Spring promo', currency: 'USD', amountNanos: units(10), count: 250 });
      expect(codes).toHaveLength(250);
      expect(new Set(codes).size).toBe(250);
      expect(batch).toMatchObject({ name: 'Spring promo', currency: 'USD', amountNanos: units(10), codeCount: 250, expiresAtMs: null });
      const rows = await services.store.db.selectFrom('redemptionCodes').selectAll().where('batchId', '=', batch.id).execute();
      expect(rows).toHaveLength(250);
      expect(new Set(rows.map((r) => r.hash))).toEqual(new Set(codes.map(hashCode)));
      const stored = rows.map((r) => Object.values(r).map(String).join(' ')).join('\n');
      for (const code of codes) {
        expect(stored).not.toContain(code);
        expect(stored).not.toContain(code.slice(3).replaceAll('-', ''));
      }
      expect(rows.every((r) => codes.some((c) => c.startsWith(r.prefix)) && r.prefix.length === 7 && r.redeemedBy === null)).toBe(true);
      const listed = await services.codes.listBatches({ limit: 100 });
      expect(listed.find((b) => b.id === batch.id)).toMatchObject({ codeCount: 250, redeemedCount: 0 });
    });

    it('creates the largest batch', async () => {
      const { codes } = await services.codes.createBatch({ name: 'Conference', currency: 'USD', amountNanos: units(1), count: 100_000 });
      expect(new Set(codes).size).toBe(100_000);
    });

    it('refuses batches it could not honour', async () => {
      const base = { name: 'x', currency: 'USD' as const, amountNanos: units(1), count: 1 };
      await expect(services.codes.createBatch({ ...base, count: 0 })).rejects.toMatchObject({ code: 'invalid_request', param: 'count' });
      await expect(services.codes.createBatch({ ...base, count: 100_001 })).rejects.toMatchObject({ code: 'invalid_request', param: 'count' });
      await expect(services.codes.createBatch({ ...base, amountNanos: 0n })).rejects.toMatchObject({ code: 'invalid_request', param: 'amount' });
      await expect(services.codes.createBatch({ ...base, name: '  ' })).rejects.toMatchObject({ code: 'invalid_request', param: 'name' });
      await expect(services.codes.createBatch({ ...base, expiresAtMs: clock.nowMs() })).rejects.toMatchObject({ code: 'invalid_request', param: 'expiresAtMs' });
    });

    it('credits exactly the amount as promotional credit, once', async () => {
      const buyer = await customer('Redeemer');
      const code = await oneCode({ amountNanos: units(5) + 250_000_000n });
      const redemption = await services.codes.redeem(buyer, code.toLowerCase().replaceAll('-', ' '));
      expect(redemption).toMatchObject({ customerId: buyer.id, currency: 'USD', amountNanos: units(5) + 250_000_000n, prefix: code.slice(0, 7), batchName: 'Launch week' });
      expect(await promo(buyer.id)).toBe(units(5) + 250_000_000n);
      const history = await services.ledger.history(buyer.id, 10);
      expect(history.map((t) => [t.id, t.kind, t.memo])).toEqual([[redemption.transferId, 'grant', 'promotion: Launch week']]);
      expect(redemption.transferId).toContain(`code:${hashCode(code)}`);

      const before = await transferCount();
      await expect(services.codes.redeem(buyer, code)).rejects.toMatchObject({ code: 'code_redeemed', status: 409 });
      expect(await transferCount()).toBe(before);
      expect(await promo(buyer.id)).toBe(units(5) + 250_000_000n);
    });

    it('credits once when the same code is redeemed 20 times at once by two customers; the other 19 are refused', async () => {
      const a = await customer('Racer A');
      const b = await customer('Racer B');
      const code = await oneCode({ amountNanos: units(7) });
      const before = await transferCount();
      const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => services.codes.redeem(i % 2 === 0 ? a : b, code)));
      const won = results.filter((r) => r.status === 'fulfilled');
      const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(refused).toHaveLength(19);
      for (const r of refused) expect(isTollgateError(r.reason) && r.reason.code).toBe('code_redeemed');
      expect(await transferCount()).toBe(before + 1);
      expect((await promo(a.id)) + (await promo(b.id))).toBe(units(7));
      const winner = (won[0] as PromiseFulfilledResult<{ customerId: string }>).value.customerId;
      expect(await promo(winner)).toBe(units(7));
    });

    it('refuses expired, unknown and other-currency codes without touching the ledger', async () => {
      const buyer = await customer('Careful');
      const expiring = await oneCode({ expiresAtMs: clock.nowMs() + 60_000 });
      const euro = await oneCode({ currency: 'EUR' });
      const before = await transferCount();
      clock.advance(60_000);
      await expect(services.codes.redeem(buyer, expiring)).rejects.toMatchObject({ code: 'code_expired', status: 400 });
      await expect(services.codes.redeem(buyer, 'TG-2222-2222-2222')).rejects.toMatchObject({ code: 'code_invalid', status: 400 });
      await expect(services.codes.redeem(buyer, 'not a code')).rejects.toMatchObject({ code: 'code_invalid', status: 400 });
      await expect(services.codes.redeem(buyer, euro)).rejects.toMatchObject({ code: 'code_wrong_currency', status: 400 });
      expect(await transferCount()).toBe(before);
      expect(await promo(buyer.id)).toBe(0n);

      const european = await customer('Européen', 'EUR');
      expect((await services.codes.redeem(european, euro)).currency).toBe('EUR');
      expect(await promo(european.id)).toBe(units(5));
    });

    it('completes a redemption whose grant a crash cut off, when the same customer tries again, and still credits once', async () => {
      const buyer = await customer('Crashed');
      const code = await oneCode();
      const claimed = await new KyselyRedemptionStore(services.store.db).claimCode(hashCode(normalizeCode(code)!), buyer.id, clock.nowMs());
      expect(claimed).toBe(true);
      expect(await promo(buyer.id)).toBe(0n);

      await expect(services.codes.redeem(buyer, code)).rejects.toMatchObject({ code: 'code_redeemed' });
      expect(await promo(buyer.id)).toBe(units(5));
      const other = await customer('Latecomer');
      await expect(services.codes.redeem(other, code)).rejects.toMatchObject({ code: 'code_redeemed' });
      await expect(services.codes.redeem(buyer, code)).rejects.toMatchObject({ code: 'code_redeemed' });
      expect(await promo(buyer.id)).toBe(units(5));
      expect(await promo(other.id)).toBe(0n);
      expect(await services.ledger.history(buyer.id, 10)).toHaveLength(1);
    });

    it('counts redeemed codes per batch', async () => {
      const { batch, codes } = await services.codes.createBatch({ name: 'Counted', currency: 'USD', amountNanos: units(1), count: 3 });
      const buyer = await customer('Counter');
      await services.codes.redeem(buyer, codes[0]!);
      await services.codes.redeem(buyer, codes[2]!);
      const listed = await services.codes.listBatches({ limit: 1000 });
      expect(listed.find((b) => b.id === batch.id)?.redeemedCount).toBe(2);
    });
  });
}
