import { Module } from '@nestjs/common';
import { NotificationsModule } from '#domain/notifications';
import { CommitmentsService } from './commitments.service.js';
import { ComplianceReminders } from './compliance-reminders.js';
import { ComplianceQueries } from './compliance.js';
import { RequirementsService } from './requirements.service.js';

/** Commitments, requirements and compliance with them, for the API and the worker. */
@Module({
  imports: [NotificationsModule],
  providers: [CommitmentsService, RequirementsService, ComplianceQueries, ComplianceReminders],
  exports: [CommitmentsService, RequirementsService, ComplianceQueries, ComplianceReminders],
})
export class CommitmentsModule {}
