import { Injectable, type NestMiddleware } from '@nestjs/common';
import express, { type NextFunction, type Request, type Response } from 'express';
import { runBodyParser } from './run-body-parser.js';

const JSON_BODY_LIMIT = '100kb';

/** Parses the JSON bodies of the internal API; their errors come out as JSON too. */
@Injectable()
export class JsonBodyMiddleware implements NestMiddleware {
  private readonly parse = express.json({ limit: JSON_BODY_LIMIT });

  async use(request: Request, response: Response, next: NextFunction): Promise<void> {
    await runBodyParser(this.parse, request, response);
    next();
  }
}
