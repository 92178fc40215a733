import { HttpException, HttpStatus, Injectable, type NestMiddleware } from '@nestjs/common';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { AppConfig } from '../../config/app-config.js';

const JSON_BODY_LIMIT = '100kb';

interface BodyParserError extends Error {
  status?: number;
  type?: string;
}

/**
 * Keeps webhook bodies as raw bytes (signatures are over the bytes, not the
 * JSON) and enforces the size limit. Runs as Nest middleware, so its errors
 * come out through Nest's filters as JSON.
 */
@Injectable()
export class RawBodyMiddleware implements NestMiddleware {
  private readonly parse: RequestHandler;

  constructor(config: AppConfig) {
    this.parse = express.raw({ type: () => true, limit: config.webhooks.bodyLimitBytes });
  }

  async use(request: Request, response: Response, next: NextFunction): Promise<void> {
    await runParser(this.parse, request, response);
    if (!Buffer.isBuffer(request.body)) request.body = Buffer.alloc(0);
    next();
  }
}

/** Parses the JSON bodies of the internal API; their errors come out as JSON too. */
@Injectable()
export class JsonBodyMiddleware implements NestMiddleware {
  private readonly parse = express.json({ limit: JSON_BODY_LIMIT });

  async use(request: Request, response: Response, next: NextFunction): Promise<void> {
    await runParser(this.parse, request, response);
    next();
  }
}

function runParser(parse: RequestHandler, request: Request, response: Response): Promise<void> {
  return new Promise<void>((resolve, reject) =>
    parse(request, response, (error?: unknown) => (error ? reject(toHttpException(error)) : resolve())),
  );
}

function toHttpException(error: unknown): HttpException {
  const { status, type, message } = error as BodyParserError;
  if (type === 'entity.too.large') {
    return new HttpException('Request body exceeds the size limit.', HttpStatus.PAYLOAD_TOO_LARGE);
  }
  return new HttpException(message, status && status >= 400 && status < 500 ? status : HttpStatus.BAD_REQUEST);
}
