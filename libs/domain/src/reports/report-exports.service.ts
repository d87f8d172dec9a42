import { pipeline, Transform, type Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import {
  APP_CONFIG,
  Clock,
  CommonErrors,
  isOperator,
  isUuid,
  type Actor,
  type AppConfig,
} from '#core';
import { sql, UnitOfWork } from '#database';
import { AuditLog } from '#domain/audit';
import { LiveEvents } from '#domain/live';
import { accountOf } from '#domain/tasks';
import { JOBS, Outbox } from '#queue';
import { LinkSigner, ObjectStore, openStream, sealStream, type LinkQuery } from '#storage';
import { assertUnitReportReader, ParticipationReports } from './participation-reports.js';
import { MemberReports } from './member-reports.js';
import { memberReportPdf } from './member-report-pdf.js';
import { reportPeriod, type ReportPeriod, type ReportPeriodInput } from './report-period.js';
import { ReportsErrors } from './reports.errors.js';
import { unitReportCsv, unitReportXlsx } from './unit-report-files.js';
import { VolunteerRecords } from './volunteer-records.js';

/** Where the API serves export files (`GET /files/exports/<id>`). */
export const EXPORT_PATH = '/files/exports';
export const EXPORT_FORMATS = ['CSV', 'XLSX', 'PDF'] as const;
export const EXPORT_KINDS = ['UNIT_PARTICIPATION', 'MEMBER', 'VOLUNTEER_RECORDS'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const EXPORT_STATUSES = ['QUEUED', 'RUNNING', 'DONE', 'FAILED'] as const;
export type ExportStatus = (typeof EXPORT_STATUSES)[number];

export interface ReportExportView {
  readonly id: string;
  readonly kind: ExportKind;
  readonly format: ExportFormat;
  readonly unitId: string | null;
  readonly memberId: string | null;
  readonly communityId: string | null;
  readonly fromMonth: string;
  readonly toMonth: string;
  readonly status: ExportStatus;
  /** 0 to 100. */
  readonly progress: number;
  readonly rows: number | null;
  readonly bytes: number | null;
  readonly requestedAt: Date;
  readonly finishedAt: Date | null;
  /** A link to the file once DONE, working for FILE_LINK_TTL_SECONDS. */
  readonly download: { readonly url: string; readonly expiresAt: Date } | null;
}

export interface ExportFile {
  readonly body: Readable;
  readonly contentType: string;
  readonly fileName: string;
}

type Row = Omit<ReportExportView, 'download'> & { requestedBy: string };

const VIEW = sql`id, kind, format, unit_id AS "unitId", member_id AS "memberId",
  community_id AS "communityId", to_char(from_month, 'YYYY-MM-DD') AS "fromMonth",
  to_char(to_month, 'YYYY-MM-DD') AS "toMonth", status, progress, rows, bytes::float8 AS bytes,
  requested_at AS "requestedAt", finished_at AS "finishedAt", requested_by AS "requestedBy"`;
/** Each format's media type and file extension. */
const FORMATS: Record<ExportFormat, { contentType: string; extension: string }> = {
  CSV: { contentType: 'text/csv; charset=utf-8', extension: 'csv' },
  XLSX: {
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    extension: 'xlsx',
  },
  PDF: { contentType: 'application/pdf', extension: 'pdf' },
};

/** How many times BullMQ runs an export's job (the catalogue's options). */
const EXPORT_ATTEMPTS = JOBS.reportExport.options.attempts;
/** pipeline's callback: its errors reach the consumer through the stream it returns. */
const noop = () => undefined;

const EXPORT_AUDIT: Record<ExportKind, string> = {
  UNIT_PARTICIPATION: 'report.unit.export',
  MEMBER: 'report.member.export',
  VOLUNTEER_RECORDS: 'report.volunteer_records.export',
};

/** A made file: its bytes as they come, its name and how many rows (members or activities) it has. */
interface Made {
  readonly body: Readable;
  readonly name: string;
  readonly rows: number;
  readonly sealed?: boolean;
}

/**
 * Report exports: asked for through the API (who may read the report may
 * export it; audited): a unit's participation report as CSV or XLSX, a
 * member report as PDF, a community's volunteer records as XLSX (sealed); made by the worker of the `reports` queue, which
 * streams the file to the storage port, and fetched by whoever asked
 * through an expiring signed link. Old files go after
 * REPORT_EXPORT_RETENTION_DAYS.
 */
@Injectable()
export class ReportExports {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: Outbox,
    private readonly store: ObjectStore,
    private readonly links: LinkSigner,
    private readonly reports: ParticipationReports,
    private readonly memberReports: MemberReports,
    private readonly volunteerRecords: VolunteerRecords,
    private readonly audit: AuditLog,
    private readonly live: LiveEvents,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The unit participation report as CSV (the member sheet) or XLSX (the whole report). */
  async requestUnitReport(
    actor: Actor,
    input: { unitId: string; period: ReportPeriodInput; format: ExportFormat },
  ): Promise<ReportExportView> {
    assertUnitReportReader(actor, input.unitId);
    if (input.format === 'PDF') throw ReportsErrors.format();
    return this.request(actor, 'UNIT_PARTICIPATION', input.format, input.period, {
      unitId: input.unitId,
    });
  }

  /** The member report as a printable PDF. */
  async requestMemberReport(
    actor: Actor,
    input: { memberId: string; period: ReportPeriodInput },
  ): Promise<ReportExportView> {
    await this.memberReports.assertReader(actor, input.memberId);
    return this.request(actor, 'MEMBER', 'PDF', input.period, { memberId: input.memberId });
  }

  /**
   * The volunteer records of a community (XLSX), for its committee or an
   * operator: personal data, so the file is sealed in storage.
   */
  async requestVolunteerRecords(
    actor: Actor,
    input: { communityId: string; period: ReportPeriodInput },
  ): Promise<ReportExportView> {
    this.volunteerRecords.assertReader(actor, input.communityId);
    return this.request(actor, 'VOLUNTEER_RECORDS', 'XLSX', input.period, {
      communityId: input.communityId,
    });
  }

  private async request(
    actor: Actor,
    kind: ExportKind,
    format: ExportFormat,
    input: ReportPeriodInput,
    subject: { unitId?: string; memberId?: string; communityId?: string },
  ): Promise<ReportExportView> {
    const period = reportPeriod(input);
    const requestedBy = accountOf(actor);
    if (!requestedBy) throw CommonErrors.forbidden();
    return this.uow.run(async () => {
      await this.assertRoomFor(requestedBy);
      const [made] = await this.uow.query<Row>(sql`
        INSERT INTO report_export (kind, format, unit_id, member_id, community_id, sealed,
                                   from_month, to_month, requested_by, requested_at)
        VALUES (${kind}, ${format}, ${subject.unitId ?? null}::uuid, ${subject.memberId ?? null}::uuid,
                ${subject.communityId ?? null}::uuid, ${kind === 'VOLUNTEER_RECORDS'},
                ${period.fromMonth}, ${period.toMonth}, ${requestedBy}, ${this.clock.now()})
        RETURNING ${VIEW}`);
      if (!made) throw new Error('insert returned nothing');
      await this.outbox.enqueue(JOBS.reportExport, {
        exportId: made.id,
        idempotencyKey: `report-export:${made.id}`,
      });
      await this.audit.record(actor, {
        action: EXPORT_AUDIT[kind],
        entity: 'ReportExport',
        entityId: made.id,
      });
      this.changed(made, 'QUEUED', 0);
      return this.viewOf(made);
    });
  }

  /**
   * An export the actor asked for (an operator: any), with a fresh link
   * once it is done, if the actor may still read what it holds (a grant
   * revoked since the request ends the access); NOT_FOUND otherwise.
   */
  async byId(actor: Actor, id: string): Promise<ReportExportView> {
    const [row] = await this.uow.query<Row>(sql`
      SELECT ${VIEW} FROM report_export
       WHERE id = ${id}::uuid AND (${isOperator(actor)} OR requested_by = ${accountOf(actor)}::uuid)`);
    if (!row) throw ReportsErrors.exportNotFound();
    await this.assertReader(actor, row);
    return this.viewOf(row);
  }

  /**
   * Exports are memory-heavy and share one queue: an account may have
   * REPORT_EXPORTS_WAITING_MAX of them queued or running at once, so one
   * impatient click-through cannot hold everyone else's up. One waiting
   * for a day is not counted: its job died with no word back (a worker
   * killed past BullMQ's stall retries), and it must not hold the place
   * until it is pruned. Requests of one
   * account take their turn (an advisory lock until the transaction ends),
   * so two at once cannot both find the last place.
   */
  private async assertRoomFor(accountId: string): Promise<void> {
    await this.uow.lock(`report-exports:${accountId}`);
    const [waiting] = await this.uow.query<{ count: number }>(sql`
      SELECT count(*)::int AS count FROM report_export
       WHERE requested_by = ${accountId}::uuid AND status IN ('QUEUED', 'RUNNING')
         AND requested_at > ${this.clock.now()}::timestamptz - interval '1 day'`);
    const max = this.config.reports.waitingExportsMax;
    if ((waiting?.count ?? 0) >= max) throw ReportsErrors.tooManyExports(max);
  }

  /** The actor's own exports, newest first (the last 50), without links: reportExport gives one. */
  async mine(actor: Actor): Promise<ReportExportView[]> {
    const rows = await this.uow.query<Row>(sql`
      SELECT ${VIEW} FROM report_export WHERE requested_by = ${accountOf(actor)}::uuid
       ORDER BY requested_at DESC LIMIT 50`);
    return rows.map(({ requestedBy: _, ...row }) => ({ ...row, download: null }));
  }

  /** Whoever may read the report an export holds, now. */
  private async assertReader(actor: Actor, row: Row): Promise<void> {
    if (row.unitId) assertUnitReportReader(actor, row.unitId);
    else if (row.memberId) await this.memberReports.assertReader(actor, row.memberId);
    else if (row.communityId) this.volunteerRecords.assertReader(actor, row.communityId);
  }

  /**
   * Makes the file of a queued export (the worker): the report built from
   * the rollup, streamed to storage under a key of this attempt, then the
   * row marked DONE with its size. A retry starts again; a failure marks
   * the row FAILED and is rethrown for BullMQ to retry.
   */
  async make(exportId: string): Promise<void> {
    const [row] = await this.uow.query<Row & { attempts: number }>(sql`
      UPDATE report_export SET status = 'RUNNING', progress = 10, attempts = attempts + 1
       WHERE id = ${exportId}::uuid AND status <> 'DONE'
      RETURNING ${VIEW}, attempts`);
    if (!row) return; // done already, or gone
    this.changed(row, 'RUNNING', 10);
    try {
      const period = reportPeriod({
        fromMonth: row.fromMonth.slice(0, 7),
        toMonth: row.toMonth.slice(0, 7),
      });
      const made = await this.file(row, period);
      await this.progress(row, 50);
      const { extension } = FORMATS[row.format];
      // the key is the row's before the file is written: a failed attempt's
      // file is found (and replaced, or pruned) through it, never lost
      const key = `exports/${exportId}-${String(row.attempts)}.${extension}`;
      const [earlier] = await this.uow.query<{ key: string | null }>(sql`
        UPDATE report_export e SET storage_key = ${key}
          FROM (SELECT storage_key FROM report_export WHERE id = ${exportId}::uuid) before
         WHERE e.id = ${exportId}::uuid
        RETURNING before.storage_key AS key`);
      if (earlier?.key) await this.store.delete(earlier.key);
      let bytes = 0;
      const counted = new Transform({
        transform(chunk: Buffer | string, _encoding, next) {
          bytes += Buffer.byteLength(chunk);
          next(null, chunk);
        },
      });
      // a sealed file is sealed before it is counted and stored: storage never
      // holds it in the clear; a failure anywhere fails the write
      const stored = made.sealed
        ? pipeline(made.body, sealStream(this.config.storage.sealKey), counted, noop)
        : pipeline(made.body, counted, noop);
      await this.store.put(key, stored);
      await this.uow.query(sql`
        UPDATE report_export SET status = 'DONE', progress = 100, rows = ${made.rows},
               file_name = ${`${made.name}.${extension}`}, bytes = ${bytes},
               finished_at = ${this.clock.now()}
         WHERE id = ${exportId}::uuid`);
      this.changed(row, 'DONE', 100);
    } catch (error) {
      // QUEUED while BullMQ will try again; FAILED after its last attempt
      const [after] = await this.uow.query<{ status: ExportStatus }>(sql`
        UPDATE report_export
           SET status = CASE WHEN attempts >= ${EXPORT_ATTEMPTS} THEN 'FAILED' ELSE 'QUEUED' END,
               progress = 0,
               finished_at = CASE WHEN attempts >= ${EXPORT_ATTEMPTS} THEN ${this.clock.now()}::timestamptz END
         WHERE id = ${exportId}::uuid AND status = 'RUNNING'
        RETURNING status`);
      if (after) this.changed(row, after.status, 0);
      throw error;
    }
  }

  /** The export's report, built from the rollup and the logs, and written in its format. */
  private async file(row: Row, period: ReportPeriod): Promise<Made> {
    if (row.kind === 'VOLUNTEER_RECORDS' && row.communityId) {
      const records = await this.volunteerRecords.workbook(row.communityId, period);
      return {
        body: records.body,
        name: `${records.communityName}-志愿服务记录-${period.label}`,
        rows: records.volunteers,
        sealed: true,
      };
    }
    if (row.kind === 'MEMBER' && row.memberId) {
      const report = await this.memberReports.build(row.memberId, period);
      return {
        body: memberReportPdf(report),
        name: `${report.name}-服务纪实-${period.label}`,
        rows: report.activities.length,
      };
    }
    if (!row.unitId) throw new Error(`export ${row.id} names no unit`);
    const report = await this.reports.build(row.unitId, period);
    return {
      body: row.format === 'XLSX' ? unitReportXlsx(report) : unitReportCsv(report),
      name: `${report.unitName}-参与情况-${period.label}`,
      rows: report.members.length,
    };
  }

  /** The file a download link was given for. */
  async open(exportId: string, link: Partial<LinkQuery>): Promise<ExportFile> {
    if (!isUuid(exportId) || !this.links.verify('report-export', exportId, link)) {
      throw ReportsErrors.link();
    }
    const [row] = await this.uow.query<{
      key: string;
      format: ExportFormat;
      fileName: string;
      sealed: boolean;
    }>(sql`
      SELECT storage_key AS key, format, file_name AS "fileName", sealed FROM report_export
       WHERE id = ${exportId}::uuid AND status = 'DONE'`);
    const stored = row && (await this.store.get(row.key));
    if (!row || !stored) throw ReportsErrors.exportNotFound();
    // pipeline: a storage error or a client gone fails and closes both streams
    const body = row.sealed
      ? (pipeline(stored, openStream(this.config.storage.sealKey), noop) as Readable)
      : stored;
    return { body, contentType: FORMATS[row.format].contentType, fileName: row.fileName };
  }

  /** Removes exports past their retention, row and file together, one at a time. */
  async prune(): Promise<number> {
    const stale = await this.uow.query<{ id: string }>(sql`
      SELECT id FROM report_export
       WHERE requested_at < ${this.clock.now()}::timestamptz
                            - make_interval(days => ${this.config.reports.exportRetentionDays})
       LIMIT 1000`);
    for (const { id } of stale) {
      await this.uow.run(async () => {
        const [gone] = await this.uow.query<{ key: string | null }>(sql`
          DELETE FROM report_export WHERE id = ${id}::uuid RETURNING storage_key AS key`);
        if (gone?.key) await this.store.delete(gone.key);
      });
    }
    return stale.length;
  }

  private async progress(row: Row, percent: number): Promise<void> {
    await this.uow.query(sql`
      UPDATE report_export SET progress = ${percent} WHERE id = ${row.id}::uuid`);
    this.changed(row, 'RUNNING', percent);
  }

  /** Tells whoever asked (and a community's board, for its own export) how far the export is. */
  private changed(row: Row, status: ExportStatus, progress: number): void {
    this.live.exportChanged({
      exportId: row.id,
      accountId: row.requestedBy,
      communityId: row.communityId,
      status,
      progress,
    });
  }

  private viewOf({ requestedBy: _, ...row }: Row): ReportExportView {
    if (row.status !== 'DONE') return { ...row, download: null };
    const { expires, signature, expiresAt } = this.links.sign('report-export', row.id);
    return {
      ...row,
      download: {
        url: `${EXPORT_PATH}/${row.id}?expires=${expires}&signature=${signature}`,
        expiresAt,
      },
    };
  }
}
