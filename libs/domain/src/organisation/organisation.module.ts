import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Community } from './community.entity.js';
import { Courtyard } from './courtyard.entity.js';
import { CommunityAccess } from './community-access.js';
import { OrganisationQueries } from './organisation-queries.service.js';
import { OrganisationService } from './organisation.service.js';
import { PairingsService } from './pairings.service.js';
import { Unit } from './unit.entity.js';
import { UnitCommunityPairing } from './unit-community-pairing.entity.js';

@Module({
  imports: [TypeOrmModule.forFeature([Community, Courtyard, Unit, UnitCommunityPairing])],
  providers: [OrganisationService, PairingsService, OrganisationQueries, CommunityAccess],
  exports: [OrganisationService, PairingsService, OrganisationQueries, CommunityAccess],
})
export class OrganisationModule {}
