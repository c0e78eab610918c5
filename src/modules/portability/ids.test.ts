import fc from 'fast-check';
import { v1, v4, v6, v7, validate, version } from 'uuid';
import { describe, expect, it } from 'vitest';
import { derivedId, uuidTimeMs } from './ids.js';

/** Unix ms that a v7 holds (48 bits) and v1/v6 can express (after 1970). */
const ms = fc.integer({ min: 0, max: 2 ** 48 - 1 });
const bytes16 = fc.uint8Array({ minLength: 16, maxLength: 16 });
const v7At = (msecs: number, random: Uint8Array) => v7({ msecs, random, seq: 0 });
const portal = fc.uuid();
const anyId = fc.oneof(
  fc.uuid(),
  fc.tuple(ms, bytes16).map(([t, r]) => v7At(t, r)),
  fc.string({ minLength: 1, maxLength: 40 }),
);
const timeOf = (id: string) => parseInt(id.replace(/-/g, '').slice(0, 12), 16);

describe('imported ids (ADR 0031)', () => {
  it('are valid UUIDs of version 7 or 8 with the RFC 9562 variant', () => {
    fc.assert(
      fc.property(portal, anyId, (p, id) => {
        const d = derivedId(p, id);
        return validate(d) && [7, 8].includes(version(d)) && /^[89ab]$/.test(d[19]!);
      }),
    );
  });

  it('are the same for the same portal and exported id, and differ for another portal or id', () => {
    fc.assert(
      fc.property(portal, portal, anyId, anyId, (p, q, a, b) => {
        expect(derivedId(p, a)).toBe(derivedId(p, a));
        if (a !== b) expect(derivedId(p, a)).not.toBe(derivedId(p, b));
        if (p !== q) expect(derivedId(p, a)).not.toBe(derivedId(q, a));
        // Never the exported id itself: the source portal may live on the same server.
        expect(derivedId(p, a)).not.toBe(a);
      }),
    );
  });

  it('keep a v7 id’s millisecond time, so they sort by creation time as the exported ids did', () => {
    fc.assert(
      fc.property(portal, ms, ms, bytes16, bytes16, (p, t1, t2, r1, r2) => {
        const [a, b] = [v7At(t1, r1), v7At(t2, r2)];
        const [da, db] = [derivedId(p, a), derivedId(p, b)];
        expect(version(da)).toBe(7);
        expect(timeOf(da)).toBe(t1);
        if (t1 < t2) expect(da < db).toBe(true);
      }),
    );
  });

  it('turn the time of a v1 or v6 id into a v7 of the same millisecond', () => {
    fc.assert(
      fc.property(portal, fc.integer({ min: 0, max: 8_000_000_000_000 }), bytes16, (p, t, r) => {
        for (const id of [v1({ msecs: t, nsecs: 0, clockseq: 1, node: r.subarray(0, 6) }), v6({ msecs: t, nsecs: 0, clockseq: 1, node: r.subarray(0, 6) })]) {
          expect(uuidTimeMs(id)).toBe(t);
          const d = derivedId(p, id);
          expect(version(d)).toBe(7);
          expect(timeOf(d)).toBe(t);
        }
      }),
    );
  });

  it('have no time to keep for a v4 id or a foreign key: version 8, hash bits only', () => {
    for (const id of [v4(), '12345', 'CO_17', '0190A6F2-7C1E-4ABC-8DEF-0123456789AB']) {
      expect(uuidTimeMs(id)).toBeNull();
      expect(version(derivedId('p', id))).toBe(8);
    }
    expect(uuidTimeMs('0190a6f2-7c1e-7abc-8def-0123456789ab')).toBe(0x0190a6f27c1e);
  });

  it('reads the time of every id the kernel makes (newId is the uuid package’s v7)', () => {
    fc.assert(fc.property(ms, bytes16, (t, r) => uuidTimeMs(v7At(t, r)) === t));
  });
});
