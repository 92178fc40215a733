import { connect } from 'node:net';

/**
 * Sends bytes exactly as given, which fetch refuses to do (bare CR, NUL in
 * headers, a body that outruns its Content-Length), and resolves with the
 * status code of the answer, without waiting for a large body to be read.
 */
export function rawStatus(url: string, head: string, body: Buffer = Buffer.alloc(0)): Promise<number> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let answer = '';
    const timer = setTimeout(() => finish(new Error(`no answer; got ${JSON.stringify(answer)}`)), 20_000);
    const finish = (error?: Error, status?: number) => {
      clearTimeout(timer);
      socket.destroy();
      if (status) resolve(status);
      else reject(error ?? new Error('the connection ended without an answer'));
    };
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString('latin1');
      const status = /^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1];
      if (status) finish(undefined, Number(status));
    });
    // The server may answer and close before the body has gone out: the answer is what counts.
    socket.on('error', (error) => setTimeout(() => finish(error), 200));
    socket.on('close', () => setTimeout(() => finish(new Error(`closed; got ${JSON.stringify(answer)}`)), 200));
    socket.write(head);
    socket.write(body);
  });
}

/** An HTTP/1.1 request head; `headerLines` are written as given, injection attempts included. */
export function requestHead(path: string, headerLines: string[], contentLength: number): string {
  return [`POST ${path} HTTP/1.1`, 'Host: 127.0.0.1', ...headerLines, `Content-Length: ${contentLength}`, 'Connection: close', '', ''].join(
    '\r\n',
  );
}

/**
 * Sends the head, then the body one byte every `intervalMs` (a slow-loris
 * client), and resolves with the status of the answer and when it came.
 */
export function trickledStatus(url: string, head: string, body: Buffer, intervalMs: number): Promise<{ status: number; afterMs: number }> {
  const { hostname, port } = new URL(url);
  const startedAt = Date.now();
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let answer = '';
    let sent = 0;
    const drip = setInterval(() => {
      if (sent < body.length && socket.writable) socket.write(body.subarray(sent, (sent += 1)));
    }, intervalMs);
    const timer = setTimeout(() => finish(new Error(`no answer; got ${JSON.stringify(answer)}`)), 30_000);
    const finish = (error?: Error, status?: number) => {
      clearInterval(drip);
      clearTimeout(timer);
      socket.destroy();
      if (status) resolve({ status, afterMs: Date.now() - startedAt });
      else reject(error ?? new Error('the connection ended without an answer'));
    };
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString('latin1');
      const status = /^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1];
      if (status) finish(undefined, Number(status));
    });
    socket.on('error', (error) => setTimeout(() => finish(error), 200));
    socket.on('close', () => setTimeout(() => finish(new Error(`closed; got ${JSON.stringify(answer)}`)), 200));
    socket.write(head);
  });
}
