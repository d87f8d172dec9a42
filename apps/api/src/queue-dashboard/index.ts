export { registerQueueDashboard } from './queue-dashboard.js';
