import { Injectable } from '@nestjs/common';

/** The time, injectable so that tests can set it (signed timestamps are checked against it). */
@Injectable()
export class Clock {
  nowMs(): number {
    return Date.now();
  }
}
