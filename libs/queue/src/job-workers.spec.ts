import { describe, expect, it } from '@jest/globals';
import { Injectable } from '@nestjs/common';
import { Reflector, type DiscoveryService } from '@nestjs/core';
import { loadConfig } from '#core';
import { captureLogs } from '#testing';
import { CATALOGUE, JOBS, type JobCatalogue } from './catalogue.js';
import { defineJob, type AnyJobDefinition } from './job-definition.js';
import { HandlesJob, type JobHandler } from './job-handler.js';
import { JobWorkers } from './job-workers.js';
import type { QueueRegistry } from './queue-registry.js';

const REMIND = defineJob<{ offerId: string; idempotencyKey: string }>({
  name: 'offer.remind',
  queue: 'offers',
  options: { attempts: 1 },
});

/** A do-nothing handler of `job`, as the worker would discover it. */
function handlerOf(job: AnyJobDefinition): new () => object {
  class Handler implements JobHandler {
    readonly handle = () => Promise.resolve();
  }
  HandlesJob(job)(Handler);
  Injectable()(Handler);
  return Handler;
}

/** A handler for every job the catalogue declares, but those left out. */
const handlersBut = (...left: AnyJobDefinition[]) =>
  CATALOGUE.jobs.filter((job) => !left.includes(job)).map(handlerOf);

/** The start-up check alone: which handlers the worker found against what the catalogue declares. */
function check(
  handlers: (new () => object)[],
  options: { catalogue?: JobCatalogue; env?: Record<string, string> } = {},
): void {
  const discovery = {
    getProviders: () => handlers.map((metatype) => ({ metatype, instance: new metatype() })),
  } as unknown as DiscoveryService;
  new JobWorkers(
    discovery,
    new Reflector(),
    {} as QueueRegistry, // not touched before the workers start
    options.catalogue ?? CATALOGUE,
    loadConfig(options.env ?? {}),
    captureLogs().logger,
  ).onModuleInit();
}

const withOffers: JobCatalogue = {
  queues: [...CATALOGUE.queues, { name: 'offers', concurrency: 1 }],
  jobs: [...CATALOGUE.jobs, REMIND],
};

describe('the worker start-up check', () => {
  it('passes when every declared job has its handler', () => {
    expect(() => {
      check(handlersBut());
    }).not.toThrow();
  });

  it('fails, naming the job, when a declared job has no handler', () => {
    expect(() => {
      check(handlersBut(), { catalogue: withOffers });
    }).toThrow('Job "offers/offer.remind" is declared but no handler is registered for it');
    expect(() => {
      check(handlersBut(JOBS.notificationSend));
    }).toThrow('Job "notifications/notification.send" is declared but no handler');
  });

  it('asks handlers only for the queues this worker runs', () => {
    expect(() => {
      const maintenance = CATALOGUE.jobs.filter((job) => job.queue === 'maintenance');
      check(maintenance.map(handlerOf), {
        catalogue: withOffers,
        env: { WORKER_QUEUES: 'maintenance' },
      });
    }).not.toThrow();
  });

  it('refuses queues in its configuration that the catalogue does not declare', () => {
    expect(() => {
      check(handlersBut(), { env: { WORKER_QUEUES: 'notificatons' } });
    }).toThrow('"notificatons"');
    expect(() => {
      check(handlersBut(), { env: { WORKER_CONCURRENCY: 'offers=2' } });
    }).toThrow('"offers"');
  });

  it('refuses a handler of a job the catalogue does not declare, and two handlers of one job', () => {
    @Injectable()
    @HandlesJob(REMIND)
    class Remind implements JobHandler<typeof REMIND> {
      handle(): Promise<void> {
        return Promise.resolve();
      }
    }
    expect(() => {
      check([...handlersBut(), Remind]);
    }).toThrow('Job "offers/offer.remind" has a handler but is not declared');
    expect(() => {
      check([...handlersBut(), handlerOf(JOBS.notificationSend)]);
    }).toThrow('Two handlers for job "notifications/notification.send"');
  });
});
