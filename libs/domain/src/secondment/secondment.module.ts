import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MembersModule } from '#domain/members';
import { OrganisationModule } from '#domain/organisation';
import { RotationBatch } from './rotation-batch.entity.js';
import { RotationBatchesService } from './rotation-batches.service.js';
import { Secondment } from './secondment.entity.js';
import { SecondmentService } from './secondment.service.js';

@Module({
  imports: [
    TypeOrmModule.forFeature([Secondment, RotationBatch]),
    OrganisationModule,
    MembersModule,
  ],
  providers: [SecondmentService, RotationBatchesService],
  exports: [SecondmentService, RotationBatchesService],
})
export class SecondmentModule {}
