import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MembersModule } from '#domain/members';
import { OrganisationModule } from '#domain/organisation';
import { PairingEndService } from './pairing-end.service.js';
import { RotationBatch } from './rotation-batch.entity.js';
import { RotationBatchesService } from './rotation-batches.service.js';
import { Secondment } from './secondment.entity.js';
import { SecondmentQueries } from './secondment-queries.service.js';
import { SecondmentService } from './secondment.service.js';
import { SecondmentStore } from './secondment-store.js';
import { ServingService } from './serving.service.js';

@Module({
  imports: [
    TypeOrmModule.forFeature([Secondment, RotationBatch]),
    OrganisationModule,
    MembersModule,
  ],
  providers: [
    SecondmentStore,
    SecondmentService,
    ServingService,
    SecondmentQueries,
    RotationBatchesService,
    PairingEndService,
  ],
  exports: [
    SecondmentService,
    ServingService,
    SecondmentQueries,
    RotationBatchesService,
    PairingEndService,
  ],
})
export class SecondmentModule {}
