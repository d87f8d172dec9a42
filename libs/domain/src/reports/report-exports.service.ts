import { randomBytes } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
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
import { accountOf } from '#domain/tasks';
import { JOBS, Outbox } from '#queue';
import { LinkSigner, ObjectStore, type LinkQuery } from '#storage';
import {
  assertUnitReportReader,
  ParticipationReports,
  type UnitParticipationReport,
} from './participation-reports.js';
import { reportPeriod, type ReportPeriodInput } from './report-period.js';
import { ReportsErrors } from './reports.errors.js';
import { unitReportCsv, unitReportFileName, unitReportXlsx } from './unit-report-files.js';

/** Where the API serves export files (`GET /files/exports/<id>`). */
export const EXPORT_PATH = '/files/exports';
export const EXPORT_FORMATS = ['CSV', 'XLSX'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const EXPORT_STATUSES = ['QUEUED', 'RUNNING', 'DONE', 'FAILED'] as const;
export type ExportStatus = (typeof EXPORT_STATUSES)[number];

export interface ReportExportView {
  readonly id: string;
  readonly kind: 'UNIT_PARTICIPATION';
  readonly format: ExportFormat;
  readonly unitId: string | null;
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

const VIEW = sql`id, kind, format, unit_id AS "unitId", to_char(from_month, 'YYYY-MM-DD') AS "fromMonth",
  to_char(to_month, 'YYYY-MM-DD') AS "toMonth", status, progress, rows, bytes::float8 AS bytes,
  requested_at AS "requestedAt", finished_at AS "finishedAt", requested_by AS "requestedBy"`;
/** Each format's media type, file extension and writer. */
const FORMATS: Record<
  ExportFormat,
  { contentType: string; extension: string; write: (report: UnitParticipationReport) => Readable }
> = {
  CSV: { contentType: 'text/csv; charset=utf-8', extension: 'csv', write: unitReportCsv },
  XLSX: {
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    extension: 'xlsx',
    write: unitReportXlsx,
  },
};

/**
 * Report exports: asked for through the API (who may read the report may
 * export it; audited), made by the worker of the `reports` queue, which
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
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async requestUnitReport(
    actor: Actor,
    input: { unitId: string; period: ReportPeriodInput; format: ExportFormat },
  ): Promise<ReportExportView> {
    assertUnitReportReader(actor, input.unitId);
    const period = reportPeriod(input.period);
    const requestedBy = accountOf(actor);
    if (!requestedBy) throw CommonErrors.forbidden();
    return this.uow.run(async () => {
      const [made] = await this.uow.query<Row>(sql`
        INSERT INTO report_export (kind, format, unit_id, from_month, to_month, requested_by, requested_at)
        VALUES ('UNIT_PARTICIPATION', ${input.format}, ${input.unitId}, ${period.fromMonth},
                ${period.toMonth}, ${requestedBy}, ${this.clock.now()})
        RETURNING ${VIEW}`);
      if (!made) throw new Error('insert returned nothing');
      await this.outbox.enqueue(JOBS.reportExport, {
        exportId: made.id,
        idempotencyKey: `report-export:${made.id}`,
      });
      await this.audit.record(actor, {
        action: 'report.unit.export',
        entity: 'ReportExport',
        entityId: made.id,
      });
      return this.viewOf(made);
    });
  }

  /** An export the actor asked for (an operator: any); NOT_FOUND otherwise. */
  async byId(actor: Actor, id: string): Promise<ReportExportView> {
    const [row] = await this.uow.query<Row>(sql`
      SELECT ${VIEW} FROM report_export
       WHERE id = ${id}::uuid AND (${isOperator(actor)} OR requested_by = ${accountOf(actor)}::uuid)`);
    if (!row) throw ReportsErrors.exportNotFound();
    return this.viewOf(row);
  }

  /** The actor's own exports, newest first (the last 50). */
  async mine(actor: Actor): Promise<ReportExportView[]> {
    const rows = await this.uow.query<Row>(sql`
      SELECT ${VIEW} FROM report_export WHERE requested_by = ${accountOf(actor)}::uuid
       ORDER BY requested_at DESC LIMIT 50`);
    return rows.map((row) => this.viewOf(row));
  }

  /**
   * Makes the file of a queued export (the worker): the report built from
   * the rollup, streamed to storage under a key of this attempt, then the
   * row marked DONE with its size. A retry starts again; a failure marks
   * the row FAILED and is rethrown for BullMQ to retry.
   */
  async make(exportId: string): Promise<void> {
    const [row] = await this.uow.query<Row>(sql`
      UPDATE report_export SET status = 'RUNNING', progress = 10
       WHERE id = ${exportId}::uuid AND status <> 'DONE'
      RETURNING ${VIEW}`);
    if (!row?.unitId) return; // done already, or gone
    try {
      const months = { fromMonth: row.fromMonth.slice(0, 7), toMonth: row.toMonth.slice(0, 7) };
      const report = await this.reports.build(row.unitId, reportPeriod(months));
      await this.progress(exportId, 50);
      const format = FORMATS[row.format];
      const key = `exports/${exportId}-${randomBytes(6).toString('hex')}.${format.extension}`;
      let bytes = 0;
      const counted = new Transform({
        transform(chunk: Buffer | string, _encoding, next) {
          bytes += Buffer.byteLength(chunk);
          next(null, chunk);
        },
      });
      await this.store.put(key, format.write(report).pipe(counted));
      await this.uow.query(sql`
        UPDATE report_export SET status = 'DONE', progress = 100, rows = ${report.members.length},
               storage_key = ${key}, bytes = ${bytes}, finished_at = ${this.clock.now()}
         WHERE id = ${exportId}::uuid`);
    } catch (error) {
      await this.uow.query(sql`
        UPDATE report_export SET status = 'FAILED', finished_at = ${this.clock.now()}
         WHERE id = ${exportId}::uuid AND status = 'RUNNING'`);
      throw error;
    }
  }

  /** The file a download link was given for. */
  async open(exportId: string, link: Partial<LinkQuery>): Promise<ExportFile> {
    if (!isUuid(exportId) || !this.links.verify('report-export', exportId, link)) {
      throw ReportsErrors.link();
    }
    const [row] = await this.uow.query<{
      key: string;
      format: ExportFormat;
      unitName: string;
      label: string;
    }>(sql`
      SELECT e.storage_key AS key, e.format, u.name AS "unitName",
             to_char(e.from_month, 'YYYY-MM') || CASE WHEN e.to_month = e.from_month THEN ''
               ELSE '..' || to_char(e.to_month, 'YYYY-MM') END AS label
        FROM report_export e JOIN unit u ON u.id = e.unit_id
       WHERE e.id = ${exportId}::uuid AND e.status = 'DONE'`);
    const body = row && (await this.store.get(row.key));
    if (!row || !body) throw ReportsErrors.exportNotFound();
    return {
      body,
      contentType: FORMATS[row.format].contentType,
      fileName: unitReportFileName(row.unitName, row.label, FORMATS[row.format].extension),
    };
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

  private async progress(exportId: string, percent: number): Promise<void> {
    await this.uow.query(sql`
      UPDATE report_export SET progress = ${percent} WHERE id = ${exportId}::uuid`);
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
