import { Cluster } from 'ioredis';

import type { RedisClient } from '#src/infra/redis/redis.connection.js';

/** Keys per SCAN page / UNLINK call: big enough to be quick, small enough not to block Redis. */
export const KEY_BATCH = 500;
const SLOTS = 16_384;

/** CRC16/XMODEM, the checksum Redis Cluster hashes keys with. */
function crc16(input: Buffer): number {
  let crc = 0;
  for (const byte of input) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++)
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}

/** The cluster slot of a key, honouring `{hash tags}` exactly as Redis does. */
export function keySlot(key: string): number {
  const open = key.indexOf('{');
  if (open !== -1) {
    const close = key.indexOf('}', open + 1);
    if (close > open + 1) key = key.slice(open + 1, close);
  }
  return crc16(Buffer.from(key)) % SLOTS;
}

export function isCluster(client: RedisClient): client is Cluster {
  return client instanceof Cluster;
}

/**
 * Groups key indexes so every multi-key command stays in one slot (Redis Cluster rejects CROSSSLOT
 * commands). A single node gets one group: one round trip.
 */
export function groupForCommands(client: RedisClient, keys: string[]): number[][] {
  if (!isCluster(client)) return keys.length ? [keys.map((_, i) => i)] : [];
  const groups = new Map<number, number[]>();
  keys.forEach((key, i) => {
    const slot = keySlot(key);
    const group = groups.get(slot);
    if (group) group.push(i);
    else groups.set(slot, [i]);
  });
  return [...groups.values()];
}

export function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Escapes glob metacharacters so a literal prefix can be used in `SCAN MATCH`. */
export function escapeGlob(literal: string): string {
  return literal.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}

/**
 * Deletes every key starting with `prefix`: SCAN (on every master in a cluster) + UNLINK in batches.
 * Never KEYS (blocks Redis) and never FLUSHDB (other applications and tests share the database).
 */
export async function unlinkByPrefix(client: RedisClient, prefix: string): Promise<number> {
  const nodes = isCluster(client) ? client.nodes('master') : [client];
  const match = `${escapeGlob(prefix)}*`;
  let removed = 0;
  for (const node of nodes) {
    let cursor = '0';
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', match, 'COUNT', KEY_BATCH);
      cursor = next;
      removed += await unlinkKeys(client, keys);
    } while (cursor !== '0');
  }
  return removed;
}

/** UNLINK in slot-safe batches. */
export async function unlinkKeys(client: RedisClient, keys: string[]): Promise<number> {
  let removed = 0;
  for (const group of groupForCommands(client, keys)) {
    for (const batch of chunk(group, KEY_BATCH)) removed += await client.unlink(...batch.map((i) => keys[i]));
  }
  return removed;
}
