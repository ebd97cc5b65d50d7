import { Injectable } from '@nestjs/common';

/** The time, behind a class so tests can move it (grace windows, expiry). */
@Injectable()
export class Clock {
  public now(): Date {
    return new Date();
  }
}
