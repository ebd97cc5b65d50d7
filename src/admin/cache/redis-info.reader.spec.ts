import { describe, expect, it } from 'vitest';

import { parseInfo } from './redis-info.reader.js';

describe('parseInfo', () => {
  it('reads INFO sections as one flat map, values with colons intact', () => {
    const info = parseInfo(
      '# Memory\r\nused_memory:1836624\r\nmaxmemory_policy:volatile-lfu\r\n\r\n# Keyspace\r\ndb0:keys=3,expires=1\r\nexecutable:/usr/bin/redis:7\r\n',
    );
    expect(info).toEqual({
      used_memory: '1836624',
      maxmemory_policy: 'volatile-lfu',
      db0: 'keys=3,expires=1',
      executable: '/usr/bin/redis:7',
    });
  });
});
