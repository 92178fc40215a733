import { STATUS_CODES } from 'node:http';
import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { AppConfig } from '../../config/app-config.js';

/**
 * Keeps webhook bodies as raw bytes (signatures are over the bytes sent, not
 * the JSON, so nothing is decompressed) and enforces the size limit without
 * reading more than it allows: a Content-Length over it is refused before a
 * byte is read, a body that outgrows it as soon as it does. Either way the
 * connection closes after the answer, so the rest is never read.
 */
@Injectable()
export class RawBodyMiddleware implements NestMiddleware {
  private readonly limit: number;

  constructor(config: AppConfig) {
    this.limit = config.webhooks.bodyLimitBytes;
  }

  use(request: Request, response: Response, next: NextFunction): void {
    const encoding = request.headers['content-encoding']?.trim().toLowerCase();
    if (encoding && encoding !== 'identity') {
      return refuse(response, 415, 'Content-Encoding is not supported: send the body as signed, uncompressed.');
    }
    const declared = Number(request.headers['content-length'] ?? 0);
    if (declared > this.limit) return refuse(response, 413, 'Request body exceeds the size limit.');
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > this.limit) {
        stop();
        return refuse(response, 413, 'Request body exceeds the size limit.');
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      stop();
      request.body = Buffer.concat(chunks, size);
      next();
    };
    // The client went away mid-body: there is no one to answer (the audit row says `aborted`).
    const onAborted = () => stop();
    const stop = () => {
      request.off('data', onData).off('end', onEnd).off('error', onAborted).off('aborted', onAborted);
      request.pause();
    };
    request.on('data', onData).once('end', onEnd).once('error', onAborted).once('aborted', onAborted);
  }
}

/** Answers (as Nest's filter would) before the body is read, and closes the connection so that it never is. */
export function refuse(response: Response, status: number, message: string): void {
  response.setHeader('Connection', 'close');
  response.status(status).json({ statusCode: status, message, error: STATUS_CODES[status] });
}
