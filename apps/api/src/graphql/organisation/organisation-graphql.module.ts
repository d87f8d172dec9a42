import { Module } from '@nestjs/common';
import { OrganisationModule } from '#domain/organisation';
import { CommunityResolver } from './community.resolver.js';
import { ORGANISATION_FIELD_RESOLVERS } from './organisation-fields.resolver.js';
import { OrganisationLoaders } from './organisation.loaders.js';
import { UnitResolver } from './unit.resolver.js';

/** Communities, courtyards, units and pairings, and every field that points at them. */
@Module({
  imports: [OrganisationModule],
  providers: [
    CommunityResolver,
    UnitResolver,
    ...ORGANISATION_FIELD_RESOLVERS,
    OrganisationLoaders,
  ],
})
export class OrganisationGraphqlModule {}
