import { HttpException, HttpStatus } from '@nestjs/common';
import type { Request, RequestHandler, Response } from 'express';

interface BodyParserError extends Error {
  status?: number;
  type?: string;
}

/** Runs an Express body parser inside Nest middleware, so its errors come out through Nest's filters as JSON. */
export function runBodyParser(parse: RequestHandler, request: Request, response: Response): Promise<void> {
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
