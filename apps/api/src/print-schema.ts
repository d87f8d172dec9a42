import 'reflect-metadata';
import { readFile, writeFile } from 'node:fs/promises';
import { NestFactory } from '@nestjs/core';
import { GraphQLSchemaBuilderModule, GraphQLSchemaFactory } from '@nestjs/graphql';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { RESOLVERS } from './graphql/graphql-api.module.js';

/**
 * Prints the code-first schema to schema.gql (committed, so every schema
 * change shows in review), or with --check fails when the file is stale.
 * Needs no database: it only reads the resolvers' decorators.
 */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const check = args.includes('--check');
  const file = args.find((a) => !a.startsWith('--')) ?? 'schema.gql';
  const app = await NestFactory.createApplicationContext(GraphQLSchemaBuilderModule, {
    logger: false,
  });
  await app.init();
  const schema = await app.get(GraphQLSchemaFactory).create(RESOLVERS);
  await app.close();
  const printed = `${printSchema(lexicographicSortSchema(schema))}\n`;
  if (!check) {
    await writeFile(file, printed);
    return;
  }
  const committed = await readFile(file, 'utf8').catch(() => '');
  if (committed !== printed) {
    console.error(`${file} is stale: run npm run schema:print and commit it`);
    process.exit(1);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
