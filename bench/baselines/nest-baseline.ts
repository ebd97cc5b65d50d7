// Nest's own overhead: one NestJS controller on the Fastify adapter returning the app's response JSON from
// memory — no guards, pipes, interceptors or logging. Decorators are applied as plain calls because Node
// runs this file by stripping types, and decorator syntax is not erasable.
import 'reflect-metadata';

import { readFileSync } from 'node:fs';

import { Controller, Get, HttpCode, Module, Param, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';

const payloads = JSON.parse(readFileSync(process.env.BASELINE_PAYLOADS!, 'utf8')) as Record<string, unknown>;

class PayloadController {
  public ready(): unknown {
    return { ok: true };
  }

  public get(name: string): unknown {
    return payloads[name];
  }

  public post(name: string): unknown {
    return payloads[name];
  }
}

function route(decorators: MethodDecorator[], method: keyof PayloadController): void {
  const descriptor = Object.getOwnPropertyDescriptor(PayloadController.prototype, method)!;
  for (const decorate of decorators) decorate(PayloadController.prototype, method, descriptor);
}

Controller()(PayloadController);
route([Get('ready')], 'ready');
route([Get('p/:name')], 'get');
route([Post('p/:name'), HttpCode(200)], 'post');
Param('name')(PayloadController.prototype, 'get', 0);
Param('name')(PayloadController.prototype, 'post', 0);

class BaselineModule {}
Module({ controllers: [PayloadController] })(BaselineModule);

const app = await NestFactory.create<NestFastifyApplication>(
  BaselineModule,
  new FastifyAdapter({ bodyLimit: 256 * 1024 }),
  { logger: false },
);
await app.listen({ port: Number(process.env.PORT), host: process.env.HOST ?? '127.0.0.1' });
