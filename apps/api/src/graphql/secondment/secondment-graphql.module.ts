import { Module } from '@nestjs/common';
import { OrganisationModule } from '#domain/organisation';
import { SecondmentModule } from '#domain/secondment';
import {
  AccountSecondmentResolver,
  SecondmentLinksResolver,
} from './secondment-fields.resolver.js';
import { SecondmentLoaders } from './secondment.loaders.js';
import { SecondmentResolver } from './secondment.resolver.js';

/** Report-ins, transfers, re-reports and rotation batches, and every field that points at them. */
@Module({
  imports: [SecondmentModule, OrganisationModule],
  providers: [
    SecondmentResolver,
    SecondmentLinksResolver,
    AccountSecondmentResolver,
    SecondmentLoaders,
  ],
})
export class SecondmentGraphqlModule {}
