/** One request with `node:http`/`node:https`: keep-alive sockets that never hold the process open. */
import http from 'node:http';
import https from 'node:https';
import type { MakeRequest } from './base';

/** A request function and the way to close its sockets. */
export interface HttpRequester {
  request: MakeRequest;
  close(): void;
}

const USER_AGENT = 'flawless-client-node/0.1.0';

/** Requests POSTing JSON, with `Authorization: Bearer <ingestToken>` when a token is given. */
export function createHttpRequester(ingestToken?: string): HttpRequester {
  const agents = {
    'http:': new http.Agent({ keepAlive: true, maxSockets: 4 }),
    'https:': new https.Agent({ keepAlive: true, maxSockets: 4 }),
  };
  const request: MakeRequest = (url, body, timeoutMs) =>
    new Promise<number>((resolve, reject) => {
      const headers: Record<string, string | number> = {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body, 'utf8'),
        'user-agent': USER_AGENT,
      };
      if (ingestToken) headers['authorization'] = `Bearer ${ingestToken}`;
      const secure = url.protocol === 'https:';
      const send = secure ? https.request : http.request;
      const req = send(url, { method: 'POST', headers, agent: secure ? agents['https:'] : agents['http:'] });
      let settled = false;
      const finish = (status: number | undefined, err?: unknown) => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        if (status === undefined) reject(err);
        else resolve(status);
      };
      // One deadline for the whole exchange: a server that trickles bytes cannot stretch it.
      const deadline = setTimeout(() => req.destroy(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
      deadline.unref();
      // A send in the background must not keep the app alive (the agent ref()s reused sockets).
      req.on('socket', (socket) => socket.unref());
      req.on('error', (err) => finish(undefined, err));
      req.on('response', (res) => {
        res.on('error', (err) => finish(undefined, err));
        res.on('end', () => finish(res.statusCode ?? 0));
        res.on('close', () => finish(undefined, new Error('response cut short')));
        res.resume();
      });
      req.end(body, 'utf8');
    });
  return {
    request,
    close() {
      agents['http:'].destroy();
      agents['https:'].destroy();
    },
  };
}
