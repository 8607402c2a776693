/**
 * A real HTTP receiver on loopback for webhook tests: a node:http server on port 0 that records
 * every request (headers and raw body) and answers as the test says: a status, or never (hang).
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Receipt {
  headers: IncomingHttpHeaders;
  body: string;
  json: { id: string; type: string; at: string; event: Record<string, unknown> };
  at: number;
}

/** What to answer a request with: a status code, or `hang` (never answer until closed). */
export type Answer = number | 'hang';

export interface Receiver {
  url: string;
  receipts: Receipt[];
  /** Decides the answer to the n-th request (from 0); default 200. */
  answer: (n: number, receipt: Receipt) => Answer;
  /** Answers every hanging request now (with 200). */
  release(): void;
  close(): Promise<void>;
}

export async function startReceiver(path = '/hook'): Promise<Receiver> {
  const hanging = new Set<ServerResponse>();
  const receiver: Receiver = {
    url: '',
    receipts: [],
    answer: () => 200,
    release() {
      for (const res of hanging) res.writeHead(200).end();
      hanging.clear();
    },
    close: async () => {},
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let json: Receipt['json'];
      try {
        json = JSON.parse(body);
      } catch {
        json = { id: '', type: '', at: '', event: {} };
      }
      const receipt = { headers: req.headers, body, json, at: Date.now() };
      const n = receiver.receipts.length;
      receiver.receipts.push(receipt);
      const answer = receiver.answer(n, receipt);
      if (answer === 'hang') hanging.add(res);
      else res.writeHead(answer, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  receiver.url = `http://127.0.0.1:${port}${path}`;
  receiver.close = async () => {
    for (const res of hanging) res.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return receiver;
}

/** Event ids received, in arrival order (duplicates kept, so a test can count them). */
export function receivedIds(receiver: Receiver): string[] {
  return receiver.receipts.map((r) => r.json.id);
}
