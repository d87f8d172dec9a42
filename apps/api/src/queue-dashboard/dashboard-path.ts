/** Where the API serves the queue dashboard; also the path its cookie is limited to. */
export const QUEUE_DASHBOARD_PATH = '/admin/queues';
