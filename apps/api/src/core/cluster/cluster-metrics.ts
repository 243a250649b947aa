import cluster, { type Worker } from 'node:cluster';
import { AggregatorRegistry, type MetricObjectWithValues, type MetricValue } from 'prom-client';

/**
 * Metrics when the API runs as several processes on one port (API_PROCESSES): a scrape
 * reaches one of them, which asks the primary; the primary asks every process for its own
 * figures and adds them up (prom-client's aggregation: sums, or the metric's own rule), so
 * Prometheus and the console see the whole API, whichever process answered.
 */

const COLLECT = 'mayak:metrics:collect';
const LOCAL = 'mayak:metrics:local';
const REQUEST = 'mayak:metrics:request';
const RESULT = 'mayak:metrics:result';
/** A process that has not answered by then is left out of this scrape, not waited for. */
const COLLECT_TIMEOUT_MS = 2_000;
const REQUEST_TIMEOUT_MS = 3_000;

type LocalMetrics = MetricObjectWithValues<MetricValue<string>>[];
type Message = { type?: unknown; id?: unknown; metrics?: unknown; text?: unknown; json?: unknown; error?: unknown };

let readLocal: (() => Promise<LocalMetrics>) | null = null;
let listening = false;
let nextId = 0;
const waiting = new Map<number, { resolve: (value: { text: string; json: LocalMetrics }) => void; reject: (error: Error) => void }>();

/** In an API process: answers the primary's collection with this process's registry, and takes the primary's results. */
export function serveLocalMetrics(read: () => Promise<LocalMetrics>): void {
  readLocal = read;
  if (listening) return;
  listening = true;
  process.on('message', (message: Message) => {
    if (message?.type === COLLECT && typeof message.id === 'number') {
      const id = message.id;
      (readLocal ? readLocal() : Promise.resolve([])).then(
        (metrics) => process.send?.({ type: LOCAL, id, metrics }),
        (error: unknown) => process.send?.({ type: LOCAL, id, error: String(error) }),
      );
    } else if (message?.type === RESULT && typeof message.id === 'number') {
      const pending = waiting.get(message.id);
      if (!pending) return;
      waiting.delete(message.id);
      if (typeof message.error === 'string') pending.reject(new Error(message.error));
      else pending.resolve({ text: String(message.text), json: message.json as LocalMetrics });
    }
  });
}

/** In an API process: the whole API's metrics, as text for Prometheus and as JSON for totals. */
export function clusterMetrics(): Promise<{ text: string; json: LocalMetrics }> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      waiting.delete(id);
      reject(new Error(`the primary did not answer within ${REQUEST_TIMEOUT_MS} ms`));
    }, REQUEST_TIMEOUT_MS);
    waiting.set(id, {
      resolve: (value) => (clearTimeout(timer), resolve(value)),
      reject: (error) => (clearTimeout(timer), reject(error)),
    });
    process.send?.({ type: REQUEST, id });
  });
}

/** In the primary: answers the API processes' requests by collecting from all of them. */
export function answerMetricRequests(): void {
  let nextCollection = 0;
  const collections = new Map<number, { pending: Set<number>; results: LocalMetrics[]; finish: () => void }>();
  cluster.on('message', (worker: Worker, message: Message) => {
    if (message?.type === LOCAL && typeof message.id === 'number') {
      const collection = collections.get(message.id);
      if (!collection || !collection.pending.delete(worker.id)) return;
      if (Array.isArray(message.metrics)) collection.results.push(message.metrics as LocalMetrics);
      if (collection.pending.size === 0) collection.finish();
      return;
    }
    if (message?.type !== REQUEST || typeof message.id === 'undefined') return;
    const requestId = message.id;
    const id = nextCollection++;
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w && w.isConnected());
    const collection = { pending: new Set(workers.map((w) => w.id)), results: [] as LocalMetrics[], finish: () => undefined as void };
    const timer = setTimeout(() => collection.finish(), COLLECT_TIMEOUT_MS);
    collection.finish = () => {
      clearTimeout(timer);
      if (!collections.delete(id)) return;
      const aggregated = AggregatorRegistry.aggregate(collection.results);
      Promise.all([aggregated.metrics(), aggregated.getMetricsAsJSON()]).then(
        ([text, json]) => worker.isConnected() && worker.send({ type: RESULT, id: requestId, text, json }),
        (error: unknown) => worker.isConnected() && worker.send({ type: RESULT, id: requestId, error: String(error) }),
      );
    };
    collections.set(id, collection);
    for (const w of workers) w.send({ type: COLLECT, id });
    if (workers.length === 0) collection.finish();
  });
}
