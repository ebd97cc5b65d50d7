// POST /llm/correct of a 20-sentence document: unchanged (every sentence cached) and with one sentence
// changed per request (one sentence goes to Gemini, ~1.5 s, the other 19 come from the cache).
import { measure, type ScenarioResult } from '../lib/scenario.js';
import {
  bearer,
  type BenchContext,
  JSON_HEADERS,
  paced,
  steady,
  type SteadyScenario,
} from './bench-context.js';

const SENTENCES = [
  'The committee met on Tuesday to review teh quarterly budget.',
  'Several members said they did not recieve the agenda in time.',
  'The chair apologised and promised to send it earlier next month.',
  'A long discussion followed about the cost of the new printers.',
  'Nobody could explain why the old ones had stopped working.',
  'The treasurer pointed out that the warranty had expired in spring.',
  'She suggested leasing equipment instead of buying it outright.',
  'This idea was was welcomed by most of the people in the room.',
  'One member asked whether leasing would cost more over five years.',
  'The treasurer agreed to prepare a comparison for the next meeting.',
  'Next, the group turned to the plans for the summer volunteer day.',
  'Last year the event attracted more than two hundred visitors.',
  'This year the organisers hope to double that number.',
  'They will need more tables, more chairs and a bigger tent.',
  'A local bakery has offered to donate bread and pastries.',
  'The committee thanked the bakery and accepted the offer gladly.',
  'Finally, the secretary reminded everyone to renew their membership.',
  'Renewals can now be made online or at the front desk.',
  'The meeting ended shortly after eight o’clock in the evening.',
  'The next meeting will take place on the first Tuesday of June.',
];
export const DOCUMENT = SENTENCES.join(' ');
/** The changed sentence names its request: `Draft <n> of this paragraph …`. */
const DRAFT = /Draft (\d+) of this paragraph/;

const CORRECT_PATH = '/api/v1/llm/correct';

function unchangedScenario(ctx: BenchContext): SteadyScenario {
  return {
    id: 'correct-unchanged',
    title: 'POST /llm/correct — 20 sentences, unchanged (full hit)',
    server: ctx.l1App,
    payload: 'correct',
    request: {
      method: 'POST',
      path: CORRECT_PATH,
      headers: { ...bearer(ctx.user.accessToken), ...JSON_HEADERS },
      body: JSON.stringify({ text: DOCUMENT }),
    },
  };
}

export async function correctUnchanged(ctx: BenchContext): Promise<ScenarioResult> {
  const request = { text: DOCUMENT };
  await ctx.api.call('POST', CORRECT_PATH, { token: ctx.user.accessToken, json: request });
  const { headers, body } = await ctx.api.call<unknown>('POST', CORRECT_PATH, {
    token: ctx.user.accessToken,
    json: request,
  });
  if (headers.get('x-cache') !== 'HIT')
    throw new Error(`correct: the repeated document was not a full hit (X-Cache ${headers.get('x-cache')})`);
  if (headers.get('x-llm-fallback'))
    throw new Error(`correct: fell back to the local checker (${headers.get('x-llm-fallback')})`);
  ctx.payloads.correct = { method: 'POST', request, response: body };
  const calls = ctx.gemini.callCount;
  const result = await steady(ctx, unchangedScenario(ctx));
  result.notes.push(`Gemini calls during the runs: ${ctx.gemini.callCount - calls}`);
  return result;
}

export function correctUnchangedPaced(ctx: BenchContext): Promise<ScenarioResult | undefined> {
  return paced(ctx, unchangedScenario(ctx));
}

/**
 * Each request rewrites one sentence (round robin) with a number no request used before: 19 sentences
 * come from the cache, one goes to Gemini (~1.5 s). Bound by Gemini's latency, so no framework ratio.
 */
export async function correctOneChanged(ctx: BenchContext): Promise<ScenarioResult> {
  let sequence = 0;
  const cache = new Map<string, number>();
  const fallbacks = new Map<string, number>();
  const callsBefore = ctx.gemini.callCount;
  const answeredDrafts = new Set<string>();
  const bump = (m: Map<string, number>, k: string): void => void m.set(k, (m.get(k) ?? 0) + 1);
  const result = await measure({
    id: 'correct-one-changed',
    title: 'POST /llm/correct — 20 sentences, one changed per request',
    server: ctx.l1App,
    connections: ctx.config.connections,
    generator: 'autocannon',
    runs: ctx.config.runs,
    load: () =>
      ctx.load.autocannon(
        {
          url: ctx.l1App.url,
          connections: ctx.config.connections,
          durationSec: ctx.config.slowDurationSec,
          timeoutSec: 30,
          requests: [
            {
              method: 'POST',
              path: CORRECT_PATH,
              headers: { ...bearer(ctx.user.accessToken), ...JSON_HEADERS },
              setupRequest: (req) => {
                const n = sequence++;
                const sentences = [...SENTENCES];
                sentences[n % sentences.length] = `Draft ${n} of this paragraph was revised by teh editor.`;
                return { ...req, body: JSON.stringify({ text: sentences.join(' ') }) };
              },
              onResponse: (status, body, _context, headers) => {
                bump(cache, headers['x-cache'] ?? headers['X-Cache'] ?? 'none');
                const fallback = headers['x-llm-fallback'] ?? headers['X-Llm-Fallback'];
                if (fallback) bump(fallbacks, fallback);
                const draft = status === 200 ? DRAFT.exec(body)?.[1] : undefined;
                if (draft) answeredDrafts.add(draft);
              },
            },
          ],
        },
        ctx.l1App,
      ),
  });
  // Which Gemini calls served an answered request: each call carries its request's changed sentence.
  const geminiCalls = ctx.gemini.calls.slice(callsBefore);
  const forAnswered = geminiCalls.filter((call) =>
    answeredDrafts.has(DRAFT.exec(call.userText)?.[1] ?? ''),
  ).length;
  const answered = answeredDrafts.size;
  result.notes.push(
    `Gemini (fake, ${ctx.gemini.latencyMs} ms) calls per answered request: ${answered ? (forAnswered / answered).toFixed(2) : '—'} ` +
      `(${forAnswered} calls for ${answered} answered requests; ${geminiCalls.length - forAnswered} more for requests cut off by the end of a run); ` +
      `X-Cache: ${[...cache].map(([k, n]) => `${k} ${n}`).join(', ')}` +
      (fallbacks.size
        ? `; local-checker fallbacks: ${[...fallbacks].map(([k, n]) => `${k} ${n}`).join(', ')}`
        : '; no fallback to the local checker'),
  );
  return result;
}
