import pg from 'pg';
import { PersonalDataCipher } from '#core';
import { benchEnv, numberFlag, recreateDatabase, type BenchEnv } from './bench-env.js';
import { generateCity, type City, type CitySize } from './city.js';
import { now } from './stats.js';

/** The parts both dispatch benchmarks start from. */
export interface CityRun {
  readonly env: BenchEnv;
  readonly city: City;
  /** Connected as the schema owner (the generator, the probe, the checks). */
  readonly owner: pg.Client;
  readonly generationSeconds: number;
}

/**
 * A fresh benchmark database holding the generated city of the command
 * line's size (`--members`, default 100,000; `--communities`, default 200,
 * unless the benchmark gives its own defaults), encrypted with this run's keys.
 */
export async function prepareCity(
  database: string,
  defaults: CitySize = { members: 100_000, communities: 200 },
): Promise<CityRun> {
  const size = {
    members: numberFlag('members', defaults.members),
    communities: numberFlag('communities', defaults.communities),
  };
  const env = benchEnv(database);
  await recreateDatabase(env);
  const owner = new pg.Client({ connectionString: env.ownerUrl });
  await owner.connect();
  const cipher = new PersonalDataCipher(
    Buffer.from(env.production.PERSONAL_DATA_KEY ?? '', 'base64'),
    Buffer.from(env.production.PERSONAL_DATA_HASH_KEY ?? '', 'base64'),
  );
  const started = now();
  let reported = 0;
  const city = await generateCity(owner, cipher, size, (done) => {
    if (done - reported >= 100_000 || done === size.members) {
      reported = done;
      console.error(`city: ${String(done)} of ${String(size.members)} members`);
    }
  });
  return { env, city, owner, generationSeconds: (now() - started) / 1000 };
}

export function describeCity({ city, generationSeconds }: CityRun): string {
  return (
    `City: ${String(city.members)} members (${String(city.residents)} residents, ` +
    `${String(city.seconded)} seconded with ACTIVE secondments) in ${String(city.communities)} communities, ` +
    `${String(city.courtyards)} courtyards and party groups, ${String(city.units)} units, ` +
    `${String(city.taskTypes)} task types; generated in ${generationSeconds.toFixed(1)} s`
  );
}
