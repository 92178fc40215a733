import { Injectable, type NestMiddleware } from '@nestjs/common';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { runBodyParser } from '../../common/http/run-body-parser.js';
import { AppConfig } from '../../config/app-config.js';

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
    await runBodyParser(this.parse, request, response);
    if (!Buffer.isBuffer(request.body)) request.body = Buffer.alloc(0);
    next();
  }
}
