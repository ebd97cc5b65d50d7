import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};
const started = new Date().toISOString().replace('T', ' ').slice(0, 16);

/** What `/v2/check` and `/v2/info` say they are. `buildDate`: when this process started. */
export const SOFTWARE = {
  name: 'ProsePolish',
  version: pkg.version,
  buildDate: started,
  apiVersion: 1,
  premium: false,
  status: '',
} as const;
